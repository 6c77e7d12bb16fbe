/**
 * A debit day's collections (payments.md, Reminders and autodebit), the service as it runs in
 * production in its own process (PostgreSQL, the Midtrans adapter), its gateway the development
 * simulator served from this process over HTTP:
 *
 * 1. BCA: N policies on a BCA account; the day's instructions exported, and the bank's N-line
 *    result file (every line debited) imported over HTTP, all in one transaction: the time.
 * 2. Card: N policies collecting by a saved card on today's date; the day's collections planned
 *    and run by the service's jobs, each a charge of the saved card at the simulator and its
 *    booking. Collections per second, and the check that none is made twice (N captures at the
 *    gateway, N ledger entries). The BCA bookings' receipts are rendered meanwhile, as on a
 *    real debit day.
 *
 * `BENCH_COLLECTIONS=10000` changes the run.
 */
import crypto from 'node:crypto';
import { seedCardAutodebits, teachGatewayCards } from '../tests/helpers/autodebit';
import { spawnService } from '../tests/helpers/process';
import { productionSettings } from '../tests/helpers/production';
import { startTestService } from '../tests/helpers/service';
import { startGatewaySimulator } from '../tests/helpers/gateway';
import { jakartaDate } from '../server/domain/clock';
import { addDays } from '../server/domain/calendar/working-days';
import { DEMO_REFERENCE_DATE } from '../server/cli/seed-demo';
import { fmt } from './stats';
import { COLLECT_JOB } from '../server/domain/payments/autodebit/autodebits';

const N = Number(process.env.BENCH_COLLECTIONS ?? 10_000);
const SERVER_KEY = 'SB-Mid-server-bench-collections-2026';

export async function main(): Promise<void> {
  const gatewayService = await startGatewaySimulator(SERVER_KEY, {
    systemClock: true,
    seed: false,
    env: { LOG_LEVEL: 'warn' },
  });
  const gateway = gatewayService.url;
  const adminKey = crypto.randomBytes(24).toString('base64url');
  const settings = {
    OTP_HMAC_KEY: crypto.randomBytes(32).toString('hex'),
    PAYMENT_GATEWAY: 'midtrans',
    MIDTRANS_SERVER_KEY: SERVER_KEY,
    MIDTRANS_BASE_URL: `${gateway}/dev/gateway`,
    ADMIN_API_KEYS: `bank:${adminKey}`,
    LOG_LEVEL: 'warn',
  };
  // This process writes the policies and plans the day (as the service's every-ten-minutes round
  // would); the service process, alone running jobs, collects.
  const t = await startTestService('postgres', {
    mode: 'production',
    systemClock: true,
    seed: false,
    env: productionSettings({ ...settings, RUN_JOBS: 'false' }),
  });
  const today = jakartaDate(t.clock.now());
  const seedStarted = performance.now();
  // Due ten days from today (the demo's dates are laid from its reference day to today).
  const { tokens } = await seedCardAutodebits(t.service, {
    n: N,
    bca: N,
    debitDay: Number(today.slice(8, 10)),
    nextDueDate: addDays(DEMO_REFERENCE_DATE, 10),
    now: t.clock.now(),
    prefix: 'IND-2033-',
  });
  await teachGatewayCards(gatewayService.service.store.db, tokens, t.clock.now());
  console.log(`seeded ${N} card and ${N} BCA autodebits in ${fmt((performance.now() - seedStarted) / 1000, 1)} s`);
  const db = t.service.store.db;
  const service = await spawnService({ ...t.env, ...productionSettings(settings) });
  try {
    // The bank's day: its instructions, and its result file of N lines, every one debited.
    const exportStarted = performance.now();
    const res = await fetch(`${service.url}/v1/admin/autodebit/instructions?bank=bca&date=${today}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    const csv = await res.text();
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    const lines = csv.trimEnd().split('\r\n');
    if (lines.length - 1 !== N) throw new Error(`the export has ${lines.length - 1} instructions, not ${N}`);
    const result = [`${lines[0]},status,reason`, ...lines.slice(1).map((l) => `${l},debited,`)].join('\r\n');
    const importStarted = performance.now();
    const imported = await fetch(`${service.url}/v1/admin/autodebit/results?bank=bca`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'text/csv' },
      body: result,
    });
    const report = (await imported.json()) as { debited: number; refused: boolean };
    const importSeconds = (performance.now() - importStarted) / 1000;
    const again = performance.now();
    const twice = (await (
      await fetch(`${service.url}/v1/admin/autodebit/results?bank=bca`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'text/csv' },
        body: result,
      })
    ).json()) as { debited: number; alreadyImported: number };
    console.log(
      `BCA file: ${N} instructions exported in ${fmt(exportSeconds, 2)} s (${fmt(Buffer.byteLength(csv) / 1024, 0)} KiB); ` +
        `the ${N}-line result file imported in ${fmt(importSeconds, 2)} s (${report.debited} debited and booked, one transaction); ` +
        `the same file again in ${fmt((performance.now() - again) / 1000, 2)} s: ${twice.debited} booked, ${twice.alreadyImported} imported before`,
    );
    if (report.refused || report.debited !== N || twice.debited !== 0)
      throw new Error('the bank file was not booked once');
    const started = performance.now();
    const planned = await t.service.autodebits.plan();
    const planSeconds = (performance.now() - started) / 1000;
    // The day's collections wait for 07:00 WIB; run before that hour, the bench does not wait for it.
    await db
      .updateTable('jobs')
      .set({ run_at: t.clock.now() })
      .where('kind', '=', COLLECT_JOB)
      .where('status', '=', 'pending')
      .where('run_at', '>', t.clock.now())
      .execute();
    const settledCount = async () =>
      Number(
        (
          await db
            .selectFrom('autodebit_attempts')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('method', '=', 'auto_debit_card')
            .where('status', 'in', ['debited', 'failed'])
            .executeTakeFirstOrThrow()
        ).n,
      );
    let done = 0;
    while ((done = await settledCount()) < N) {
      if ((performance.now() - started) / 1000 > 1800) throw new Error(`only ${done} of ${N} collected in 30 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    const captures = await gatewayService.service.store.db
      .selectFrom('sim_transactions')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('order_id').distinct().as('orders')])
      .where('payment_type', '=', 'credit_card')
      .where('transaction_status', '=', 'capture')
      .executeTakeFirstOrThrow();
    const ledger = await db
      .selectFrom('ledger_entries')
      .innerJoin('payments', 'payments.id', 'ledger_entries.payment_id')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('ledger_entries.bill_id').distinct().as('bills')])
      .where('payments.method', '=', 'autodebit_card')
      .executeTakeFirstOrThrow();
    console.log(
      `card collections: ${planned} planned in ${fmt(planSeconds, 1)} s, ${N} collected in ${fmt(seconds, 1)} s: ` +
        `${fmt(N / seconds, 1)} collections/s; gateway captures ${captures.n} (${captures.orders} orders), ` +
        `ledger ${ledger.n} entries for ${ledger.bills} bills`,
    );
    if (Number(captures.n) !== N || Number(ledger.n) !== N || Number(ledger.bills) !== N)
      throw new Error('a collection was charged or booked twice, or not at all');
  } finally {
    await service.stop();
    await t.close().catch(() => undefined);
    await gatewayService.close();
  }
}
