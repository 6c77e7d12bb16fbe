import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { midtransSignature } from '../../server/domain/payments/gateway';
import { terbilang } from '../../server/domain/payments/terbilang';
import { jakartaDate } from '../../server/domain/clock';
import { reconcile } from '../../server/domain/payments/reconcile';
import { SETTLE_CREATING_AFTER_MS } from '../../server/domain/payments/payments';
import { isUniqueViolation } from '../../server/store/connect';
import { ClaimsDriver } from '../helpers/claims';
import { giveUpJob } from '../helpers/jobs';
import { waitFor } from '../helpers/mail-and-sms';
import { pdfText } from '../helpers/pdf-text';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const LIFE = 'IND-2019-000123'; // monthly Rp 750.000, next due 2026-12-01
const HEALTH = 'IND-2021-004567'; // quarterly Rp 4.200.000, due 2026-11-15: overdue

describe('terbilang: rupiah in Indonesian words, as a kuitansi writes them', () => {
  it('spells units, teens, thousands, millions and billions', () => {
    expect(terbilang(0)).toBe('nol rupiah');
    expect(terbilang(11)).toBe('sebelas rupiah');
    expect(terbilang(1000)).toBe('seribu rupiah');
    expect(terbilang(1_250_000)).toBe('satu juta dua ratus lima puluh ribu rupiah');
    expect(terbilang(4_200_000)).toBe('empat juta dua ratus ribu rupiah');
    expect(terbilang(2_000_000_000)).toBe('dua miliar rupiah');
    expect(terbilang(12_345_678_901)).toBe(
      'dua belas miliar tiga ratus empat puluh lima juta enam ratus tujuh puluh delapan ribu sembilan ratus satu rupiah',
    );
    expect(() => terbilang(1.5)).toThrow();
  });
});

