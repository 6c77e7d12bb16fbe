import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Policy numbers as the insurer prints them (answers carry that form), and
 * beneficiaries of one group member rather than of the whole group policy.
 */
export const policyPrintingMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('policies').addColumn('printed_number', 'text').execute();
    // Rows from before this migration have only the normalised key: it stands for the printed form too.
    await sql`update policies set printed_number = policy_number where printed_number is null`.execute(db);
    // Null: a beneficiary of the whole policy; set: of that group member only.
    await db.schema
      .alterTable('policy_beneficiaries')
      .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
      .execute();
  },
};
