import type { Kysely, Migration } from 'kysely';

/**
 * Messages to send (one-time codes, notices), written in the same transaction as what they
 * tell of, and sent after commit by a dispatcher that retries and survives a restart.
 */
export const outboxMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      // The text (a code in it) is kept only until it is sent or given up on; then cleared.
      .addColumn('body', 'text')
      .addColumn('code', 'text')
      // The identity flow whose code this is: a failed send lets that flow ask again at once.
      .addColumn('flow_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('claimed_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .execute();
    await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('outbox_flow').on('outbox').column('flow_id').execute();
  },
};
