import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Consents per purpose (complaints-privacy.md, Data Saya): every yes and no is a row, never
 * changed; a person's consent to a purpose now is their latest row. Additive: a new table.
 */
export const consentsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('consents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('granted', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await sql`create index consents_account on consents (account_id, created_at, id)`.execute(db);
    await sql`create index consents_purpose on consents (purpose, account_id, created_at)`.execute(db);
  },
};
