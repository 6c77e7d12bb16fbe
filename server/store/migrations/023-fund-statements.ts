import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Fund values and statements (statements.md): every unit movement a policy makes (a premium's
 * allocation, a top-up, a switch, a withdrawal) kept as it happens, so the units held on any past
 * date are today's less what moved since; and the statements asked for or made each January.
 * Additive: new tables only.
 */
export const fundStatementsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('unit_movements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('price_date', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('fund_code', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      // Signed: bought units are positive, sold ones negative.
      .addColumn('units_e4', 'bigint', (c) => c.notNull())
      .addColumn('price_e4', 'bigint', (c) => c.notNull())
      .addColumn('request_id', 'text')
      .addColumn('bill_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await sql`create index unit_movements_policy on unit_movements (policy_number, price_date, id)`.execute(db);
    // A premium is allocated once to each fund, however often its job runs.
    await sql`create unique index unit_movements_bill on unit_movements (bill_id, fund_code) where bill_id is not null`.execute(
      db,
    );
    await db.schema
      .createTable('statements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('account_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('period_from', 'text', (c) => c.notNull())
      .addColumn('period_to', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('ready_at', 'bigint')
      .execute();
    await sql`create index statements_policy on statements (policy_number, created_at)`.execute(db);
    await sql`create unique index statements_yearly on statements (policy_number, period_from) where kind = 'yearly'`.execute(
      db,
    );
  },
};
