/**
 * Payments benchmark: the service as it runs in production, in its own process (PostgreSQL,
 * the Midtrans adapter), its gateway the development simulator served from this process over
 * HTTP (the edge of the world), its messages to a local SMTP server and SMS gateway.
 *
 * 1. Creating a payment: `POST /v1/bills/{id}/payments` for N bills of 30 people (4 at a
 *    time), each a charge at the simulator; p50 / p99.
 * 2. Booking: the N payments settled at the gateway, their notifications sent by 8
 *    concurrent senders with 20 % duplicates in random order; notifications booked per
 *    second, and the check that every duplicate was absorbed (N ledger entries, no more).
 * 3. What follows as jobs (ARCHITECTURE.md, Transactions and side effects): how far behind
 *    the bookings the receipts run (each receipt's document against its payment's booking),
 *    and when the last one is there; the service process's CPU.
 *
 * `BENCH_PAYMENTS=300`, `BENCH_PAYERS=30` change the run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { seedCustomers } from '../server/cli/seed-demo';
import { midtransSignature } from '../server/domain/payments/gateway';
import { newId } from '../server/domain/identity/secrets';
import { login, register } from '../tests/helpers/flows';
import { startSmsGateway, startSmtpServer } from '../tests/helpers/mail-and-sms';
import { spawnService } from '../tests/helpers/process';
import { productionSettings } from '../tests/helpers/production';
import { startTestService } from '../tests/helpers/service';
import { startGatewaySimulator } from '../tests/helpers/gateway';
import { loadConfig } from '../server/config';
import { openStore } from '../server/store/connect';
import { inventedPeople, monthlyLifePolicy } from './people';
import { fmt, quantile } from './stats';

const N = Number(process.env.BENCH_PAYMENTS ?? 300);
const HOLDERS = Number(process.env.BENCH_PAYERS ?? 30);
const SENDERS = 8;
const DUPLICATES = 0.2;
const SERVER_KEY = 'SB-Mid-server-bench-payments-2026';

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** A process's CPU time so far (user + system), in ms. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** The CPU time of every PostgreSQL process of this machine so far, in ms (Linux). */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/u.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres')) total += cpuMs(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Invented policyholders, each with a life policy of their own: the notifications of a day are of many people. */
const holders = (n: number) =>
  inventedPeople(n, {
    name: 'Pembayar',
    phonePrefix: '+628128',
    policyPrefix: 'IND-2031-',
    policy: monthlyLifePolicy(null),
  });

