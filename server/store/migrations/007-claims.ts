import { sql, type Kysely, type Migration } from 'kysely';

/** Claims (claims.md): the claim, its files and timeline, claim numbers, and benefit usage. */
export const claimsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('claims')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('claim_number', 'text', (c) => c.notNull().unique())
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      // The insured person the claim is for, and the account that filed it (who sees it and hears of it).
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('filed_by_customer_id', 'text', (c) => c.references('customers.id'))
      .addColumn('filed_by_account_id', 'text', (c) => c.references('accounts.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('event_date', 'text')
      .addColumn('admission_date', 'text')
      .addColumn('discharge_date', 'text')
      .addColumn('provider_id', 'text')
      .addColumn('provider_name', 'text')
      // The provider as the duplicate rule compares it: its id, or its name without case and spacing.
      .addColumn('provider_key', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('diagnosis', 'text')
      .addColumn('icd10', 'text')
      .addColumn('amount_claimed', 'bigint')
      .addColumn('approved_amount', 'bigint')
      .addColumn('paid_amount', 'bigint')
      .addColumn('paid_at', 'bigint')
      .addColumn('payment_reference', 'text')
      .addColumn('rejection_reason', 'text')
      .addColumn('payout_bank_code', 'text')
      .addColumn('payout_account_number', 'text')
      .addColumn('payout_account_holder', 'text')
      .addColumn('request_note', 'text')
      .addColumn('request_kinds', 'text')
      .addColumn('request_at', 'bigint')
      .addColumn('expected_decision_date', 'text')
      .addColumn('guarantee_document_id', 'text', (c) => c.references('documents.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('submitted_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('claims_filer')
      .on('claims')
      .columns(['filed_by_customer_id', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('claims_person').on('claims').columns(['customer_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('claims_status').on('claims').columns(['status', 'created_at', 'id']).execute();
    // The duplicate rule (claims.md) decided by the database: one claim past draft for one stay.
    await sql`create unique index claims_no_duplicate on claims (customer_id, type, event_date, provider_key)
      where status not in ('draft', 'withdrawn')`.execute(db);

    await db.schema
      .createTable('claim_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('claim_id', 'text', (c) => c.notNull().references('claims.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('claim_files_claim').on('claim_files').columns(['claim_id', 'created_at']).execute();

    await db.schema
      .createTable('claim_timeline')
      .addColumn('claim_id', 'text', (c) => c.notNull().references('claims.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('claim_timeline_pk', ['claim_id', 'seq'])
      .execute();

    // KLM-2026-000123: one counter a year, moved by one upsert.
    await db.schema
      .createTable('claim_counters')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();

    // Sisa limit manfaat: what was paid under each benefit in one policy year.
    await db.schema
      .createTable('benefit_usage')
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('benefit_code', 'text', (c) => c.notNull())
      .addColumn('period_from', 'text', (c) => c.notNull())
      .addColumn('used', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('benefit_usage_pk', ['policy_number', 'customer_id', 'benefit_code', 'period_from'])
      .execute();
  },
};
