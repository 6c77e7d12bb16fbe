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
  // A message still unsent after a day is given up on (its code died long ago); finished ones go.
  await db
    .updateTable('outbox')
    .set({ status: 'failed', body: null, code: null, last_error: 'expired unsent' })
    .where('status', '=', 'pending')
    .where('created_at', '<', old)
    .execute();
  await db.deleteFrom('outbox').where('status', '!=', 'pending').where('created_at', '<', old).execute();
  // Events are kept two days, past the day a resuming client is promised (api-v1.md).
  await db
    .deleteFrom('events')
    .where('created_at', '<', now - 2 * DAY_MS)
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
