import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Autodebit (payments.md, Reminders and autodebit): one per policy, its card token sealed with
 * the server key, and one collection attempt per bill and debit day — kept by a unique index,
 * so that no planning, retry or second instance charges a bill twice on one day. The simulator
 * learns saved cards. Additive: new tables and nullable columns only.
 */
export const autodebitMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('autodebits')
      .addColumn('policy_number', 'text', (c) => c.primaryKey().references('policies.policy_number'))
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('debit_day', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('card_token_sealed', 'text')
      .addColumn('card_brand', 'text')
      .addColumn('card_last4', 'text')
      .addColumn('bank_account_number', 'text')
      .addColumn('bank_account_holder', 'text')
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('ended_reason', 'text')
      .execute();
    await sql`create index autodebits_due on autodebits (status, debit_day)`.execute(db);
    await db.schema
      .createTable('autodebit_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy_number', 'text', (c) => c.notNull())
      .addColumn('bill_id', 'text', (c) => c.notNull().references('bills.id'))
      .addColumn('debit_date', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('payment_id', 'text')
      .addColumn('reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('settled_at', 'bigint')
      .execute();
    await sql`create unique index autodebit_attempts_once on autodebit_attempts (bill_id, debit_date)`.execute(db);
    await sql`create index autodebit_attempts_day on autodebit_attempts (debit_date, method)`.execute(db);
    await sql`create index autodebit_attempts_policy on autodebit_attempts (policy_number, created_at)`.execute(db);
    await db.schema.alterTable('sim_transactions').addColumn('saved_token_id', 'text').execute();
    await db.schema.alterTable('sim_transactions').addColumn('masked_card', 'text').execute();
    await db.schema
      .createTable('sim_card_tokens')
      .addColumn('token', 'text', (c) => c.primaryKey())
      .addColumn('masked_card', 'text', (c) => c.notNull())
      .addColumn('declines', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
