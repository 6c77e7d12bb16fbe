/**
 * Payments benchmark (PostgreSQL, the service in this process, listening on loopback, its
 * gateway the development simulator it serves itself, reached over HTTP as Midtrans would be):
 *
 * 1. Creating a payment: `POST /v1/bills/{id}/payments` for N bills (4 at a time), each a
 *    charge at the simulator; p50 / p99.
 * 2. Booking: the N payments settled at the gateway, their notifications sent by 8
 *    concurrent senders with 20 % duplicates in random order; notifications booked per
 *    second, and the check that every duplicate was absorbed (N ledger entries, no more).
 * 3. What follows as jobs (ARCHITECTURE.md, Transactions and side effects): how far behind
 *    the bookings the receipts run (each receipt's document against its payment's booking),
 *    and when the last one is there.
 */
import crypto from 'node:crypto';
import { midtransSignature } from '../server/domain/payments/gateway';
import { newId } from '../server/domain/identity/secrets';
import { ClaimsDriver } from '../tests/helpers/claims';
import { startTestService } from '../tests/helpers/service';
import { fmt, quantile } from './stats';

const N = Number(process.env.BENCH_PAYMENTS ?? 300);
const SENDERS = 8;
const DUPLICATES = 0.2;

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function main(): Promise<void> {
  const t = await startTestService('postgres', { runningClock: true, env: { LOG_LEVEL: 'warn' } });
  try {
    const base = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    const now = Date.now();
    // N bills of Budi's policy (monthly periods going back), as the schedule would make them.
    const bills = Array.from({ length: N }, (_, i) => {
      const d = new Date(Date.UTC(2030 + Math.floor(i / 12), i % 12, 1)).toISOString().slice(0, 10);
      return {
        id: newId(),
        policy_number: 'IND2019000123',
        kind: 'premium' as const,
        period_from: d,
        period_to: d,
        due_date: d,
        amount: 750_000,
        paid_at: null,
        payment_id: null,
        created_at: now,
        voided_at: null,
      };
    });
    for (let i = 0; i < N; i += 500)
      await t.service.store.db
        .insertInto('bills')
        .values(bills.slice(i, i + 500))
        .execute();

    const latencies: number[] = [];
    const paymentIds: string[] = [];
    await pool(bills, 4, async (b) => {
      const started = performance.now();
      const res = await fetch(`${base}/v1/bills/${b.id}/payments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${budi.token}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify({ method: 'va_bca' }),
      });
      latencies.push(performance.now() - started);
      if (res.status !== 201) throw new Error(`pay answered ${res.status}: ${await res.text()}`);
      paymentIds.push(((await res.json()) as { paymentId: string }).paymentId);
    });
    console.log(
      `create a payment (charge at the simulator), ${N} × 4 at a time: p50 ${fmt(quantile(latencies, 0.5), 1)} ms, p99 ${fmt(quantile(latencies, 0.99), 1)} ms`,
    );

    await t.service.store.db.updateTable('sim_transactions').set({ transaction_status: 'settlement' }).execute();
    const serverKey = (t.service.payments as unknown as { gateway: { settings: { serverKey: string } } }).gateway
      .settings.serverKey;
    const notification = (id: string) => ({
      order_id: id,
      status_code: '200',
      gross_amount: '750000.00',
      transaction_status: 'settlement',
      signature_key: midtransSignature(id, '200', '750000.00', serverKey),
    });
    const messages = [...paymentIds, ...paymentIds.filter(() => Math.random() < DUPLICATES)].map(notification);
    for (let i = messages.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [messages[i], messages[j]] = [messages[j]!, messages[i]!];
    }
    let booked = 0;
    let absorbed = 0;
    const started = performance.now();
    await pool(messages, SENDERS, async (m) => {
      const res = await fetch(`${base}/v1/gateway/midtrans/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(m),
      });
      const verdict = ((await res.json()) as { verdict?: string }).verdict;
      if (verdict === 'paid') booked++;
      else if (verdict === 'already_paid') absorbed++;
      else throw new Error(`notification answered ${res.status} ${verdict}`);
    });
    const seconds = (performance.now() - started) / 1000;
    const ledger = await t.service.store.db.selectFrom('ledger_entries').select('id').execute();
    console.log(
      `notifications: ${messages.length} (${messages.length - N} duplicates) from ${SENDERS} senders in ${fmt(seconds, 2)} s: ` +
        `${fmt(booked / seconds, 1)} booked/s (${fmt(messages.length / seconds, 1)} handled/s); ` +
        `${booked} booked, ${absorbed} absorbed, ledger ${ledger.length} entries`,
    );
    if (ledger.length !== N || booked !== N) throw new Error('a notification was booked twice or not at all');

    // The receipts, rendered and stored by jobs after each booking.
    const db = t.service.store.db;
    const receipts = async () =>
      db
        .selectFrom('payments')
        .innerJoin('documents', 'documents.id', 'payments.receipt_document_id')
        .select(['payments.paid_at', 'documents.created_at'])
        .execute();
    let done = await receipts();
    while (done.length < N) {
      await new Promise((r) => setTimeout(r, 100));
      done = await receipts();
    }
    const lastReceipt = (performance.now() - started) / 1000;
    const behind = done.map((r) => Number(r.created_at) - Number(r.paid_at!));
    console.log(
      `receipts (jobs after the booking): all ${N} there ${fmt(lastReceipt - seconds, 2)} s after the last notification; ` +
        `each behind its booking p50 ${fmt(quantile(behind, 0.5), 0)} ms, p99 ${fmt(quantile(behind, 0.99), 0)} ms, max ${fmt(Math.max(...behind), 0)} ms`,
    );
    const jobs = await db
      .selectFrom('jobs')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    console.log(`jobs: ${jobs.map((j) => `${j.status} ${j.n}`).join(', ')}`);
  } finally {
    await t.close();
  }
}
