import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { jakartaDate } from '../domain/clock';

/**
 * The next of a yearly numbered series (`KLM-2026-000001`, `TRX-2026-000045`): one counter row
 * per year, taken by an upsert, so racing writers each get their own number. The year is
 * Jakarta's: at 01:00 WIB on 1 January the new year's series has begun.
 */
export async function nextYearlyNumber(
  trx: Kysely<Database>,
  table: 'claim_counters' | 'request_counters' | 'complaint_counters',
  prefix: string,
  now: number,
): Promise<string> {
  const year = Number(jakartaDate(now).slice(0, 4));
  const { rows } = await sql<{ last: number | string }>`insert into ${sql.table(table)} (year, last) values (${year}, 1)
    on conflict (year) do update set last = ${sql.table(table)}.last + 1 returning last`.execute(trx);
  return `${prefix}-${year}-${String(Number(rows[0]!.last)).padStart(6, '0')}`;
}
