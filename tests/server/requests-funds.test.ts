import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkingDays } from '../../server/domain/calendar/working-days';
import { effectiveDate, savePrices } from '../../server/domain/requests/funds';
import { ClaimsDriver } from '../helpers/claims';
import { backOffice, bearer, GOOD_PASSWORD } from '../helpers/flows';
import { waitFor } from '../helpers/mail-and-sms';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const LINKED = 'IND-2015-000888'; // Investa Link Maxima: Dana Saham Indonesia and Dana Pendapatan Tetap

describe('the cut-off of fund orders (12:00 WIB, working days)', () => {
  const days = new WorkingDays(() => {});
  it('prices a morning order that day, an afternoon one the next working day, a holiday one after it', () => {
    expect(effectiveDate(Date.parse('2026-12-02T11:59:00+07:00'), days)).toBe('2026-12-02');
    expect(effectiveDate(Date.parse('2026-12-02T12:00:00+07:00'), days)).toBe('2026-12-03');
    // Friday afternoon: Monday.
    expect(effectiveDate(Date.parse('2026-12-04T13:00:00+07:00'), days)).toBe('2026-12-07');
    // Christmas (a Friday, a national holiday): the next working day.
    expect(effectiveDate(Date.parse('2026-12-25T09:00:00+07:00'), days)).toBe('2026-12-28');
  });
});

