import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** The timelines of the items that move through statuses, and the column naming their item. */
const TIMELINES = {
  claim_timeline: 'claim_id',
  request_timeline: 'request_id',
  complaint_timeline: 'complaint_id',
} as const;

/**
 * One more entry of an item's timeline, numbered after its last, in the move's transaction
 * (which holds the item's lock, so two moves never take the same number).
 */
export async function appendTimeline(
  trx: Kysely<Database>,
  table: keyof typeof TIMELINES,
  itemId: string,
  entry: { status: string; at: number; note?: string },
): Promise<void> {
  const key = sql.ref(TIMELINES[table]);
  await sql`insert into ${sql.table(table)} (${key}, seq, status, at, note)
    select ${itemId}, coalesce(max(seq), 0) + 1, ${entry.status}, ${entry.at}, ${entry.note ?? null}
    from ${sql.table(table)} where ${key} = ${itemId}`.execute(trx);
}
