import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Complaints (complaints-privacy.md): the complaint with its due date in working days, its
 * timeline, its files, its yearly number series; and the back office's alerts (a complaint
 * past its due date, a year without its decree of holidays), each raised once by its key.
 * Additive: new tables only.
 */
export const complaintsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('complaints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('complaint_number', 'text', (c) => c.notNull().unique())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      // Who filed it and hears of it; emptied if the account is closed (the complaint is kept).
      .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('subject_kind', 'text')
      .addColumn('subject_id', 'text')
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('channel', 'text')
      // The person's language at filing: the receipt and the messages speak it.
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      // Jakarta dates (YYYY-MM-DD): receipt, and the due date in working days.
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('extension_reason', 'text')
      .addColumn('extended_at', 'bigint')
      .addColumn('answer', 'text')
      .addColumn('outcome', 'text')
      .addColumn('answered_at', 'bigint')
      .addColumn('answered_on', 'text')
      .addColumn('feedback_satisfied', 'integer')
      .addColumn('feedback_reason', 'text')
      .addColumn('feedback_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      // The tanda terima pengaduan, in the document store under this key once made.
      .addColumn('receipt_document_id', 'text')
      .addColumn('receipt_size_bytes', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await sql`create index complaints_customer on complaints (customer_id, created_at, id)`.execute(db);
    await sql`create index complaints_status_due on complaints (status, due_date)`.execute(db);
    await sql`create index complaints_received on complaints (received_at)`.execute(db);
    await sql`create index complaints_created on complaints (created_at, id)`.execute(db);

    await db.schema
      .createTable('complaint_timeline')
      .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('complaint_timeline_pk', ['complaint_id', 'seq'])
      .execute();

    await db.schema
      .createTable('complaint_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('complaint_files_complaint').on('complaint_files').column('complaint_id').execute();

    await db.schema
      .createTable('complaint_counters')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('back_office_alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // Once-only: an alert whose key exists already is not raised again (a second instance, a rerun).
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      // JSON: what the alert is about (ids, numbers), never a person's data beyond them.
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('acknowledged_at', 'bigint')
      .addColumn('acknowledged_by', 'text')
      .execute();
    await sql`create index back_office_alerts_created on back_office_alerts (created_at, id)`.execute(db);
  },
};