describe.each(STORE_KINDS)('Fund orders on %s', (kind) => {
  let t: TestService;
  let rudi: ClaimsDriver;
  let base: string;
  beforeEach(async () => {
    t = await startTestService(kind, { runningClock: true });
    base = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
    rudi = await ClaimsDriver.signIn(t, 'Rudi Hartono');
  });
  afterEach(async () => {
    await t.close();
  });

  const submit = (type: string, payload: unknown) =>
    rudi.call('POST', '/v1/requests', { policyNumber: LINKED, type, payload });
  const admin = (id: string, to: string) =>
    t.call('POST', `/v1/admin/requests/${id}/transitions`, { to }, backOffice(t.service.devAdminKey!));
  const rulesOf = (res: { json(): any }) => (res.json().error.details.rules as string[]).sort();
  const units = async () =>
    Object.fromEntries(
      (
        await t.service.store.db
          .selectFrom('policy_funds')
          .select(['fund_name', 'units_e4'])
          .where('policy_number', '=', 'IND2015000888')
          .execute()
      ).map((r) => [r.fund_name, BigInt(r.units_e4)]),
    );
  const priceOf = async (code: string, date: string) =>
    BigInt(
      (
        await t.service.store.db
          .selectFrom('fund_prices')
          .select('price_e4')
          .where('fund_code', '=', code)
          .where('price_date', '=', date)
          .executeTakeFirstOrThrow()
      ).price_e4,
    );

  it('switches funds at the effective date’s prices, to the ten-thousandth of a unit', async () => {
    const ok = { from: [{ fundCode: 'SAHAM', percent: 50 }], to: [{ fundCode: 'PASAR_UANG', percent: 100 }] };
    expect((await submit('fund_switch', ok)).json().error.code).toBe('step_up_required');
    await rudi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD });
    expect(
      rulesOf(
        await submit('fund_switch', {
          from: [
            { fundCode: 'SAHAM', percent: 120 },
            { fundCode: 'PASAR_UANG', percent: 10 },
          ],
          to: [{ fundCode: 'EMAS', percent: 99 }],
        }),
      ),
    ).toEqual(['allocation_not_100', 'fund_not_held', 'fund_unknown', 'switch_over_100']);

    const before = await units();
    const r = (await submit('fund_switch', ok)).json();
    expect(r.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    await admin(r.requestId, 'in_process');
    const done = await admin(r.requestId, 'done');
    expect(done.statusCode, done.body).toBe(200);
    const after = await units();
    const out = (before['Dana Saham Indonesia']! * 50n) / 100n;
    expect(after['Dana Saham Indonesia']).toBe(before['Dana Saham Indonesia']! - out);
    const value = out * (await priceOf('SAHAM', r.effectiveDate));
    expect(after['Dana Pasar Uang']).toBe(value / (await priceOf('PASAR_UANG', r.effectiveDate)));
    expect(after['Dana Pendapatan Tetap']).toBe(before['Dana Pendapatan Tetap']);
    const policy = (await rudi.call('GET', `/v1/policies/${LINKED}`)).json().policy;
    expect(policy.funds.map((f: { fundName: string }) => f.fundName)).toContain('Dana Pasar Uang');
    const history = (await rudi.call('GET', `/v1/policies/${LINKED}/history`)).json().entries;
    expect(history[0].what).toMatch(
      /^Pengalihan dana pada harga \d{1,2} [A-Z][a-z]+ \d{4}: .* \d{1,3}(\.\d{3})*,\d{4} unit/u,
    );
  });

  it('keeps the product minimum on a withdrawal, and pays out only to the policyholder', async () => {
    await rudi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD });
    const payout = { bankCode: '014', accountNumber: '1234567890', accountHolder: 'Rudi Hartono' };
    expect(rulesOf(await submit('withdrawal', { amount: 60_000_000, payout }))).toEqual(['below_minimum_remaining']);
    expect(
      rulesOf(await submit('withdrawal', { amount: 1_000_000, payout: { ...payout, accountHolder: 'Orang Lain' } })),
    ).toEqual(['payout_holder_mismatch']);
    expect(
      rulesOf(await submit('withdrawal', { units: [{ fundCode: 'SAHAM', units: '99999.0000' }], payout })),
    ).toEqual(['below_minimum_remaining', 'units_over_held']);
    const r = (await submit('withdrawal', { units: [{ fundCode: 'PENDAPATAN', units: '120.2500' }], payout })).json();
    const before = await units();
    await admin(r.requestId, 'in_process');
    expect((await admin(r.requestId, 'done')).statusCode).toBe(200);
    expect((await units())['Dana Pendapatan Tetap']).toBe(before['Dana Pendapatan Tetap']! - 1_202_500n);
  });

  it('moves no unit when a fund switch or a withdrawal is rejected', async () => {
    await rudi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD });
    const before = await units();
    const payout = { bankCode: '014', accountNumber: '1234567890', accountHolder: 'Rudi Hartono' };
    for (const [type, payload] of [
      ['fund_switch', { from: [{ fundCode: 'SAHAM', percent: 100 }], to: [{ fundCode: 'CAMPURAN', percent: 100 }] }],
      ['withdrawal', { amount: 2_000_000, payout }],
    ] as const) {
      const r = (await submit(type, payload)).json();
      await admin(r.requestId, 'in_process');
      const rejected = await t.call(
        'POST',
        `/v1/admin/requests/${r.requestId}/transitions`,
        { to: 'rejected', reason: 'Tanda tangan tidak sesuai' },
        backOffice(t.service.devAdminKey!),
      );
      expect(rejected.json().status, type).toBe('rejected');
      expect(await units(), type).toEqual(before);
    }
  });

  it('makes a top-up bill; paying it at the gateway carries the request to done and buys the units', async () => {
    expect(
      rulesOf(await submit('top_up', { amount: 999_999, allocation: [{ fundCode: 'SAHAM', percent: 100 }] })),
    ).toEqual(['top_up_below_minimum']);
    // A top-up cancelled takes its unpaid bill with it: nobody pays for units that will not be bought.
    const dropped = (
      await submit('top_up', { amount: 3_000_000, allocation: [{ fundCode: 'SAHAM', percent: 100 }] })
    ).json();
    expect((await rudi.call('POST', `/v1/requests/${dropped.requestId}/cancel`)).json().status).toBe('cancelled');
    const billsLeft = (await rudi.call('GET', `/v1/bills?policyNumber=${LINKED}`)).json().bills;
    expect(billsLeft.some((b: { billId: string }) => b.billId === dropped.billId)).toBe(false);

    const r = (await submit('top_up', { amount: 2_000_000, allocation: [{ fundCode: 'SAHAM', percent: 100 }] })).json();
    expect(r.billId).toBeDefined();
    expect((await admin(r.requestId, 'done')).statusCode).toBe(409);
    const bill = (await rudi.call('GET', `/v1/bills?policyNumber=${LINKED}`))
      .json()
      .bills.find((b: { billId: string }) => b.billId === r.billId);
    expect(bill).toMatchObject({ kind: 'top_up', amount: 2_000_000 });
    const before = await units();
    const payment = await t.service.app.inject({
      method: 'POST',
      url: `/v1/bills/${r.billId}/payments`,
      headers: { ...bearer(rudi.token), 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      payload: JSON.stringify({ method: 'va_bca' }),
    });
    expect(payment.statusCode, payment.body).toBe(201);
    await fetch(`${base}/dev/gateway/ui/${payment.json().paymentId}/pay`, { method: 'POST', redirect: 'manual' });
    const done = await waitFor(async () => {
      const x = (await rudi.call('GET', `/v1/requests/${r.requestId}`)).json();
      return x.status === 'done' ? x : undefined;
    }, 10_000);
    const price = await priceOf('SAHAM', done.effectiveDate);
    expect((await units())['Dana Saham Indonesia']).toBe(
      before['Dana Saham Indonesia']! + (2_000_000n * 100_000_000n) / price,
    );
  });

  const payTopUp = async (billId: string) => {
    const payment = await t.service.app.inject({
      method: 'POST',
      url: `/v1/bills/${billId}/payments`,
      headers: { ...bearer(rudi.token), 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      payload: JSON.stringify({ method: 'va_bca' }),
    });
    expect(payment.statusCode, payment.body).toBe(201);
    return payment.json().paymentId as string;
  };
  const saham = { fundCode: 'SAHAM', percent: 100 };

  it('books a top-up paid after the cut-off at once, and buys its units when the next working day’s price comes', async () => {
    // 13:00 WIB on Tuesday: priced on Wednesday, whose price is not published yet.
    t.clock.advance(3 * 3_600_000);
    rudi = await rudi.relogin();
    const wednesday = '2026-11-25';
    await t.service.store.db.deleteFrom('fund_prices').where('price_date', '=', wednesday).execute();
    const r = (await submit('top_up', { amount: 5_000_000, allocation: [saham] })).json();
    const paymentId = await payTopUp(r.billId);
    const before = await units();
    const settled = await fetch(`${base}/dev/gateway/ui/${paymentId}/pay`, { method: 'POST', redirect: 'manual' });
    expect(settled.status).toBe(303);
    // The gateway settled it: booked, whatever follows.
    const paid = await waitFor(async () => {
      const p = (await rudi.call('GET', `/v1/payments/${paymentId}`)).json();
      return p.status === 'paid' ? p : undefined;
    });
    expect(paid.paidAt).toBeDefined();
    expect((await rudi.call('GET', `/v1/bills/${r.billId}`)).json().status).toBe('paid');
    const waiting = await waitFor(async () => {
      const x = (await rudi.call('GET', `/v1/requests/${r.requestId}`)).json();
      return x.status === 'in_process' ? x : undefined;
    });
    expect(waiting.effectiveDate).toBe(wednesday);
    expect(await units()).toEqual(before);
    // Its job has tried once and waits for the price (it runs apart from the request's move).
    const job = await waitFor(async () => {
      const j = await t.service.store.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', 'top_up.units')
        .executeTakeFirst();
      return j?.last_error ? j : undefined;
    });
    expect(job).toMatchObject({ status: 'pending' });
    expect(job.last_error).toMatch(/no unit price of (SAHAM|PENDAPATAN) on 2026-11-25/u);

    // The day's prices are published: the top-up is done at them.
    await savePrices(t.service.store.db, [
      { fund_code: 'SAHAM', price_date: wednesday, price_e4: 30_000_000 },
      { fund_code: 'PENDAPATAN', price_date: wednesday, price_e4: 15_500_000 },
    ]);
    const done = await waitFor(async () => {
      const x = (await rudi.call('GET', `/v1/requests/${r.requestId}`)).json();
      return x.status === 'done' ? x : undefined;
    }, 10_000);
    expect(done.effectiveDate).toBe(wednesday);
    expect((await units())['Dana Saham Indonesia']).toBe(
      before['Dana Saham Indonesia']! + (5_000_000n * 100_000_000n) / 30_000_000n,
    );
  });

  it('cancels a top-up whose payment expired (its bill voided), and takes another the same day', async () => {
    const first = (await submit('top_up', { amount: 2_000_000, allocation: [saham] })).json();
    const paymentId = await payTopUp(first.billId);
    await fetch(`${base}/dev/gateway/ui/${paymentId}/expire`, { method: 'POST', redirect: 'manual' });
    await waitFor(async () =>
      (await rudi.call('GET', `/v1/payments/${paymentId}`)).json().status === 'expired' ? true : undefined,
    );
    const cancelled = await rudi.call('POST', `/v1/requests/${first.requestId}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await rudi.call('GET', `/v1/bills/${first.billId}`)).statusCode).toBe(404);
    const again = await submit('top_up', { amount: 2_500_000, allocation: [saham] });
    expect(again.statusCode, again.body).toBe(201);

    // One waiting at the gateway is cancelled there first, then the request.
    const open = await payTopUp(again.json().billId);
    const byBackOffice = await admin(again.json().requestId, 'rejected');
    expect(byBackOffice.statusCode).toBe(400); // a rejection says why
    const rejected = await t.call(
      'POST',
      `/v1/admin/requests/${again.json().requestId}/transitions`,
      { to: 'rejected', reason: 'Dana tidak sesuai profil risiko' },
      backOffice(t.service.devAdminKey!),
    );
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect((await rudi.call('GET', `/v1/payments/${open}`)).json().status).toBe('cancelled');
  });

  it('refuses a top-up beyond what the contract bounds, before anything is billed', async () => {
    for (const amount of [Number.MAX_SAFE_INTEGER, 1_000_000_001, 1e21]) {
      const res = await submit('top_up', { amount, allocation: [saham] });
      expect(res.statusCode, `${amount}: ${res.body}`).toBe(422);
      expect(res.json().error.details.rules).toEqual(['payload_invalid']);
    }
    const bills = (await rudi.call('GET', `/v1/bills?policyNumber=${LINKED}`)).json().bills;
    expect(bills.filter((b: { kind: string }) => b.kind === 'top_up')).toEqual([]);
  });

  it('lets an unpaid top-up bill move nothing: the policy stays active past the bill’s 45 days', async () => {
    const r = (await submit('top_up', { amount: 2_000_000, allocation: [saham] })).json();
    t.clock.advance(52 * 86_400_000);
    await t.service.payments['bills'].followAll();
    rudi = await rudi.relogin();
    expect((await rudi.call('GET', `/v1/policies/${LINKED}`)).json().policy.status).toBe('active');
    expect((await rudi.call('GET', `/v1/bills/${r.billId}`)).json().status).toBe('due');
  });
});
