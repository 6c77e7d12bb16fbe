import type { Kysely } from 'kysely';
import type { Database, HolidaysTable } from '../../store/schema';
import { jakartaDate } from '../clock';
import type { DecreedDays, WorkingDays } from './working-days';

export type HolidayRow = Pick<HolidaysTable, 'date' | 'kind' | 'name'>;

/** Every decreed year's days off, as the calendar's table holds them. */
export async function loadDecrees(db: Kysely<Database>): Promise<DecreedDays> {
  const rows = await db.selectFrom('holidays').select(['date', 'year']).execute();
  const years = await db.selectFrom('holiday_decrees').select('year').execute();
  const decreed: DecreedDays = new Map(years.map((y) => [Number(y.year), new Set<string>()]));
  for (const r of rows) decreed.get(Number(r.year))?.add(r.date);
  return decreed;
}

/** A year's decree, all of it or none: what the year had before is replaced in one transaction. */
export async function importDecree(
  db: Kysely<Database>,
  year: number,
  source: string,
  rows: HolidayRow[],
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('holidays').where('year', '=', year).execute();
    await trx
      .insertInto('holiday_decrees')
      .values({ year, source, imported_at: now })
      .onConflict((oc) => oc.column('year').doUpdateSet({ source, imported_at: now }))
      .execute();
    await trx
      .insertInto('holidays')
      .values(rows.map((r) => ({ ...r, year })))
      .execute();
  });
}

export async function decreeOf(db: Kysely<Database>, year: number) {
  const decree = await db.selectFrom('holiday_decrees').selectAll().where('year', '=', year).executeTakeFirst();
  const days = await db.selectFrom('holidays').selectAll().where('year', '=', year).orderBy('date').execute();
  return decree ? { ...decree, days } : undefined;
}

/**
 * The years the calendar counts without their decree: this year (Jakarta), and from 1 October
 * the next one, whose decree is due by then.
 */
export function missingDecrees(workingDays: WorkingDays, now: number): number[] {
  const today = jakartaDate(now);
  const year = Number(today.slice(0, 4));
  const wanted = today.slice(5) >= '10-01' ? [year, year + 1] : [year];
  return wanted.filter((y) => !workingDays.hasDecree(y));
}
