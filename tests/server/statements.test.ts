import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALLOCATE_JOB } from '../../server/domain/payments/booking';
import { STATEMENT_JOB } from '../../server/domain/statements/statements';
import { ClaimsDriver } from '../helpers/claims';
import { exportOf, sectionOf } from '../helpers/data-export';
import { backOffice, GOOD_PASSWORD } from '../helpers/flows';
import { waitFor } from '../helpers/mail-and-sms';
import { pdfText } from '../helpers/pdf-text';
import { jobsSettled } from '../helpers/jobs';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const LINKED = 'IND-2015-000888'; // Investa Link Maxima: Dana Saham Indonesia and Dana Pendapatan Tetap
const HOUR = 3_600_000;
/** An instant at `hour` WIB (UTC+7) on a Jakarta day. */
const wib = (day: string, hour: number) => Date.parse(`${day}T00:00:00Z`) - 7 * HOUR + hour * HOUR;
/** Units × price in rupiah, half up, as statements.md rounds. */
const valueOf = (units: string, price: string) => {
  const e8 = BigInt(units.replace('.', '')) * BigInt(price.replace('.', ''));
  return Number((e8 + 50_000_000n) / 100_000_000n);
};

/** Fund prices, policy values and statements (statements.md) on both engines. */
describe.each(STORE_KINDS)('fund values and statements on %s', (kind) => {
  let t: TestService;
  let rudi: ClaimsDriver;
  let base: string;
  beforeEach(async () => {
    t = await startTestService(kind);
    base = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
    rudi = await ClaimsDriver.signIn(t, 'Rudi Hartono');
  });
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.service.store.db;
  const rulesOf = (res: { json(): any }) => res.json().error?.details?.rules as string[];
  const setClock = (at: number) => t.clock.advance(at - t.clock.now());
  const jobsDone = (...kinds: string[]) => jobsSettled(t, ...kinds);

  it('answers a fund’s prices on working days only, at four places, at most five years a call', async () => {
    const res = await rudi.call('GET', '/v1/funds/SAHAM/prices?from=2025-06-02&to=2025-06-13');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ fundCode: 'SAHAM', name: 'Dana Saham Indonesia', currency: 'IDR' });
    // Two working weeks: ten prices, no Saturday or Sunday, none repeated.
    expect(body.prices.map((p: { date: string }) => p.date)).toEqual([
      '2025-06-02',
      '2025-06-03',
      '2025-06-04',
      '2025-06-05',
      '2025-06-06',
      '2025-06-09',
      '2025-06-10',
      '2025-06-11',
      '2025-06-12',
      '2025-06-13',
    ]);
    expect(body.prices.every((p: { price: string }) => /^\d+\.\d{4}$/u.test(p.price))).toBe(true);
    expect(rulesOf(await rudi.call('GET', '/v1/funds/SAHAM/prices?from=2019-01-01&to=2026-01-01'))).toEqual([
      'range_too_long',
    ]);
    expect(rulesOf(await rudi.call('GET', '/v1/funds/SAHAM/prices?from=2026-02-01&to=2026-01-01'))).toEqual([
      'range_reversed',
    ]);
    expect((await rudi.call('GET', '/v1/funds/EMAS/prices')).statusCode).toBe(404);
    expect((await rudi.call('GET', '/v1/funds/saham/prices')).statusCode).toBe(400);
  });

  it('values the policy on each price date with the units held that day, and lists its movements', async () => {
    const res = await rudi.call('GET', `/v1/policies/${LINKED}/value?from=2026-03-16&to=2026-03-27`);
    expect(res.statusCode, res.body).toBe(200);
    const { points, fundNames } = res.json();
    expect(fundNames).toEqual({ SAHAM: 'Dana Saham Indonesia', PENDAPATAN: 'Dana Pendapatan Tetap' });
    expect(points.map((p: { date: string }) => p.date)).toEqual([
      '2026-03-16',
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
    ]);
    for (const p of points) {
      for (const f of p.funds) expect(f.value).toBe(valueOf(f.units, f.price));
      expect(p.total).toBe(p.funds.reduce((s: number, f: { value: number }) => s + f.value, 0));
    }
    // The premium of 20 March bought units: held from the end of that day on.
    const units = (date: string, code: string) =>
      points.find((p: { date: string }) => p.date === date).funds.find((f: { fundCode: string }) => f.fundCode === code)
        .units as string;
    const { items } = (
      await rudi.call('GET', `/v1/policies/${LINKED}/transactions?from=2026-03-01&to=2026-03-31`)
    ).json();
    expect(items.map((m: { kind: string; date: string }) => `${m.date} ${m.kind}`)).toEqual([
      '2026-03-20 premium_allocation',
      '2026-03-20 premium_allocation',
    ]);
    const bought = items.find((m: { fundCode: string }) => m.fundCode === 'SAHAM');
    expect(
      BigInt(units('2026-03-20', 'SAHAM').replace('.', '')) - BigInt(units('2026-03-19', 'SAHAM').replace('.', '')),
    ).toBe(BigInt(bought.units.replace('.', '')));
    expect(units('2026-03-23', 'SAHAM')).toBe(units('2026-03-20', 'SAHAM'));
    // The allocation's amounts are the premium, split.
    expect(items.reduce((s: number, m: { amount: number }) => s + m.amount, 0)).toBeGreaterThanOrEqual(11_999_998);
    expect(items.reduce((s: number, m: { amount: number }) => s + m.amount, 0)).toBeLessThanOrEqual(12_000_000);
    // Today's units are what the policy holds now.
    const today = (await rudi.call('GET', `/v1/policies/${LINKED}/value?from=2026-11-20&to=2026-11-24`)).json();
    const policy = (await rudi.call('GET', `/v1/policies/${LINKED}`)).json().policy;
    const saham = policy.funds.find((f: { fundName: string }) => f.fundName === 'Dana Saham Indonesia');
    expect(today.points.at(-1).funds.find((f: { fundCode: string }) => f.fundCode === 'SAHAM').units).toBe(saham.units);
    // Paged, newest first.
    const first = (
      await rudi.call('GET', `/v1/policies/${LINKED}/transactions?from=2024-01-01&to=2026-11-24&limit=3`)
    ).json();
    expect(first.items).toHaveLength(3);
    const rest = (
      await rudi.call(
        'GET',
        `/v1/policies/${LINKED}/transactions?from=2024-01-01&to=2026-11-24&limit=3&cursor=${first.nextCursor}`,
      )
    ).json();
    expect([...first.items, ...rest.items].map((m: { date: string }) => m.date)).toEqual([
      '2026-03-20',
      '2026-03-20',
      '2025-03-20',
      '2025-03-20',
    ]);
    expect(rest.nextCursor).toBeUndefined();
    // Another person's policy, and a policy without funds, answer as they must.
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    expect((await budi.call('GET', `/v1/policies/${LINKED}/value`)).statusCode).toBe(404);
    expect(rulesOf(await budi.call('GET', '/v1/policies/IND-2019-000123/value'))).toEqual(['not_unit_linked']);
  });

  it('puts the movements in a copy of the person’s data', async () => {
    const { zip } = await exportOf(rudi);
    const funds = sectionOf(zip, 'funds');
    expect(funds.map((f: { policyNumber: string }) => f.policyNumber)).toEqual([LINKED]);
    expect(funds[0].movements.map((m: { date: string; fundCode: string }) => `${m.date} ${m.fundCode}`).sort()).toEqual(
      ['2025-03-20 PENDAPATAN', '2025-03-20 SAHAM', '2026-03-20 PENDAPATAN', '2026-03-20 SAHAM'],
    );
    // A person without a unit-linked policy has none.
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    expect(sectionOf((await exportOf(budi)).zip, 'funds')).toEqual([]);
  });

  it('allocates a paid premium and records a switch as movements, once each', async () => {
    // Rudi pays next year's premium early (at 10:00 WIB on a working day: today's prices).
    const [bill] = (await rudi.call('GET', `/v1/bills?policyNumber=${LINKED}`)).json().bills;
    const before = (await rudi.call('GET', `/v1/policies/${LINKED}/transactions`)).json().items.length;
    const paid = await rudi.pay(bill.billId, 'va_bca');
    expect(paid.statusCode, paid.body).toBe(201);
    await fetch(`${base}/dev/gateway/ui/${paid.json().paymentId}/pay`, { method: 'POST', redirect: 'manual' });
    await jobsDone(ALLOCATE_JOB);
    const after = (await rudi.call('GET', `/v1/policies/${LINKED}/transactions`)).json().items;
    expect(after).toHaveLength(before + 2);
    expect(after.slice(0, 2).map((m: { kind: string; date: string }) => `${m.date} ${m.kind}`)).toEqual([
      '2026-11-24 premium_allocation',
      '2026-11-24 premium_allocation',
    ]);
    // The job run again buys nothing twice.
    await t.service.store.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('jobs')
        .set({ status: 'pending', run_at: t.clock.now() })
        .where('kind', '=', ALLOCATE_JOB)
        .execute();
    });
    await jobsDone(ALLOCATE_JOB);
    expect((await rudi.call('GET', `/v1/policies/${LINKED}/transactions`)).json().items).toHaveLength(before + 2);

    // A switch: out of one fund and into another, with the request's number.
    await rudi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD });
    const r = (
      await rudi.call('POST', '/v1/requests', {
        policyNumber: LINKED,
        type: 'fund_switch',
        payload: { from: [{ fundCode: 'SAHAM', percent: 50 }], to: [{ fundCode: 'PASAR_UANG', percent: 100 }] },
      })
    ).json();
    for (const to of ['in_process', 'done'])
      await t.call('POST', `/v1/admin/requests/${r.requestId}/transitions`, { to }, backOffice(t.service.devAdminKey!));
    const moved = (await rudi.call('GET', `/v1/policies/${LINKED}/transactions`))
      .json()
      .items.filter((m: { kind: string }) => m.kind.startsWith('switch'));
    expect(
      moved
        .map(
          (m: { kind: string; fundCode: string; requestNumber: string }) =>
            `${m.kind} ${m.fundCode} ${m.requestNumber}`,
        )
        .sort(),
    ).toEqual([`switch_in PASAR_UANG ${r.number}`, `switch_out SAHAM ${r.number}`]);
    // What went out is what came in, to the rupiah's rounding.
    expect(Math.abs(moved[0].amount - moved[1].amount)).toBeLessThanOrEqual(1);
  });

  it('builds a statement asked for as a PDF among the documents, and the yearly ones in January', async () => {
    expect(
      rulesOf(await rudi.call('POST', `/v1/policies/${LINKED}/statements`, { from: '2025-01-01', to: '2026-01-01' })),
    ).toEqual(['period_too_long']);
    expect(
      rulesOf(await rudi.call('POST', `/v1/policies/${LINKED}/statements`, { from: '2026-06-01', to: '2026-12-31' })),
    ).toEqual(['period_in_future']);
    const asked = await rudi.call('POST', `/v1/policies/${LINKED}/statements`, {
      from: '2026-01-01',
      to: '2026-11-23',
    });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({ status: 'preparing', from: '2026-01-01', to: '2026-11-23' });
    await jobsDone(STATEMENT_JOB);
    const docs = (await rudi.call('GET', `/v1/policies/${LINKED}/documents`)).json().documents as Array<{
      documentId: string;
      title: string;
      category: string;
    }>;
    const statement = docs.find((d) => d.title === 'Laporan Perkembangan Dana 1 Januari 2026 – 23 November 2026');
    expect(statement, JSON.stringify(docs.map((d) => d.title))).toMatchObject({ category: 'statement' });
    const text = await pdfText((await rudi.call('GET', `/v1/documents/${statement!.documentId}`)).rawPayload);
    for (const words of [
      'Laporan Perkembangan Dana dan Transaksi',
      'IND-2015-000888',
      'Rudi Hartono',
      'Posisi awal',
      'Posisi akhir',
      'Dana Saham Indonesia',
      'Alokasi premi',
      '20 Maret 2026',
    ])
      expect(text, words).toContain(words);
    const inbox = (await rudi.call('GET', '/v1/inbox?limit=50')).json().messages as Array<{ title: string }>;
    expect(inbox.map((m) => m.title)).toContain('Laporan dana polis IND-2015-000888 sudah siap');
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    expect(
      (await budi.call('POST', `/v1/policies/${LINKED}/statements`, { from: '2026-01-01', to: '2026-02-01' }))
        .statusCode,
    ).toBe(404);

    // January's first five working days (1 January 2027 is New Year, 5 January Isra Mi'raj): the
    // daily job plans last year's.
    expect(t.service.statements.isYearlyDay('2027-01-04')).toBe(true);
    expect(t.service.statements.isYearlyDay('2027-01-05')).toBe(false);
    expect(t.service.statements.isYearlyDay('2027-01-11')).toBe(true);
    expect(t.service.statements.isYearlyDay('2027-01-12')).toBe(false);
    expect(t.service.statements.isYearlyDay('2027-01-01')).toBe(false);
    setClock(wib('2027-01-04', 7));
    rudi = await rudi.relogin();
    const yearly = await waitFor(
      async () =>
        (
          await db()
            .selectFrom('statements')
            .selectAll()
            .where('kind', '=', 'yearly')
            .where('status', '=', 'ready')
            .execute()
        )[0],
      30_000,
    );
    expect(yearly).toMatchObject({
      policy_number: 'IND2015000888',
      period_from: '2026-01-01',
      period_to: '2026-12-31',
    });
    // Planned again (another instance, another day of the week): none twice.
    expect(await t.service.statements.planYearly(2026)).toBe(0);
    const titles = (await rudi.call('GET', `/v1/policies/${LINKED}/documents`))
      .json()
      .documents.map((d: { title: string }) => d.title);
    expect(titles).toContain('Laporan Perkembangan Dana 1 Januari 2026 – 31 Desember 2026');
    const messages = (await rudi.call('GET', '/v1/inbox?limit=50'))
      .json()
      .messages.map((m: { title: string }) => m.title);
    expect(messages).toContain('Laporan tahunan dana polis IND-2015-000888 sudah siap');
  });
});
