import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A copy of my data (complaints-privacy.md): one row per export asked for, its ZIP in the
 * document store while it lives. One in preparation per account, kept by the database (a
 * partial unique index, on both engines), not by a read before the write. Additive.
 */
export const dataExportsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('data_exports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('ready_at', 'bigint')
      .addColumn('expires_at', 'bigint')
      .addColumn('storage_key', 'text')
      .addColumn('size_bytes', 'bigint')
      .execute();
    await sql`create index data_exports_account on data_exports (account_id, created_at, id)`.execute(db);
    await sql`create unique index data_exports_one_preparing on data_exports (account_id) where status = 'preparing'`.execute(
      db,
    );
  },
};
