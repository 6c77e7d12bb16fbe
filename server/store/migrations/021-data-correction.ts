import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Data corrections as policy requests (complaints-privacy.md, Correction): the documents a
 * request carries, the identity number the insurer keeps, and one pending correction per person
 * and policy — on a group policy every member may have one, where the other types stay one per
 * policy. Additive: a table, a nullable column, and the one-pending index made narrower (the
 * previous release's types keep exactly the rule they had).
 */
export const dataCorrectionMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('request_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await sql`create index request_files_request on request_files (request_id, created_at)`.execute(db);
    await db.schema.alterTable('customers').addColumn('id_number', 'text').execute();
    await sql`drop index requests_one_pending`.execute(db);
    await sql`create unique index requests_one_pending on requests (policy_number, type)
      where status in ('submitted', 'in_process') and type <> 'data_correction'`.execute(db);
    await sql`create unique index requests_one_correction on requests (policy_number, account_id)
      where status in ('submitted', 'in_process') and type = 'data_correction'`.execute(db);
  },
};
