import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../connect';

/**
 * Teleconsultation (teleconsultation.md): doctors and their sessions (never a customer's),
 * consultations with their messages numbered per consultation, and the doctors' own events.
 */
export function consultationsMigration(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('doctors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('full_name', 'text', (c) => c.notNull())
        .addColumn('license_number', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('doctor_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('doctor_id', 'text', (c) => c.notNull().references('doctors.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();

      await db.schema
        .createTable('consultations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('policy_number', 'text', (c) => c.notNull().references('policies.policy_number'))
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        // The account that started it: its events stream and Kotak Masuk hear of it.
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('symptoms', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('doctor_id', 'text', (c) => c.references('doctors.id'))
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('closed_at', 'bigint')
        .addColumn('summary_text', 'text')
        .addColumn('advice', 'text')
        .addColumn('follow_up', 'text')
        .addColumn('summary_document_id', 'text', (c) => c.references('documents.id'))
        .execute();
      // One open consultation a person: the database decides a race between two starts.
      await sql`create unique index consultations_one_open on consultations (customer_id)
        where status in ('waiting', 'active')`.execute(db);
      await db.schema
        .createIndex('consultations_queue')
        .on('consultations')
        .columns(['status', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('consultations_account')
        .on('consultations')
        .columns(['account_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('consultations_person_day')
        .on('consultations')
        .columns(['customer_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('consultation_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('client_message_id', 'text')
        .addColumn('text', 'text')
        .addColumn('file_key', 'text')
        .addColumn('file_content_type', 'text')
        .addColumn('file_size', 'bigint')
        .addColumn('file_sha256', 'text')
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addColumn('read_at', 'bigint')
        .addUniqueConstraint('consultation_messages_seq', ['consultation_id', 'seq'])
        // A retry with the same client id is the same message.
        .addUniqueConstraint('consultation_messages_client', ['consultation_id', 'sender', 'client_message_id'])
        .execute();

      await db.schema
        .createTable('doctor_events')
        .addColumn('id', kind === 'postgres' ? 'bigserial' : 'integer', (c) =>
          kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('doctor_id', 'text', (c) => c.notNull().references('doctors.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('doctor_events_doctor').on('doctor_events').columns(['doctor_id', 'id']).execute();
    },
  };
}
