import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../connect';

/** Customers, policies, accounts, flows, one-time codes, sessions and counters. */
export function identityMigration(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('full_name', 'text', (c) => c.notNull())
        .addColumn('date_of_birth', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('policies')
        .addColumn('policy_number', 'text', (c) => c.primaryKey())
        .addColumn('policy_type', 'text', (c) => c.notNull())
        .addColumn('product_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('policyholder_name', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('sum_assured', 'bigint', (c) => c.notNull())
        .addColumn('premium_amount', 'bigint', (c) => c.notNull())
        .addColumn('premium_frequency', 'text', (c) => c.notNull())
        .addColumn('next_due_date', 'text')
        .execute();

      await db.schema
        .createTable('policy_parties')
        .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('member_number', 'text')
        .addPrimaryKeyConstraint('policy_parties_pk', ['policy_number', 'customer_id', 'role'])
        .execute();
      await db.schema.createIndex('policy_parties_customer').on('policy_parties').column('customer_id').execute();
      await db.schema
        .createIndex('policy_parties_member')
        .on('policy_parties')
        .columns(['policy_number', 'member_number'])
        .unique()
        .where(sql.ref('member_number'), 'is not', null)
        .execute();

      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().unique().references('customers.id'))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('id'))
        .addColumn('legacy_username', 'text', (c) => c.unique())
        .addColumn('legacy_username_until', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('flows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
        .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
        .addColumn('policy_number', 'text')
        .addColumn('username', 'text')
        .addColumn('eula_version', 'text')
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('id'))
        .addColumn('codes_sent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('resend_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('otp_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id'))
        .addColumn('customer_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('otp_codes_flow').on('otp_codes').columns(['flow_id', 'created_at']).execute();
      await db.schema
        .createIndex('otp_codes_customer')
        .on('otp_codes')
        .columns(['customer_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('device_kind', 'text', (c) => c.notNull())
        .addColumn('device_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addColumn('revoke_reason', 'text')
        .execute();
      await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

      await db.schema
        .createTable('access_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();

      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('rate_counters')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_counters_pk', ['key', 'window_start'])
        .execute();

      await db.schema
        .createTable('dev_outbox')
        .addColumn('seq', kind === 'postgres' ? 'bigserial' : 'integer', (c) =>
          kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dev_outbox_to').on('dev_outbox').columns(['to_address', 'seq']).execute();
    },
  };
}
