import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Premium payment (payments.md): bills as they fall due, payments at the gateway, and the
 * ledger whose unique constraints make a second booking of a bill impossible.
 */
export const paymentsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('bills')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('period_from', 'text', (c) => c.notNull())
      .addColumn('period_to', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('paid_at', 'bigint')
      .addColumn('payment_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // A schedule's bill is made once, whichever instance reads the schedule first.
      .addUniqueConstraint('bills_one_per_period', ['policy_number', 'kind', 'period_from'])
      .execute();
    await db.schema.createIndex('bills_policy_due').on('bills').columns(['policy_number', 'due_date']).execute();

    await db.schema
      .createTable('payments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('bill_id', 'text', (c) => c.notNull().references('bills.id'))
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      // `creating` while the gateway is asked; then pending, paid, expired, failed, cancelled.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('va_number', 'text')
      .addColumn('bank_code', 'text')
      .addColumn('qr_string', 'text')
      .addColumn('redirect_url', 'text')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('gateway_transaction_id', 'text')
      .addColumn('failure_reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('paid_at', 'bigint')
      .addColumn('receipt_document_id', 'text', (c) => c.references('documents.id'))
      .addUniqueConstraint('payments_one_per_key', ['account_id', 'idempotency_key'])
      .execute();
    await db.schema
      .createIndex('payments_account')
      .on('payments')
      .columns(['account_id', 'created_at', 'id'])
      .execute();
    // At most one payment of a bill waits at the gateway.
    await sql`create unique index payments_one_pending on payments (bill_id) where status in ('creating', 'pending')`.execute(
      db,
    );

    await db.schema
      .createTable('ledger_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('payment_id', 'text', (c) => c.notNull().unique().references('payments.id'))
      .addColumn('bill_id', 'text', (c) => c.notNull().unique().references('bills.id'))
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('gateway_transaction_id', 'text', (c) => c.notNull().unique())
      .addColumn('booked_at', 'bigint', (c) => c.notNull())
      .execute();

    // Every notification that changed nothing and why (a wrong amount, an unknown order), for reconciliation.
    await db.schema
      .createTable('gateway_notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('transaction_status', 'text', (c) => c.notNull())
      .addColumn('gross_amount', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .execute();

    // The development gateway's own transactions (`/dev/gateway`), as Midtrans would keep them.
    await db.schema
      .createTable('sim_transactions')
      .addColumn('order_id', 'text', (c) => c.primaryKey())
      .addColumn('transaction_id', 'text', (c) => c.notNull())
      .addColumn('payment_type', 'text', (c) => c.notNull())
      .addColumn('bank', 'text')
      .addColumn('gross_amount', 'text', (c) => c.notNull())
      .addColumn('transaction_status', 'text', (c) => c.notNull())
      .addColumn('va_number', 'text')
      .addColumn('qr_string', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
