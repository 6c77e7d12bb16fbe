import type { Kysely, Migration } from 'kysely';

/** An e-mail may carry one stored document (a receipt): named here, its bytes read when it is sent. */
export const outboxAttachmentsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('outbox').addColumn('attachment_document_id', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('attachment_name', 'text').execute();
  },
};
