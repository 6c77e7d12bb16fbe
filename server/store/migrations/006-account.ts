import type { Kysely, Migration } from 'kysely';

/** Akun Saya: notification choices, what the devices list shows, step-up, recent sign-ins. */
export const accountMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('accounts')
      .addColumn('notify_email', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .alterTable('accounts')
      .addColumn('notify_sms', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.alterTable('sessions').addColumn('address', 'text').execute();
    // A contact change is a flow like registration's: the code goes to the new contact.
    await db.schema.alterTable('flows').addColumn('contact_channel', 'text').execute();
    await db.schema.alterTable('flows').addColumn('new_contact', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('last_active_at', 'bigint').execute();
    // When this session last proved the password (step-up); sensitive calls need it recent.
    await db.schema.alterTable('sessions').addColumn('step_up_at', 'bigint').execute();
    await db.schema
      .createTable('sign_ins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('device_kind', 'text', (c) => c.notNull())
      .addColumn('device_name', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sign_ins_account_at').on('sign_ins').columns(['account_id', 'at', 'id']).execute();
  },
};