describe.each(STORE_KINDS)('Premium payment on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  let base: string;
  beforeEach(async () => {
    t = await startTestService(kind, { runningClock: true });
    base = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });

  const bills = async (q = '') => (await budi.call('GET', `/v1/bills${q}`)).json().bills as Array<Record<string, any>>;
  const pay = (billId: string, method: string, key = crypto.randomUUID()) =>
    t.service.app.inject({
      method: 'POST',
      url: `/v1/bills/${billId}/payments`,
      headers: { authorization: `Bearer ${budi.token}`, 'content-type': 'application/json', 'idempotency-key': key },
      payload: JSON.stringify({ method }),
    });
  const simulate = (orderId: string, action: 'pay' | 'expire' | 'fail') =>
    fetch(`${base}/dev/gateway/ui/${orderId}/${action}`, { method: 'POST', redirect: 'manual' });

  it('makes bills from the schedule with statuses in Jakarta dates; an overdue bill puts the policy in grace', async () => {
    const life = await bills(`?policyNumber=${LIFE}`);
    expect(life.length).toBe(12);
    expect(life[0]!).toMatchObject({
      policyNumber: LIFE,
      // Named by its product for the people reading it.
      productName: 'Proteksi Jiwa Prima',
      kind: 'premium',
      label: 'premi',
      dueDate: '2026-12-01',
      amount: 750_000,
      status: 'due',
    });
    expect(life[0]!.period).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(life[0]!.graceEndsOn).toBe('2027-01-15');
    expect(life[1]!).toMatchObject({ dueDate: '2027-01-01', status: 'upcoming' });
    const health = await bills(`?policyNumber=${HEALTH}`);
    expect(health[0]!).toMatchObject({ dueDate: '2026-11-15', status: 'overdue' });
    // Reading twice makes no second bill (a unique constraint, whichever instance reads first).
    expect((await bills(`?policyNumber=${LIFE}`)).map((b) => b.billId)).toEqual(life.map((b) => b.billId));
    // Sharia bills say kontribusi.
    const siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    const sharia = (await siti.call('GET', '/v1/bills')).json().bills;
    expect(sharia[0].label).toBe('kontribusi');
    // A group member pays nothing: the employer does.
    const dewi = await ClaimsDriver.signIn(t, 'Dewi Lestari');
    expect((await dewi.call('GET', '/v1/bills')).json().bills).toEqual([]);
    expect((await dewi.call('GET', `/v1/bills/${life[0]!.billId}`)).statusCode).toBe(404);
    expect((await bills('?status=overdue')).map((b) => b.policyNumber)).toEqual([HEALTH]);
  });

  it('shows a policy in grace as soon as its bill is overdue, read before any bill is', async () => {
    // Budi's life premium is due on 1 December: the day after, nobody has opened Pembayaran yet.
    t.clock.advance(8 * 86_400_000);
    budi = await budi.relogin();
    const listed = (await budi.call('GET', '/v1/policies')).json().policies as Array<{
      policyNumber: string;
      status: string;
    }>;
    expect(listed.find((p) => p.policyNumber === LIFE)?.status).toBe('grace_period');
    expect((await budi.call('GET', `/v1/policies/${LIFE}`)).json().policy.status).toBe('grace_period');
  });

  it('lapses a bill past its grace and the policy with it', async () => {
    const nur = await ClaimsDriver.signIn(t, 'Nur Aisyah');
    // Nur's contribution was due on 1 August 2026: 45 days of grace ended on 15 September.
    const mine = (await nur.call('GET', '/v1/bills')).json().bills;
    expect(mine[0]).toMatchObject({ dueDate: '2026-08-01', status: 'lapsed', graceEndsOn: '2026-09-15' });
    expect((await nur.call('GET', '/v1/policies/SYR-2023-001122')).json().policy.status).toBe('lapsed');
    // Budi's health policy, a bill overdue: in grace, then lapsed when the clock passes the grace,
    // by the service's own follow-up, before anyone reads the bills again.
    await bills(`?policyNumber=${HEALTH}`);
    t.clock.advance(46 * 86_400_000);
    expect(await t.service.payments['bills'].followAll()).toBeGreaterThanOrEqual(1);
    expect(
      (
        await t.service.store.db
          .selectFrom('policies')
          .select('status')
          .where('policy_number', '=', 'IND2021004567')
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('lapsed');
    budi = await budi.relogin();
    const health = await bills(`?policyNumber=${HEALTH}`);
    expect(health[0]!.status).toBe('lapsed');
    expect((await budi.call('GET', `/v1/policies/${HEALTH}`)).json().policy.status).toBe('lapsed');
  });

  it('pays a bill by virtual account through the gateway: one payment per key, then paid once, receipt and inbox', async () => {
    const [bill] = await bills(`?policyNumber=${LIFE}`);
    const key = crypto.randomUUID();
    const first = await pay(bill!.billId, 'va_bca', key);
    expect(first.statusCode, first.body).toBe(201);
    const p = first.json();
    expect(p).toMatchObject({ billId: bill!.billId, method: 'va_bca', amount: 750_000, status: 'pending' });
    expect(p.instructions.vaNumber).toMatch(/^\d{10,18}$/u);
    expect(p.instructions.bankCode).toBe('bca');
    expect(Date.parse(p.expiresAt) - Date.parse(p.createdAt)).toBe(24 * 3_600_000);
    // The same key: the same payment, not a second charge.
    const again = await pay(bill!.billId, 'va_bca', key);
    expect(again.json().paymentId).toBe(p.paymentId);
    // The same key for something else is refused.
    expect((await pay(bill!.billId, 'qris', key)).statusCode).toBe(409);

    expect((await simulate(p.paymentId, 'pay')).status).toBe(303);
    const paid = (await budi.call('GET', `/v1/payments/${p.paymentId}`)).json();
    expect(paid).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect((await budi.call('GET', `/v1/bills/${bill!.billId}`)).json()).toMatchObject({
      status: 'paid',
      paymentId: p.paymentId,
    });
    const ledger = await t.service.store.db.selectFrom('ledger_entries').selectAll().execute();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ payment_id: p.paymentId, bill_id: bill!.billId, amount: 750_000 });

    // The receipt follows the booking as a job: there a moment later, and the payment names it.
    const receipt = await waitFor(async () => {
      const r = await budi.call('GET', `/v1/payments/${p.paymentId}/receipt`);
      return r.statusCode === 200 ? r : undefined;
    });
    expect((await budi.call('GET', `/v1/payments/${p.paymentId}`)).json().receiptDocumentId).toEqual(
      expect.any(String),
    );
    expect(receipt.headers['content-type']).toBe('application/pdf');
    // Its font travels with it (a substituted one spaced "J umlah: R p"), and pdf.js reads its words whole.
    expect(receipt.rawPayload.includes(Buffer.from('/FontFile'))).toBe(true);
    expect(receipt.rawPayload.includes(Buffer.from('/Helvetica'))).toBe(false);
    const text = await pdfText(receipt.rawPayload);
    expect(text).toContain('KUITANSI');
    expect(text).toContain('Jumlah: Rp 750.000');
    const docs = (await budi.call('GET', `/v1/policies/${LIFE}/documents`)).json().documents;
    expect(docs.some((d: { title: string }) => d.title === 'Kuitansi Premi 1 Desember 2026')).toBe(true);
    const inbox = (await budi.call('GET', '/v1/inbox')).json().messages;
    expect(inbox[0]).toMatchObject({
      category: 'payment',
      title: `Premi polis ${LIFE} telah kami terima`,
      link: { kind: 'payment', id: p.paymentId },
    });

    // Paid again: refused, naming the payment.
    const twice = await pay(bill!.billId, 'va_bca');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'conflict', details: { id: p.paymentId } });
  });

  it('absorbs a notification sent ten times, refuses a wrong signature, a wrong amount and an unknown order', async () => {
    const [bill] = await bills(`?policyNumber=${LIFE}`);
    const p = (await pay(bill!.billId, 'va_mandiri')).json();
    expect(p.instructions.bankCode).toBe('70012');
    const key = t.service.payments['gateway'] as unknown as { settings: { serverKey: string } };
    const serverKey = key.settings.serverKey;
    const notify = (over: Record<string, string> = {}) => {
      const body = {
        order_id: p.paymentId,
        status_code: '200',
        gross_amount: '750000.00',
        transaction_status: 'settlement',
        ...over,
      };
      return t.call('POST', '/v1/gateway/midtrans/notifications', {
        ...body,
        signature_key:
          over.signature_key ?? midtransSignature(body.order_id, body.status_code, body.gross_amount, serverKey),
      });
    };
    // Before the gateway has it settled, a "settlement" is not believed: the status fetched back disagrees.
    const early = await notify();
    expect(early.statusCode).toBe(401);
    const forged = await notify({ signature_key: 'a'.repeat(128) });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('unauthenticated');
    await t.service.store.db
      .updateTable('sim_transactions')
      .set({ transaction_status: 'settlement' })
      .where('order_id', '=', p.paymentId)
      .execute();
    const counted = async (name: string, labels: Record<string, string> = {}) =>
      (await t.service.metrics.getSingleMetric(name)!.get()).values.find((v) =>
        Object.entries(labels).every(([k, x]) => v.labels[k] === x),
      )?.value ?? 0;
    const bookedBefore = await counted('portal_payments_booked_total');
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify()));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    // Counted as booked once, the copies by their verdict.
    expect((await counted('portal_payments_booked_total')) - bookedBefore).toBe(1);
    expect(await counted('portal_gateway_notifications_total', { verdict: 'already_paid' })).toBeGreaterThanOrEqual(9);
    expect(answers.filter((a) => a.json().verdict === 'paid')).toHaveLength(1);
    expect(answers.filter((a) => a.json().verdict === 'already_paid')).toHaveLength(9);
    expect(await t.service.store.db.selectFrom('ledger_entries').selectAll().execute()).toHaveLength(1);
    // The copies left no trace for reconciliation: only the early "settlement" the gateway did not confirm.
    const notes = await t.service.store.db
      .selectFrom('gateway_notifications')
      .select('verdict')
      .where('order_id', '=', p.paymentId)
      .execute();
    expect(notes.map((n) => n.verdict)).toEqual(['status_disagrees']);
    const differences = await reconcile(t.service.store.db, t.service.payments.booking, jakartaDate(t.clock.now()));
    expect(differences.filter((d) => d.paymentId === p.paymentId).map((d) => d.difference)).toEqual([
      'notification_status_disagrees',
    ]);
    const unknown = await notify({ order_id: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode).toBe(401);

    // A wrong amount is not booked; it is kept for reconciliation.
    const [, next] = await bills(`?policyNumber=${LIFE}`);
    const q = (await pay(next!.billId, 'qris')).json();
    expect(q.instructions.qrString).toMatch(/^000201/u);
    await t.service.store.db
      .updateTable('sim_transactions')
      .set({ transaction_status: 'settlement', gross_amount: '1000.00' })
      .where('order_id', '=', q.paymentId)
      .execute();
    const short = await t.call('POST', '/v1/gateway/midtrans/notifications', {
      order_id: q.paymentId,
      status_code: '200',
      gross_amount: '1000.00',
      transaction_status: 'settlement',
      signature_key: midtransSignature(q.paymentId, '200', '1000.00', serverKey),
    });
    expect(short.json().verdict).toBe('amount_mismatch');
    expect((await budi.call('GET', `/v1/payments/${q.paymentId}`)).json().status).toBe('pending');
    const kept = await t.service.store.db.selectFrom('gateway_notifications').select('verdict').execute();
    expect(kept.map((k) => k.verdict)).toContain('amount_mismatch');
  });

  it('cancels the pending payment at the gateway when the person picks another method; expiry and paying again', async () => {
    const [bill] = await bills(`?policyNumber=${LIFE}`);
    const va = (await pay(bill!.billId, 'va_bni')).json();
    const qris = (await pay(bill!.billId, 'qris')).json();
    expect(qris.paymentId).not.toBe(va.paymentId);
    expect((await budi.call('GET', `/v1/payments/${va.paymentId}`)).json().status).toBe('cancelled');
    const sim = await t.service.store.db
      .selectFrom('sim_transactions')
      .select('transaction_status')
      .where('order_id', '=', va.paymentId)
      .executeTakeFirst();
    expect(sim?.transaction_status).toBe('cancel');
    // QRIS waits 15 minutes, then is expired; a new payment may be made.
    t.clock.advance(16 * 60_000);
    budi = await budi.relogin();
    expect((await budi.call('GET', `/v1/payments/${qris.paymentId}`)).json().status).toBe('expired');
    const renewed = await pay(bill!.billId, 'qris');
    expect(renewed.statusCode).toBe(201);
    // Card and e-wallets go to the gateway's own page.
    const card = (await pay(bill!.billId, 'card')).json();
    expect(card.instructions.redirectUrl).toMatch(/\/dev\/gateway\/pay\//u);
    expect((await simulate(card.paymentId, 'fail')).status).toBe(303);
    expect((await budi.call('GET', `/v1/payments/${card.paymentId}`)).json().status).toBe('failed');
    // A method over its limit is refused: e-wallets take at most Rp 2 million, the health bill is 4.2 million.
    const [healthBill] = await bills(`?policyNumber=${HEALTH}`);
    const wallet = await pay(healthBill!.billId, 'gopay');
    expect(wallet.statusCode).toBe(422);
    expect(wallet.json().error.details.rules).toEqual(['method_not_allowed']);
    expect(healthBill!.methods).not.toContain('gopay');
    const list = (await budi.call('GET', `/v1/payments?policyNumber=${LIFE}`)).json().payments;
    // Newest first: the card (failed), the renewed QRIS (cancelled when the card was chosen), the expired QRIS, the VA.
    expect(list.map((x: { status: string }) => x.status)).toEqual(['failed', 'cancelled', 'expired', 'cancelled']);
  });

  it('tells the person nothing was charged when the gateway does not answer, and the bill can be paid again', async () => {
    const [bill] = await bills(`?policyNumber=${LIFE}`);
    const gw = t.service.payments['gateway'] as unknown as { settings: { baseUrl: () => string } };
    const real = gw.settings.baseUrl;
    gw.settings.baseUrl = () => 'http://127.0.0.1:9';
    const down = await pay(bill!.billId, 'va_bri');
    expect(down.statusCode).toBe(503);
    expect(down.json().error).toMatchObject({
      code: 'unavailable',
      details: { charged: false, reason: 'gateway_unavailable' },
    });
    gw.settings.baseUrl = real;
    const ok = await pay(bill!.billId, 'va_bri');
    expect(ok.statusCode, ok.body).toBe(201);
  });

  /**
   * Two payments left `creating` (of the policy's next two bills): the first charged at the
   * gateway and paid by the person, its answer and notification never come; the second's request
   * never reached the gateway. Their requests hang until `lost` is failed.
   */
  async function unansweredPayments(lost: Array<(err: Error) => void>) {
    const [bill, next] = await bills(`?policyNumber=${LIFE}`);
    const gw = t.service.payments['gateway'] as unknown as { charge: (r: { orderId: string }) => Promise<unknown> };
    const charge = gw.charge.bind(gw);
    const never = () => new Promise((_, fail) => void lost.push(fail));
    // The orders whose charge has reached the stand-in below (a payment's row is `creating`
    // before its charge is asked for: waiting for the row alone let the real charge be restored
    // in between, on a busy machine).
    const reached: string[] = [];
    const creating = async (billId: string) => {
      const id = await waitFor(async () => {
        const row = await t.service.store.db
          .selectFrom('payments')
          .select(['id', 'status'])
          .where('bill_id', '=', billId)
          .executeTakeFirst();
        return row?.status === 'creating' ? row.id : undefined;
      });
      await waitFor(() => (reached.includes(id) ? true : undefined));
      return id;
    };
    try {
      gw.charge = async (r) => {
        await charge(r);
        await t.service.store.db
          .updateTable('sim_transactions')
          .set({ transaction_status: 'settlement' })
          .where('order_id', '=', r.orderId)
          .execute();
        reached.push(r.orderId);
        return never();
      };
      void pay(bill!.billId, 'va_bca');
      const first = await creating(bill!.billId);
      gw.charge = (r) => {
        reached.push(r.orderId);
        return never();
      };
      void pay(next!.billId, 'va_bca');
      const second = await creating(next!.billId);
      return { bill: bill!, next: next!, first, second };
    } finally {
      gw.charge = charge;
    }
  }
  const statusOf = async (id: string) =>
    (await t.service.store.db.selectFrom('payments').select('status').where('id', '=', id).executeTakeFirst())?.status;
  const ledger = () => t.service.store.db.selectFrom('ledger_entries').selectAll().execute();

  it('settles a payment whose charge never answered: asked at the gateway two minutes on, booked or failed', async () => {
    const lost: Array<(err: Error) => void> = [];
    try {
      const { bill, next, first, second } = await unansweredPayments(lost);
      // Meanwhile the bill waits for it.
      expect((await pay(bill.billId, 'qris')).statusCode).toBe(409);
      t.clock.advance(SETTLE_CREATING_AFTER_MS + 1_000);
      // Settled by a job (polled each second): on a machine busy with the whole suite it took over
      // 5 s once, and once more than 20 s; should it not come, the job's own record says why.
      const settled = (id: string, to: string) =>
        waitFor(async () => ((await statusOf(id)) === to ? to : undefined), 40_000).catch(async () => {
          const job = await t.service.store.db
            .selectFrom('jobs')
            .select(['status', 'attempts', 'run_at', 'claimed_until', 'last_error'])
            .where('key', '=', `settle:${id}`)
            .executeTakeFirst();
          const seen = { payment: await statusOf(id), job, now: t.clock.now() };
          throw new Error(`payment not ${to} after 40 s: ${JSON.stringify(seen)}`);
        });
      expect(await settled(first, 'paid')).toBe('paid');
      expect(await settled(second, 'failed')).toBe('failed');
      budi = await budi.relogin();
      expect((await budi.call('GET', `/v1/bills/${bill.billId}`)).json()).toMatchObject({
        status: 'paid',
        paymentId: first,
      });
      expect((await pay(next.billId, 'qris')).statusCode).toBe(201);
      expect(await ledger()).toHaveLength(1);
    } finally {
      for (const fail of lost) fail(new Error('the test is over'));
    }
  }, 90_000);

  it('settles a payment whose job gave up when the person pays again: booked if charged, failed if not, never held for good', async () => {
    const lost: Array<(err: Error) => void> = [];
    const gw = t.service.payments['gateway'] as unknown as { settings: { baseUrl: () => string } };
    const real = gw.settings.baseUrl;
    try {
      const { bill, next, first, second } = await unansweredPayments(lost);
      // The gateway goes away for longer than the settling jobs try.
      gw.settings.baseUrl = () => 'http://127.0.0.1:9';
      t.clock.advance(SETTLE_CREATING_AFTER_MS + 1_000);
      await giveUpJob(t, `settle:${first}`);
      await giveUpJob(t, `settle:${second}`);
      expect([await statusOf(first), await statusOf(second)]).toEqual(['creating', 'creating']);
      // Still away: the person is told so, and nothing is decided without it.
      const away = await pay(bill.billId, 'qris');
      expect(away.statusCode, away.body).toBe(503);
      expect(away.json().error.code).toBe('unavailable');
      expect(await statusOf(first)).toBe('creating');
      // Back: the charge it made is booked (the bill is paid, once), the one it never got is failed.
      gw.settings.baseUrl = real;
      const again = await pay(bill.billId, 'qris');
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error.details).toMatchObject({ id: first });
      expect(await statusOf(first)).toBe('paid');
      const fresh = await pay(next.billId, 'qris');
      expect(fresh.statusCode, fresh.body).toBe(201);
      expect(await statusOf(second)).toBe('failed');
      expect((await ledger()).map((e) => e.payment_id)).toEqual([first]);
    } finally {
      gw.settings.baseUrl = real;
      for (const fail of lost) fail(new Error('the test is over'));
    }
  }, 90_000);

  it('keeps a signed notification it cannot confirm yet, and books it once the gateway answers again', async () => {
    const [bill] = await bills(`?policyNumber=${LIFE}`);
    const p = (await pay(bill!.billId, 'va_bca')).json();
    await t.service.store.db
      .updateTable('sim_transactions')
      .set({ transaction_status: 'settlement' })
      .where('order_id', '=', p.paymentId)
      .execute();
    const gw = t.service.payments['gateway'] as unknown as {
      settings: { baseUrl: () => string; serverKey: string };
    };
    const real = gw.settings.baseUrl;
    gw.settings.baseUrl = () => 'http://127.0.0.1:9';
    const body = {
      order_id: p.paymentId,
      status_code: '200',
      gross_amount: '750000.00',
      transaction_status: 'settlement',
    };
    const kept = await t.call('POST', '/v1/gateway/midtrans/notifications', {
      ...body,
      signature_key: midtransSignature(body.order_id, body.status_code, body.gross_amount, gw.settings.serverKey),
    });
    // Answered, so the gateway need not send it again; nothing booked before the gateway says so.
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().verdict).toBe('confirming');
    expect((await budi.call('GET', `/v1/payments/${p.paymentId}`)).json().status).toBe('pending');
    // A forged one is not kept.
    const forged = await t.call('POST', '/v1/gateway/midtrans/notifications', {
      ...body,
      signature_key: 'b'.repeat(128),
    });
    expect(forged.statusCode).toBe(401);
    gw.settings.baseUrl = real;
    const paid = await waitFor(async () => {
      const x = (await budi.call('GET', `/v1/payments/${p.paymentId}`)).json();
      return x.status === 'paid' ? x : undefined;
    }, 15_000);
    expect(paid.paidAt).toBeDefined();
    expect(await t.service.store.db.selectFrom('ledger_entries').selectAll().execute()).toHaveLength(1);
  });

  it('takes a policy out of grace when its overdue bill is paid; a lapsed bill cannot be paid', async () => {
    const [overdue] = await bills(`?policyNumber=${HEALTH}`);
    expect(overdue).toMatchObject({ status: 'overdue' });
    expect((await budi.call('GET', `/v1/policies/${HEALTH}`)).json().policy.status).toBe('grace_period');
    const p = (await pay(overdue!.billId, 'va_bca')).json();
    expect((await simulate(p.paymentId, 'pay')).status).toBe(303);
    const active = await waitFor(async () => {
      const policy = (await budi.call('GET', `/v1/policies/${HEALTH}`)).json().policy;
      return policy.status === 'active' ? policy : undefined;
    });
    expect(active.status).toBe('active');
    // Nur's contribution lapsed: only a reinstatement brings the policy back, not a payment.
    const nur = await ClaimsDriver.signIn(t, 'Nur Aisyah');
    const [lapsed] = (await nur.call('GET', '/v1/bills')).json().bills;
    expect(lapsed).toMatchObject({ status: 'lapsed' });
    const refused = await t.service.app.inject({
      method: 'POST',
      url: `/v1/bills/${lapsed.billId}/payments`,
      headers: {
        authorization: `Bearer ${nur.token}`,
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      payload: JSON.stringify({ method: 'va_bca' }),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.rules).toEqual(['bill_lapsed']);
  });

  it('books a notification that arrives before the charge has answered, and keeps it paid', async () => {
    const [bill] = await bills(`?policyNumber=${LIFE}`);
    const gw = t.service.payments['gateway'] as unknown as {
      charge: (r: { orderId: string }) => Promise<unknown>;
    };
    const charge = gw.charge.bind(gw);
    // The gateway makes the charge, the person pays at once, and its notification comes back
    // before the charge's own answer reaches the service.
    gw.charge = async (r) => {
      const made = await charge(r);
      expect((await simulate(r.orderId, 'pay')).status).toBe(303);
      return made;
    };
    const p = await pay(bill!.billId, 'va_bca');
    expect(p.statusCode, p.body).toBe(201);
    expect(p.json().status).toBe('paid');
    expect(p.json().instructions.vaNumber).toBeTruthy();
    expect(await t.service.store.db.selectFrom('ledger_entries').selectAll().execute()).toHaveLength(1);
  });

  it('makes a top-up bill due today, once a day for a policy, payable like any other', async () => {
    const id = await t.service.payments['bills'].createTopUp(t.service.store.db, 'IND2019000123', 5_000_000);
    const topUp = (await budi.call('GET', `/v1/bills/${id}`)).json();
    expect(topUp).toMatchObject({ kind: 'top_up', amount: 5_000_000, status: 'due', label: 'premi' });
    await expect(
      t.service.payments['bills'].createTopUp(t.service.store.db, 'IND2019000123', 1_000_000),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await pay(id, 'va_bri')).statusCode).toBe(201);
  });

  it('keeps a second booking of a bill out of the ledger, by the database itself', async () => {
    const [bill] = await bills(`?policyNumber=${LIFE}`);
    const p = (await pay(bill!.billId, 'va_bca')).json();
    await simulate(p.paymentId, 'pay');
    const db = t.service.store.db;
    // Another payment of the same bill (as a late one settled at the gateway would be), its own
    // id and its own gateway transaction: only the ledger's one-entry-a-bill rule stands in the way.
    const paid = await db.selectFrom('payments').selectAll().where('id', '=', p.paymentId).executeTakeFirstOrThrow();
    const late = { ...paid, id: 'y'.repeat(22), idempotency_key: crypto.randomUUID(), status: 'failed' as const };
    await db.insertInto('payments').values(late).execute();
    const second = db
      .insertInto('ledger_entries')
      .values({
        id: 'x'.repeat(22),
        payment_id: late.id,
        bill_id: bill!.billId,
        amount: 750_000,
        gateway_transaction_id: 'another-transaction',
        booked_at: 0,
      })
      .execute();
    const refusal = await second.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isUniqueViolation(refusal)).toBe(true);
    expect(
      await db.selectFrom('ledger_entries').select('id').where('bill_id', '=', bill!.billId).execute(),
    ).toHaveLength(1);
  });
});
