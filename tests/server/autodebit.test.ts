import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { COLLECT_JOB, LETTER_JOB } from '../../server/domain/payments/autodebit/autodebits';
import { REMINDER_JOB } from '../../server/domain/payments/reminders';
import { ClaimsDriver } from '../helpers/claims';
import { exportOf, sectionOf } from '../helpers/data-export';
import { pdfText } from '../helpers/pdf-text';
import { waitFor } from '../helpers/mail-and-sms';
import { backOffice, bearer } from '../helpers/flows';
import { giveUpJob, jobsSettled } from '../helpers/jobs';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const HOUR = 3_600_000;
/** An instant at `hour` WIB (UTC+7) on a Jakarta day. */
const wib = (day: string, hour: number) => Date.parse(`${day}T00:00:00Z`) - 7 * HOUR + hour * HOUR;
const LIFE = 'IND-2019-000123';
const SYARIAH = 'SYR-2020-007788';

/** Autodebit (payments.md, Reminders and autodebit): by card through the gateway, by BCA account through files. */
describe.each(STORE_KINDS)('autodebit on %s', (kind) => {
  let t: TestService;
  let base: string;
  let budi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService(kind);
    // The simulator is reached over HTTP at the service's own address, as Midtrans would be.
    base = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.service.store.db;
  const setClock = (at: number) => t.clock.advance(at - t.clock.now());
  const rulesOf = (res: { json(): any }) => res.json().error?.details?.rules as string[];
  /** A payment method change asked for and done by the back office. */
  async function changeMethod(who: ClaimsDriver, policyNumber: string, payload: unknown) {
    await who.stepUp();
    const res = await who.call('POST', '/v1/requests', { policyNumber, type: 'payment_method_change', payload });
    expect(res.statusCode, res.body).toBe(201);
    for (const to of ['in_process', 'done'])
      expect(
        (await who.admin('POST', `/v1/admin/requests/${res.json().requestId}/transitions`, { to })).statusCode,
      ).toBe(200);
  }
  const settled = (...kinds: string[]) => jobsSettled(t, ...kinds);
  const billsOf = async (who: ClaimsDriver, policyNumber: string) =>
    (await who.call('GET', `/v1/bills?policyNumber=${policyNumber}`)).json().bills as Array<Record<string, any>>;
  const messages = async (who: ClaimsDriver, template: string) => {
    const account = await db()
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', who.username)
      .executeTakeFirstOrThrow();
    const rows = await db()
      .selectFrom('inbox_messages')
      .select(['params', 'link_kind', 'link_id'])
      .where('account_id', '=', account.id)
      .where('template', '=', template)
      .orderBy('created_at')
      .execute();
    return rows.map(
      (r) => ({ ...(JSON.parse(r.params) as Record<string, any>), link: r.link_id }) as Record<string, any>,
    );
  };
  const ledgerOf = (billId: string) =>
    db().selectFrom('ledger_entries').select(['payment_id', 'amount']).where('bill_id', '=', billId).execute();

  /** Budi's life policy collecting by card on `debitDay`: December's bill paid on the gateway's page saved it. */
  async function collectingByCard(debitDay: number) {
    await changeMethod(budi, LIFE, { method: 'auto_debit_card', debitDay });
    const [december] = await billsOf(budi, LIFE);
    const orderId = (await budi.pay(december!.billId, 'card')).json().paymentId;
    await fetch(`${base}/dev/gateway/ui/${orderId}/pay`, { method: 'POST', redirect: 'manual' });
    expect((await budi.call('GET', `/v1/policies/${LIFE}/autodebit`)).json().status).toBe('active');
  }

  it('saves the card with the first payment, collects on the debit day once, and ends after three failures', async () => {
    await changeMethod(budi, LIFE, { method: 'auto_debit_card', debitDay: 5 });
    const waiting = await budi.call('GET', `/v1/policies/${LIFE}/autodebit`);
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(waiting.json()).toMatchObject({ method: 'auto_debit_card', debitDay: 5, status: 'pending_first_payment' });
    expect(waiting.json().card).toBeUndefined();

    // The first bill paid by card on the gateway's page saves the card.
    const [december] = await billsOf(budi, LIFE);
    const paid = await budi.pay(december!.billId, 'card');
    expect(paid.statusCode, paid.body).toBe(201);
    const orderId = paid.json().paymentId;
    const sim = await db()
      .selectFrom('sim_transactions')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    expect(sim?.saved_token_id, 'the Snap request asked to save the card').toBeTruthy();
    expect((await fetch(`${base}/dev/gateway/ui/${orderId}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(
      303,
    );
    const active = (await budi.call('GET', `/v1/policies/${LIFE}/autodebit`)).json();
    expect(active).toMatchObject({ status: 'active', card: { brand: 'Visa', last4: '1114' }, failuresInARow: 0 });
    // The gateway's token is kept sealed: the database alone does not hold it.
    const row = await db()
      .selectFrom('autodebits')
      .selectAll()
      .where('policy_number', '=', 'IND2019000123')
      .executeTakeFirstOrThrow();
    expect(row.card_token_sealed).toBeTruthy();
    expect(row.card_token_sealed).not.toContain(sim!.saved_token_id!);
    expect(JSON.stringify(active)).not.toContain(sim!.saved_token_id!);
    expect((await messages(budi, 'autodebit_status')).map((m) => m.status)).toEqual(['active']);
    // A copy of the person's data holds the autodebit as the person sees it, never the token.
    const copy = (await exportOf(budi)).zip;
    expect(sectionOf(copy, 'autodebits')).toEqual([expect.objectContaining({ policyNumber: LIFE, status: 'active' })]);
    expect([...copy.values()].some((b) => b.includes(sim!.saved_token_id!))).toBe(false);

    // 5 December, 07:30 WIB: January's bill (due from 2 December) is collected, once however often it is planned.
    setClock(wib('2026-12-05', 6));
    expect(await t.service.autodebits.plan()).toBe(1);
    expect(await t.service.autodebits.plan()).toBe(0);
    setClock(wib('2026-12-05', 7.5));
    budi = await budi.relogin();
    await settled(COLLECT_JOB);
    const january = (await billsOf(budi, LIFE)).find((b) => b.dueDate === '2027-01-01')!;
    await waitFor(async () =>
      (await billsOf(budi, LIFE)).find((b) => b.dueDate === '2027-01-01')!.status === 'paid' ? true : undefined,
    );
    expect(await ledgerOf(january.billId)).toHaveLength(1);
    const collected = await db().selectFrom('payments').selectAll().where('bill_id', '=', january.billId).execute();
    expect(collected.map((p) => [p.method, p.status])).toEqual([['autodebit_card', 'paid']]);
    expect((await budi.call('GET', `/v1/policies/${LIFE}/autodebit`)).json().lastAttempt).toMatchObject({
      date: '2026-12-05',
      billId: january.billId,
      amount: 750_000,
      status: 'debited',
    });
    // A bill being collected gets no reminder.
    expect(await t.service.autodebits.collects('IND2019000123', january.billId)).toBe(true);

    // The card refuses the next three charges.
    const token = (await db().selectFrom('sim_card_tokens').select('token').executeTakeFirstOrThrow()).token;
    expect(
      (
        await fetch(`${base}/dev/gateway/ui/cards/${encodeURIComponent(token)}/decline?times=3`, {
          method: 'POST',
          redirect: 'manual',
        })
      ).status,
    ).toBe(303);
    setClock(wib('2027-01-05', 7.5));
    budi = await budi.relogin();
    expect(await t.service.autodebits.plan()).toBe(1);
    await settled(COLLECT_JOB, LETTER_JOB);
    const february = (await billsOf(budi, LIFE)).find((b) => b.dueDate === '2027-02-01')!;
    expect(february.status).toBe('due');
    const failed = await messages(budi, 'autodebit_status');
    expect(failed.at(-1)).toMatchObject({
      status: 'failed',
      amount: 750_000,
      date: '2027-01-05',
      note: 'Denied by bank',
      link: february.billId,
    });
    // Its reminders speak again, and the letter is among the policy's documents.
    expect(await t.service.autodebits.collects('IND2019000123', february.billId)).toBe(false);
    const docs = (await budi.call('GET', `/v1/policies/${LIFE}/documents`)).json().documents as Array<{
      documentId: string;
      title: string;
    }>;
    const letter = docs.find((d) => d.title === 'Pemberitahuan Gagal Autodebet 5 Januari 2027');
    expect(letter, JSON.stringify(docs.map((d) => d.title))).toBeDefined();
    const bytes = (await budi.call('GET', `/v1/documents/${letter!.documentId}`)).rawPayload;
    const text = await pdfText(bytes);
    expect(text).toContain('PEMBERITAHUAN GAGAL AUTODEBET');
    expect(text).toContain('Visa berakhiran 1114');
    expect(text).toContain('Denied by bank');
    expect((await budi.call('GET', `/v1/policies/${LIFE}/autodebit`)).json()).toMatchObject({
      status: 'active',
      failuresInARow: 1,
      lastAttempt: { status: 'failed', reason: 'Denied by bank' },
    });

    // 5 February: February's bill in grace and March's due, both refused: three in a row end it.
    setClock(wib('2027-02-05', 7.5));
    budi = await budi.relogin();
    expect(await t.service.autodebits.plan()).toBe(2);
    await settled(COLLECT_JOB, LETTER_JOB);
    const ended = (await budi.call('GET', `/v1/policies/${LIFE}/autodebit`)).json();
    expect(ended).toMatchObject({ status: 'ended', endedReason: 'failures', failuresInARow: 3 });
    // The third failure and the end are told at one instant: their order among themselves is not kept.
    expect((await messages(budi, 'autodebit_status')).map((m) => m.status).sort()).toEqual([
      'active',
      'ended_failures',
      'failed',
      'failed',
      'failed',
    ]);
    // Nothing more is collected, and the bills are the person's to pay again.
    setClock(wib('2027-03-05', 7.5));
    expect(await t.service.autodebits.plan()).toBe(0);
    for (const b of await billsOf(await budi.relogin(), LIFE))
      if (b.dueDate <= '2027-03-01' && b.dueDate >= '2027-02-01') expect(b.status).not.toBe('paid');
    // Each bill's money moved once: one ledger entry for every paid bill of the policy.
    const entries = await db()
      .selectFrom('ledger_entries')
      .innerJoin('bills', 'bills.id', 'ledger_entries.bill_id')
      .select(['bills.due_date'])
      .where('bills.policy_number', '=', 'IND2019000123')
      .orderBy('bills.due_date')
      .execute();
    expect(entries.map((e) => e.due_date)).toEqual(['2026-12-01', '2027-01-01']);
  });

  it('keeps the reminders of a bill it collects quiet, and not those of a policy without one', async () => {
    await collectingByCard(27);
    // 25 December: January's premium is due in 7 days and will be collected on the 27th.
    setClock(wib('2026-12-25', 8));
    await t.service.reminders.plan();
    setClock(wib('2026-12-25', 9.5));
    await settled(REMINDER_JOB);
    const reminded = await db()
      .selectFrom('inbox_messages')
      .innerJoin('bills', 'bills.id', 'inbox_messages.link_id')
      .select(['bills.policy_number', 'bills.due_date'])
      .where('inbox_messages.template', '=', 'premium_reminder')
      .execute();
    // Agus's policy, due the same day without an autodebit, is reminded; Budi's collected one is not.
    expect(reminded.map((r) => `${r.policy_number} ${r.due_date}`)).toEqual(['IND2010000321 2027-01-01']);
  });

  it('leaves the bill to its holder when a collection gives up on a gateway away for hours, and records the day once', async () => {
    await collectingByCard(5);
    const gw = t.service.payments['gateway'] as unknown as { settings: { baseUrl: () => string } };
    const real = gw.settings.baseUrl;
    try {
      // 5 December, 07:30 WIB, the gateway away through every try of the day's collection.
      gw.settings.baseUrl = () => 'http://127.0.0.1:9';
      setClock(wib('2026-12-05', 6));
      expect(await t.service.autodebits.plan()).toBe(1);
      setClock(wib('2026-12-05', 7.5));
      budi = await budi.relogin();
      const january = (await billsOf(budi, LIFE)).find((b) => b.dueDate === '2027-01-01')!;
      await giveUpJob(t, `autodebit:${january.billId}:2026-12-05`);
      const [collection] = await db()
        .selectFrom('payments')
        .selectAll()
        .where('bill_id', '=', january.billId)
        .execute();
      expect(collection).toMatchObject({ method: 'autodebit_card', status: 'creating' });
      // The holder pays it: told the gateway is away while it is, not that a payment is being made.
      expect((await budi.pay(january.billId, 'va_bca')).statusCode).toBe(503);
      gw.settings.baseUrl = real;
      const paid = await budi.pay(january.billId, 'va_bca');
      expect(paid.statusCode, paid.body).toBe(201);
      // The collection never reached the gateway: failed, and the day recorded as failed once.
      expect(
        (await db().selectFrom('payments').select('status').where('id', '=', collection!.id).executeTakeFirst())
          ?.status,
      ).toBe('failed');
      expect((await budi.call('GET', `/v1/policies/${LIFE}/autodebit`)).json()).toMatchObject({
        status: 'active',
        failuresInARow: 1,
        lastAttempt: { date: '2026-12-05', status: 'failed', reason: 'gateway_unknown' },
      });
      expect((await messages(budi, 'autodebit_status')).map((m) => m.status)).toEqual(['active', 'failed']);
    } finally {
      gw.settings.baseUrl = real;
    }
  });

  it('ends at the holder’s word only after the password again, and shows nobody else’s', async () => {
    await changeMethod(budi, LIFE, { method: 'auto_debit_card', debitDay: 20 });
    t.clock.advance(6 * 60_000);
    const refused = await budi.call('DELETE', `/v1/policies/${LIFE}/autodebit`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('step_up_required');
    await budi.stepUp();
    const ended = await budi.call('DELETE', `/v1/policies/${LIFE}/autodebit`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', endedReason: 'customer' });
    expect((await messages(budi, 'autodebit_status')).map((m) => m.status)).toEqual(['ended_customer']);
    // A second end changes nothing and tells nobody again.
    expect((await budi.call('DELETE', `/v1/policies/${LIFE}/autodebit`)).json().status).toBe('ended');
    expect(await messages(budi, 'autodebit_status')).toHaveLength(1);
    // Another person, a policy without one, and one that is not there answer alike.
    const siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    expect((await siti.call('GET', `/v1/policies/${LIFE}/autodebit`)).statusCode).toBe(404);
    expect((await siti.call('GET', `/v1/policies/${SYARIAH}/autodebit`)).statusCode).toBe(404);
    expect((await budi.call('GET', '/v1/policies/IND-2099-000001/autodebit')).statusCode).toBe(404);
  });

  it('exports the day’s BCA instructions and books the bank’s results all or nothing, once', async () => {
    let siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    await siti.stepUp();
    const ask = (payload: unknown) =>
      siti.call('POST', '/v1/requests', { policyNumber: SYARIAH, type: 'payment_method_change', payload });
    expect(rulesOf(await ask({ method: 'auto_debit_bca', debitDay: 15 }))).toEqual(['debit_account_required']);
    expect(
      rulesOf(
        await ask({
          method: 'auto_debit_bca',
          debitDay: 15,
          account: { accountNumber: '0123456789', accountHolder: 'Budi Santoso' },
        }),
      ),
    ).toEqual(['payout_holder_mismatch']);
    expect(
      rulesOf(
        await ask({
          method: 'auto_debit_card',
          debitDay: 15,
          account: { accountNumber: '0123456789', accountHolder: 'Siti Rahmawati' },
        }),
      ),
    ).toEqual(['debit_account_not_needed']);
    expect(
      (
        await ask({
          method: 'auto_debit_bca',
          debitDay: 15,
          account: { accountNumber: '12345', accountHolder: 'Siti' },
        })
      ).statusCode,
    ).toBe(422);
    await changeMethod(siti, SYARIAH, {
      method: 'auto_debit_bca',
      debitDay: 15,
      account: { accountNumber: '0123456789', accountHolder: 'Siti Rahmawati' },
    });
    expect((await siti.call('GET', `/v1/policies/${SYARIAH}/autodebit`)).json()).toMatchObject({
      method: 'auto_debit_bca',
      status: 'active',
      bank: { bankCode: 'bca', accountNumberMasked: '******6789', accountHolder: 'Siti Rahmawati' },
    });

    const key = t.service.devAdminKey!;
    const exportDay = (date: string) =>
      t.service.app.inject({
        method: 'GET',
        url: `/v1/admin/autodebit/instructions?bank=bca&date=${date}`,
        headers: backOffice(key),
      });
    const importFile = (csv: string) =>
      t.service.app.inject({
        method: 'POST',
        url: '/v1/admin/autodebit/results?bank=bca',
        headers: { ...backOffice(key), 'content-type': 'text/csv' },
        payload: csv,
      });
    // Behind the back office's key.
    expect(
      (
        await t.service.app.inject({
          method: 'GET',
          url: '/v1/admin/autodebit/instructions?bank=bca&date=2026-12-15',
          headers: bearer(siti.token),
        })
      ).statusCode,
    ).toBe(401);

    setClock(wib('2026-12-14', 16));
    siti = await siti.relogin();
    const first = await exportDay('2026-12-15');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/csv/u);
    const lines = first.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('instruction_id,policy_number,bill_id,account_number,account_holder,amount,debit_date');
    const rows = parse(first.body, { columns: true }) as Array<Record<string, string>>;
    // December's contribution (in grace on the 15th) and January's (due from 11 December).
    const bills = await billsOf(siti, SYARIAH);
    const dec = bills.find((b) => b.dueDate === '2026-12-10')!;
    const jan = bills.find((b) => b.dueDate === '2027-01-10')!;
    expect(
      rows.map((r) => [r.policy_number, r.bill_id, r.account_number, r.account_holder, r.amount, r.debit_date]),
    ).toEqual([
      [
        'SYR-2020-007788',
        ...[dec.billId, jan.billId].sort().slice(0, 1),
        '0123456789',
        'Siti Rahmawati',
        '500000',
        '2026-12-15',
      ],
      [
        'SYR-2020-007788',
        ...[dec.billId, jan.billId].sort().slice(1),
        '0123456789',
        'Siti Rahmawati',
        '500000',
        '2026-12-15',
      ],
    ]);
    // The same day exported again: the same instructions, none made twice.
    expect((await exportDay('2026-12-15')).body).toBe(first.body);
    expect(await db().selectFrom('autodebit_attempts').select('id').execute()).toHaveLength(2);

    const header = 'instruction_id,policy_number,bill_id,account_number,account_holder,amount,debit_date,status,reason';
    const result = (r: Record<string, string>, status: string, reason = '', over: Record<string, string> = {}) =>
      [
        r.instruction_id,
        r.policy_number,
        r.bill_id,
        r.account_number,
        r.account_holder,
        over.amount ?? r.amount,
        r.debit_date,
        status,
        reason,
      ].join(',');
    const decRow = rows.find((r) => r.bill_id === dec.billId)!;
    const janRow = rows.find((r) => r.bill_id === jan.billId)!;
    setClock(wib('2026-12-16', 10));
    siti = await siti.relogin();
    // A line that contradicts its instruction refuses the whole file: nothing is booked.
    const wrong = await importFile(
      [header, result(decRow, 'debited'), result(janRow, 'debited', '', { amount: '50000' })].join('\r\n'),
    );
    expect(wrong.statusCode, wrong.body).toBe(200);
    expect(wrong.json()).toMatchObject({ refused: true, debited: 0 });
    expect(wrong.json().problems).toEqual([
      expect.stringMatching(/^line 3: amount is not the instruction's \(500000\)$/u),
    ]);
    expect(await ledgerOf(dec.billId)).toHaveLength(0);
    // A line that cannot be read refuses it too.
    expect((await importFile([header, result(decRow, 'maybe')].join('\r\n'))).json()).toMatchObject({ refused: true });

    const good = [
      header,
      result(decRow, 'debited'),
      result(janRow, 'failed', 'Saldo tidak cukup'),
      `XYZ-not-ours,SYR-2020-007788,${dec.billId},0123456789,Siti Rahmawati,500000,2026-12-15,debited,`,
    ].join('\r\n');
    const booked = await importFile(good);
    expect(booked.json()).toMatchObject({
      refused: false,
      debited: 1,
      failed: 1,
      alreadyImported: 0,
      refunds: [],
      unmatched: [{ line: 4, instructionId: 'XYZ-not-ours' }],
    });
    expect(await ledgerOf(dec.billId)).toHaveLength(1);
    expect(await ledgerOf(jan.billId)).toHaveLength(0);
    const afterBills = await billsOf(siti, SYARIAH);
    expect(afterBills.find((b) => b.billId === dec.billId)!.status).toBe('paid');
    expect(afterBills.find((b) => b.billId === jan.billId)!.status).toBe('due');
    const payment = (await siti.call('GET', `/v1/payments?policyNumber=${SYARIAH}`)).json().payments[0];
    expect(payment).toMatchObject({ method: 'autodebit_bca', status: 'paid', amount: 500_000, billId: dec.billId });
    const failed = await messages(siti, 'autodebit_status');
    expect(failed).toEqual([
      expect.objectContaining({ status: 'failed', note: 'Saldo tidak cukup', link: jan.billId }),
    ]);
    expect((await siti.call('GET', `/v1/policies/${SYARIAH}/autodebit`)).json()).toMatchObject({
      status: 'active',
      failuresInARow: 1,
    });

    // The same file again books nothing twice and tells nobody twice.
    const again = await importFile(good);
    expect(again.json()).toMatchObject({ refused: false, debited: 0, failed: 0, alreadyImported: 2 });
    expect(await ledgerOf(dec.billId)).toHaveLength(1);
    expect(await messages(siti, 'autodebit_status')).toHaveLength(1);
    expect(await db().selectFrom('payments').select('id').where('bill_id', '=', dec.billId).execute()).toHaveLength(1);
  });
});
