import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { tooMany } from './errors';

/**
 * A fixed-window counter in the database, so every instance sees the same count:
 * one upsert adds the hit and returns the total atomically.
 */
export async function consumeRateLimit(
  db: Kysely<Database>,
  now: number,
  key: string,
  limit: number,
  windowMs: number,
  code: 'rate_limited' | 'otp_rate_limited' = 'rate_limited',
): Promise<void> {
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const row = await db
    .insertInto('rate_counters')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_counters.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  if (row.count > limit) {
    throw tooMany(code, 'Too many attempts; try again later.', windowStart + windowMs - now);
  }
}
