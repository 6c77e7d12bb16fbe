import type { Kysely, Migration } from 'kysely';
import { DECREED_YEARS } from '../../domain/calendar/indonesian-holidays';

/**
 * The calendar as data (api-v1.md, Working days): each year's joint decree of national holidays
 * and cuti bersama, imported by an operator when it is signed (`admin holidays import`). The
 * 2026 decree ships as the seed. Additive: new tables only.
 */
export const holidaysMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('holiday_decrees')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      // The decree's title, as the operator's file or the seed names it.
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('holidays')
      .addColumn('date', 'text', (c) => c.primaryKey())
      .addColumn('year', 'integer', (c) => c.notNull().references('holiday_decrees.year'))
      // holiday | cuti_bersama
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('holidays_year').on('holidays').column('year').execute();
    for (const [year, decree] of Object.entries(DECREED_YEARS)) {
      await db
        .insertInto('holiday_decrees')
        .values({ year: Number(year), source: decree.decree, imported_at: 0 })
        .execute();
      await db
        .insertInto('holidays')
        .values([
          ...decree.holidays.map(([date, name]) => ({ date, year: Number(year), kind: 'holiday', name })),
          ...decree.cutiBersama.map(([date, name]) => ({ date, year: Number(year), kind: 'cuti_bersama', name })),
        ])
        .execute();
    }
  },
};
