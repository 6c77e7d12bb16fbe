import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECT_JOB } from '../../server/domain/payments/autodebit/autodebits';
import { seedCardAutodebits, teachGatewayCards } from '../helpers/autodebit';
import { waitFor } from '../helpers/mail-and-sms';
import { postJson, spawnService, type ServiceProcess } from '../helpers/process';
import { startTestService, type TestService } from '../helpers/service';

const POLICIES = 150;
const HOUR = 3_600_000;
/** An instant at `hour` WIB (UTC+7) on a Jakarta day. */
const wib = (day: string, hour: number) => Date.parse(`${day}T00:00:00Z`) - 7 * HOUR + hour * HOUR;

/**
 * A debit day's card collections with the service killed in the middle (ARCHITECTURE.md,
 * Transactions and side effects): a development service process on PostgreSQL, its clock set to
 * 07:00 WIB on the 5th, charging 150 saved cards at its simulator, killed with -9 twice while
 * it does. Started again, it collects every bill once: one capture at the gateway, one paid
 * payment and one ledger entry a bill, no payment left half made.
 */
describe('card collections with the service killed in the middle', () => {
  let seeded: TestService;
  let svc: ServiceProcess | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    const settings = {
      OTP_HMAC_KEY: crypto.randomBytes(32).toString('hex'),
      JOB_LEASE_SECONDS: '2',
      RUN_JOBS: 'false',
    };
    // The test's own instance writes the policies and looks; the spawned process does the work.
    seeded = await startTestService('postgres', { seed: false, env: settings });
    const { tokens } = await seedCardAutodebits(seeded.service, {
      n: POLICIES,
      debitDay: 5,
      nextDueDate: '2027-01-01',
      now: seeded.clock.now(),
    });
    await teachGatewayCards(seeded.service.store.db, tokens, seeded.clock.now());
    // The process's clock: 06:59 WIB on 5 December, kept in the database as the development clock
    // keeps it (so the restarted process takes it up); moved a minute on once it runs.
    await seeded.service.store.db
      .insertInto('service_settings')
      .values({ key: 'dev_clock_offset_ms', value: String(wib('2026-12-05', 6.98) - Date.now()) })
      .execute();
    env = { ...seeded.env, ...settings, RUN_JOBS: 'true' };
  }, 120_000);

  afterAll(async () => {
    await svc?.stop();
    await seeded?.close();
  });

  const db = () => seeded.service.store.db;
  const debited = async () =>
    Number(
      (
        await db()
          .selectFrom('autodebit_attempts')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('status', '=', 'debited')
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Killed once at least `atLeast` are collected; answers how many were when it died (not all: mid-way). */
  async function killWhenDebited(atLeast: number): Promise<number> {
    await waitFor(async () => ((await debited()) >= atLeast ? true : undefined), 60_000);
    const proc = svc!.proc;
    svc = null;
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    const at = await debited();
    svc = await spawnService(env, ['--dev']);
    return at;
  }

  it('collects each bill once when it comes back', async () => {
    svc = await spawnService(env, ['--dev']);
    // The clock moved on by hand plans the day's collections at once.
    const moved = await postJson(svc.url, '/v1/dev/clock', { advanceDays: 2 / 1440 });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await killWhenDebited(20)).toBeLessThan(POLICIES);
    expect(await killWhenDebited(70)).toBeLessThan(POLICIES);
    await waitFor(async () => {
      const open = await db()
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', COLLECT_JOB)
        .where('status', '!=', 'done')
        .execute();
      const planned = await db().selectFrom('jobs').select('id').where('kind', '=', COLLECT_JOB).execute();
      return planned.length === POLICIES && open.length === 0 ? true : undefined;
    }, 120_000);
    expect(await debited()).toBe(POLICIES);
    const bills = await db()
      .selectFrom('bills')
      .select(['id', 'paid_at', 'payment_id'])
      .where('due_date', '=', '2027-01-01')
      .execute();
    expect(bills).toHaveLength(POLICIES);
    expect(bills.every((b) => b.paid_at !== null)).toBe(true);
    const payments = await db().selectFrom('payments').select(['bill_id', 'status']).execute();
    expect(payments.filter((p) => p.status === 'paid')).toHaveLength(POLICIES);
    expect(payments.filter((p) => p.status === 'creating' || p.status === 'pending')).toEqual([]);
    const ledger = await db().selectFrom('ledger_entries').select('bill_id').execute();
    expect(new Set(ledger.map((l) => l.bill_id)).size).toBe(POLICIES);
    expect(ledger).toHaveLength(POLICIES);
    // At the gateway: one capture a bill, never a second charge.
    const captures = await db()
      .selectFrom('sim_transactions')
      .innerJoin('payments', 'payments.id', 'sim_transactions.order_id')
      .select(['payments.bill_id', 'sim_transactions.transaction_status'])
      .where('sim_transactions.payment_type', '=', 'credit_card')
      .execute();
    expect(captures.every((c) => c.transaction_status === 'capture')).toBe(true);
    expect(captures).toHaveLength(POLICIES);
    expect(new Set(captures.map((c) => c.bill_id)).size).toBe(POLICIES);
  }, 240_000);
});
