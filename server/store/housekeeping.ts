import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../domain/clock';
import type { Database } from './schema';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes what can no longer matter: old flows and codes, counters, dead tokens. */
export async function sweep(db: Kysely<Database>, now: number): Promise<void> {
  const old = now - DAY_MS;
  await db.transaction().execute(async (trx) => {
    const deadFlows = trx.selectFrom('flows').select('id').where('expires_at', '<', old);
    await trx.deleteFrom('otp_codes').where('flow_id', 'in', deadFlows).execute();
    await trx.deleteFrom('flows').where('expires_at', '<', old).execute();
  });
  await db.deleteFrom('rate_counters').where('window_start', '<', old).execute();
  // Finished jobs stay a week for the back office to look at; given-up ones a month, for it to retry.
  await db
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'superseded'])
    .where('finished_at', '<', now - 7 * DAY_MS)
    .execute();
  await db
    .deleteFrom('jobs')
    .where('status', '=', 'failed')
    .where('finished_at', '<', now - 30 * DAY_MS)
    .execute();
  // Events are kept two days, past the day a resuming client is promised (api-v1.md).
  await db
    .deleteFrom('events')
    .where('created_at', '<', now - 2 * DAY_MS)
    .execute();
  await db
    .deleteFrom('doctor_events')
    .where('created_at', '<', now - 2 * DAY_MS)
    .execute();
  await db
    .deleteFrom('doctor_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', old), eb('revoked_at', '<', old)]))
    .execute();
  // Akun Saya shows 90 days of sign-ins.
  await db
    .deleteFrom('sign_ins')
    .where('at', '<', now - 90 * DAY_MS)
    .execute();
  await db.deleteFrom('access_tokens').where('expires_at', '<', old).execute();
  await db.deleteFrom('refresh_tokens').where('expires_at', '<', old).execute();
  await db
    .deleteFrom('login_failures')
    .where('updated_at', '<', old)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}

/** Runs `sweep` every ten minutes in the background; any instance may do it. */
export function startHousekeeping(db: Kysely<Database>, clock: Clock, log: FastifyBaseLogger) {
  const timer = setInterval(
    () => {
      sweep(db, clock.now()).catch((err: unknown) => log.warn({ err: String(err) }, 'housekeeping failed'));
    },
    10 * 60 * 1000,
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