export async function main(): Promise<void> {
  // This process: the gateway (the development simulator, on data of its own), and the
  // people's sign-ups (a development service on the benchmark's data, closed before the run:
  // nothing but the measured service runs its jobs).
  const gatewayService = await startGatewaySimulator(SERVER_KEY, {
    systemClock: true,
    seed: false,
    env: { LOG_LEVEL: 'warn' },
  });
  const gateway = gatewayService.url;
  const t = await startTestService('postgres', {
    systemClock: true,
    seed: false,
    env: { LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', FLOW_RATE_LIMIT_PER_MINUTE: '100000' },
  });
  const people = holders(HOLDERS);
  await seedCustomers(t.service.store.db, people, t.clock.now());
  const tokens: string[] = [];
  for (const c of people) tokens.push((await login(t, await register(t, c))).json().accessToken);
  const db = await openStore(loadConfig(t.env, 'development').database);
  await t.service.close();
  const smtp = await startSmtpServer();
  const sms = await startSmsGateway();
  const service = await spawnService({
    ...t.env,
    ...productionSettings({
      SMTP_URL: smtp.url,
      SMS_GATEWAY_URL: sms.url,
      PAYMENT_GATEWAY: 'midtrans',
      MIDTRANS_SERVER_KEY: SERVER_KEY,
      MIDTRANS_BASE_URL: `${gateway}/dev/gateway`,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
    }),
  });
  const base = service.url;
  try {
    // HOLDERS people, each owing N / HOLDERS premiums (a day's notifications are of many people,
    // and each person's bookings queue behind each other on their own row).
    const now = Date.now();
    const bills = Array.from({ length: N }, (_, i) => {
      // A day each, from next year on (every bill its own period, inside the dates the contract knows).
      const d = new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10);
      return {
        id: newId(),
        holder: i % HOLDERS,
        policy_number: people[i % HOLDERS]!.policies[0]!.policyNumber,
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
      await db.db
        .insertInto('bills')
        .values(bills.slice(i, i + 500).map(({ holder: _, ...b }) => b))
        .execute();

    const latencies: number[] = [];
    const paymentIds: string[] = [];
    await pool(bills, 4, async (b) => {
      const started = performance.now();
      const res = await fetch(`${base}/v1/bills/${b.id}/payments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens[b.holder]!}`,
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

    await gatewayService.service.store.db
      .updateTable('sim_transactions')
      .set({ transaction_status: 'settlement' })
      .execute();
    const notification = (id: string) => ({
      order_id: id,
      status_code: '200',
      gross_amount: '750000.00',
      transaction_status: 'settlement',
      signature_key: midtransSignature(id, '200', '750000.00', SERVER_KEY),
    });
    const messages = [...paymentIds, ...paymentIds.filter(() => Math.random() < DUPLICATES)].map(notification);
    for (let i = messages.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [messages[i], messages[j]] = [messages[j]!, messages[i]!];
    }
    let booked = 0;
    let absorbed = 0;
    const cpuBefore = cpuMs(service.proc.pid!);
    const postgresBefore = postgresCpuMs();
    const benchBefore = process.cpuUsage();
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
    const cpuBooking = cpuMs(service.proc.pid!) - cpuBefore;
    const cpuPostgres = postgresCpuMs() - postgresBefore;
    const benchUsage = process.cpuUsage(benchBefore);
    const cpuBench = (benchUsage.user + benchUsage.system) / 1000;
    const ledger = await db.db.selectFrom('ledger_entries').select('id').execute();
    console.log(
      `notifications: ${messages.length} (${messages.length - N} duplicates) from ${SENDERS} senders in ${fmt(seconds, 2)} s: ` +
        `${fmt(booked / seconds, 1)} booked/s (${fmt(messages.length / seconds, 1)} handled/s); ` +
        `${booked} booked, ${absorbed} absorbed, ledger ${ledger.length} entries; ` +
        `the service's CPU ${fmt(cpuBooking / messages.length, 2)} ms a notification`,
    );
    console.log(
      `CPU during the notifications (2 cores = ${fmt(2 * seconds, 1)} s): the service ${fmt(cpuBooking / 1000, 2)} s, ` +
        `PostgreSQL ${fmt(cpuPostgres / 1000, 2)} s, the senders with the gateway's simulator ${fmt(cpuBench / 1000, 2)} s`,
    );
    if (ledger.length !== N || booked !== N) throw new Error('a notification was booked twice or not at all');

    // The receipts, rendered and stored by jobs after each booking.
    const receipts = async () =>
      db.db
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
    // And the e-mails that carry them (a message job waits for its attachment).
    const mails = () => smtp.mails.filter((m) => /filename=kuitansi-/u.test(m.raw)).length;
    for (let waited = 0; mails() < N && waited < 300; waited++) await new Promise((r) => setTimeout(r, 100));
    console.log(
      `e-mails with their receipt: ${mails()} of ${N} sent ${fmt((performance.now() - started) / 1000 - seconds, 2)} s after the last notification`,
    );
    const jobs = await db.db
      .selectFrom('jobs')
      .select((eb) => ['kind', 'status', eb.fn.max('last_error').as('error'), eb.fn.countAll<number>().as('n')])
      .groupBy(['kind', 'status'])
      .execute();
    console.log(`jobs: ${jobs.map((j) => `${j.kind} ${j.status} ${j.n}${j.error ? ` (${j.error})` : ''}`).join('; ')}`);
  } finally {
    await service.stop();
    await db.close();
    // Its service closed before the run already; its data goes now.
    await t.close().catch(() => undefined);
    await gatewayService.close();
    await smtp.close();
    await sms.close();
  }
}
