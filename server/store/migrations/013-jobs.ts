import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../connect';

/**
 * Durable jobs (ARCHITECTURE.md, Transactions and side effects): everything that follows a
 * committed move — a receipt, a summary PDF, a message, a top-up's units — is a row here,
 * written in the move's transaction and run after it by whichever instance leases it.
 * The message outbox's waiting rows move in as jobs of kind `message`; the outbox table
 * stays, unused, for one release, so that an instance of the last release still starts.
 *
 * Beside it: a bill can be voided (a top-up whose request is cancelled or rejected, whatever
 * its payments; arrears settled by a reinstatement), and a voided bill no longer holds its
 * period, so the day's top-up can be asked for again; the service's own settings (the
 * development clock); and the consultation summaries of personal policies given to the
 * person they are about.
 */
export const jobsMigration = (kind: StoreKind): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      // What makes it once-only: a second job with the same key is not made.
      .addColumn('key', 'text', (c) => c.notNull().unique())
      // JSON; emptied once done when it held a secret (a code in a message).
      .addColumn('payload', 'text', (c) => c.notNull())
      // pending (waiting or leased), done, failed (given up), superseded (no longer wanted).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      // An instance runs it until then (and extends it while it runs); after, another may.
      .addColumn('claimed_until', 'bigint')
      .addColumn('last_error', 'text')
      // Jobs that go together (the messages of one identity flow).
      .addColumn('group_key', 'text')
      // Past this it is given up on, tried or not (a code that died long ago).
      .addColumn('give_up_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
    await db.schema.createIndex('jobs_group').on('jobs').column('group_key').execute();
    await db.schema.createIndex('jobs_kind').on('jobs').columns(['kind', 'status']).execute();

    const waiting = await db.selectFrom('outbox').selectAll().where('status', '=', 'pending').execute();
    for (const m of waiting) {
      await db
        .insertInto('jobs')
        .values({
          id: m.id,
          kind: 'message',
          key: `message:${m.id}`,
          payload: JSON.stringify({
            channel: m.channel,
            to: m.to_address,
            subject: m.subject,
            body: m.body ?? '',
            code: m.code,
            ...(m.attachment_document_id && m.attachment_name
              ? { attachment: { documentId: m.attachment_document_id, fileName: m.attachment_name } }
              : {}),
          }),
          status: 'pending',
          attempts: m.attempts,
          run_at: m.next_attempt_at,
          claimed_until: null,
          last_error: m.last_error,
          group_key: m.flow_id ? `flow:${m.flow_id}` : null,
          give_up_at: Number(m.created_at) + 86_400_000,
          created_at: m.created_at,
          finished_at: null,
        })
        .execute();
    }
    await db.updateTable('outbox').set({ status: 'superseded', body: null, code: null }).execute();

    await db.schema.alterTable('bills').addColumn('voided_at', 'bigint').execute();
    await oneBillPerPeriodUnlessVoided(db, kind);

    await db.schema
      .createTable('service_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    // Medical documents belong to the person they are about, on personal policies too.
    await sql`update documents set customer_id = (
        select c.customer_id from consultations c where c.summary_document_id = documents.id)
      where customer_id is null
        and id in (select summary_document_id from consultations where summary_document_id is not null)`.execute(db);
  },
});

/**
 * A schedule's period (or a day's top-up) has one bill, not counting voided ones. PostgreSQL
 * swaps the constraint for a partial unique index; SQLite cannot drop a constraint, so the
 * table is made again as its documentation says (foreign keys off, one transaction, checked).
 */
async function oneBillPerPeriodUnlessVoided(db: Kysely<any>, kind: StoreKind): Promise<void> {
  if (kind === 'postgres') {
    await sql`alter table bills drop constraint bills_one_per_period`.execute(db);
  } else {
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      await sql`begin`.execute(db);
      await sql`create table bills_new (
          id text primary key,
          policy_number text not null references policies (policy_number),
          kind text not null,
          period_from text not null,
          period_to text not null,
          due_date text not null,
          amount bigint not null,
          paid_at bigint,
          payment_id text,
          created_at bigint not null,
          voided_at bigint)`.execute(db);
      await sql`insert into bills_new (id, policy_number, kind, period_from, period_to, due_date, amount, paid_at,
          payment_id, created_at, voided_at)
        select id, policy_number, kind, period_from, period_to, due_date, amount, paid_at, payment_id, created_at,
          voided_at from bills`.execute(db);
      await sql`drop table bills`.execute(db);
      await sql`alter table bills_new rename to bills`.execute(db);
      await sql`create index bills_policy_due on bills (policy_number, due_date)`.execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error('bills: foreign keys broken by the rebuild');
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db).catch(() => undefined);
      throw err;
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
  }
  await sql`create unique index bills_one_per_period on bills (policy_number, kind, period_from)
    where voided_at is null`.execute(db);
}
