import type { Kysely, Migration } from 'kysely';

/**
 * Closing an account (complaints-privacy.md): the row stays, without a login, because the
 * records the law keeps (claims, payments, requests, complaints, consultations) point at it, and
 * a person who registers again takes it up anew. Additive: one nullable column.
 */
export const accountClosureMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('accounts').addColumn('closed_at', 'bigint').execute();
  },
};
