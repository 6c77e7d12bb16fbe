import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Online policy transactions (policy-requests.md): requests with their timeline, one pending
 * of a type on a policy, the policy's correspondence address, its audit trail, and fund prices.
 */
export const requestsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('effective_date', 'text')
      .addColumn('rejection_reason', 'text')
      // A top-up's bill: the request is done when it is paid.
      .addColumn('bill_id', 'text', (c) => c.references('bills.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // One pending request of a type on a policy: the database decides a race.
    await sql`create unique index requests_one_pending on requests (policy_number, type)
      where status in ('submitted', 'in_process')`.execute(db);
    await db.schema
      .createIndex('requests_account')
      .on('requests')
      .columns(['account_id', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('request_timeline')
      .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('request_timeline_pk', ['request_id', 'seq'])
      .execute();

    await db.schema
      .createTable('request_counters')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('policy_addresses')
      .addColumn('policy_number', 'text', (c) => c.primaryKey().references('policies.policy_number'))
      .addColumn('line1', 'text', (c) => c.notNull())
      .addColumn('line2', 'text')
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('province', 'text', (c) => c.notNull())
      .addColumn('postal_code', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('policy_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('what', 'text', (c) => c.notNull())
      .addColumn('request_number', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('policy_history_policy')
      .on('policy_history')
      .columns(['policy_number', 'at'])
      .execute();

    await db.schema.alterTable('policy_beneficiaries').addColumn('date_of_birth', 'text').execute();

    // Unit prices per fund and day, in ten-thousandths of a rupiah (as policy_funds keeps them).
    await db.schema
      .createTable('fund_prices')
      .addColumn('fund_code', 'text', (c) => c.notNull())
      .addColumn('price_date', 'text', (c) => c.notNull())
      .addColumn('price_e4', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('fund_prices_pk', ['fund_code', 'price_date'])
      .execute();
  },
};
