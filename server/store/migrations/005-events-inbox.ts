import type { Kysely, Migration } from 'kysely';
import type { StoreKind } from '../connect';

/**
 * The events stream's table (ids increase, so a client resumes after the last one it has)
 * and the inbox. Events are written in the transaction that caused them.
 */
export function eventsInboxMigration(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('events')
        .addColumn('id', kind === 'postgres' ? 'bigserial' : 'integer', (c) =>
          kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_account').on('events').columns(['account_id', 'id']).execute();
      await db.schema.createIndex('events_created').on('events').column('created_at').execute();

      await db.schema
        .createTable('inbox_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('category', 'text', (c) => c.notNull())
        // The text is written when read, in the language the person uses then.
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('link_kind', 'text')
        .addColumn('link_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('read_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('inbox_account_created')
        .on('inbox_messages')
        .columns(['account_id', 'created_at', 'id'])
        .execute();
    },
  };
}
