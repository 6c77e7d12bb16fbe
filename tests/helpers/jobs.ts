import { waitFor } from './mail-and-sms';
import type { LiveService } from './live-service';
import type { TestService } from './service';

/** Waits until at least `n` jobs of `kind` are done (the runner looks each second; a busy machine is slow). */
export async function jobsDone(t: TestService, kind: string, n: number): Promise<void> {
  await waitFor(async () => {
    const done = await t.service.store.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', kind)
      .where('status', '=', 'done')
      .execute();
    return done.length >= n ? true : undefined;
  }, 20_000);
}

/**
 * Waits until every job of these kinds that is due by the service's clock has run (a job put off
 * to a later hour is not due): for tests that move the clock and let the runners work.
 */
export async function jobsSettled(t: TestService | LiveService, ...kinds: string[]): Promise<void> {
  await waitFor(async () => {
    const due = await t.service.store.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', 'in', kinds)
      .where('status', '=', 'pending')
      .where('run_at', '<=', t.clock.now())
      .execute();
    return due.length === 0 ? true : undefined;
  }, 20_000);
}

/**
 * A job that is failing (its first try failed, it waits for the next) brought to its last try at
 * once, as if the hours of tries between had failed too, and waited for until it gives up: for
 * what must hold once a job has given up.
 */
export async function giveUpJob(t: TestService, key: string): Promise<void> {
  const db = t.service.store.db;
  const job = () => db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
  await waitFor(async () => {
    const j = await job();
    return j.status === 'pending' && j.attempts > 0 && j.claimed_until === null ? true : undefined;
  }, 20_000);
  // Past any handler's number of tries: the next one is the last.
  await db.updateTable('jobs').set({ attempts: 999, run_at: t.clock.now() }).where('key', '=', key).execute();
  await waitFor(async () => ((await job()).status === 'failed' ? true : undefined), 20_000);
}
