import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Who looked at a person's data (complaints-privacy.md): one row per back-office read or move of
 * one item, under the person (customer) it belongs to, so the log outlives a closed account and
 * follows a person who registers again. Additive: a new table.
 */
export const accessLogMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('access_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('key_name', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_kind', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('subject_number', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute();
    await sql`create index access_log_customer on access_log (customer_id, at, id)`.execute(db);
  },
};
