import type { Kysely, Migration } from 'kysely';

/** What a policyholder reads about a policy, and its documents' metadata (bytes live in the document store). */
export const policyDetailsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('policies').addColumn('payment_method', 'text').execute();
    await db.schema.alterTable('policies').addColumn('tabarru_amount', 'bigint').execute();

    await db.schema
      .createTable('policy_coverages')
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('sum_assured', 'bigint', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
      .addPrimaryKeyConstraint('policy_coverages_pk', ['policy_number', 'seq'])
      .execute();

    await db.schema
      .createTable('policy_beneficiaries')
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('full_name', 'text', (c) => c.notNull())
      .addColumn('relationship', 'text', (c) => c.notNull())
      .addColumn('share_percent', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('policy_beneficiaries_pk', ['policy_number', 'seq'])
      .execute();

    await db.schema
      .createTable('policy_funds')
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('fund_name', 'text', (c) => c.notNull())
      // Units and unit prices have four decimals: kept as integers of ten-thousandths.
      .addColumn('units_e4', 'bigint', (c) => c.notNull())
      .addColumn('unit_price_e4', 'bigint', (c) => c.notNull())
      .addColumn('price_date', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('policy_funds_pk', ['policy_number', 'fund_name'])
      .execute();

    await db.schema
      .createTable('documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      // Set for a document of one member only (a group member's card); null for the whole policy.
      .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('page_count', 'integer', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('password_protected', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('documents_policy').on('documents').column('policy_number').execute();
  },
};
