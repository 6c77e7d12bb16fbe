import type { Kysely } from 'kysely';
import { newId } from '../domain/identity/secrets';
import type { Database } from '../store/schema';
import type { OutgoingMessage } from './transport';

/**
 * Writes messages to the outbox, in the caller's transaction: they leave only if what they
 * tell of commits, and nothing the transaction says is lost if the process dies after it.
 */
export async function enqueue(
  db: Kysely<Database>,
  now: number,
  messages: OutgoingMessage[],
  flowId: string | null = null,
): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((m) => ({
    id: newId(),
    channel: m.channel,
    to_address: m.to,
    subject: m.subject,
    body: m.body,
    code: m.code,
    flow_id: flowId,
    status: 'pending' as const,
    attempts: 0,
    next_attempt_at: now,
    claimed_until: null,
    last_error: null,
    created_at: now,
    sent_at: null,
    attachment_document_id: m.attachment?.documentId ?? null,
    attachment_name: m.attachment?.fileName ?? null,
  }));
  await db.insertInto('outbox').values(rows).execute();
  return rows.map((r) => r.id);
}

/** A new code for a flow makes its earlier, unsent ones pointless: they are not sent any more. */
export async function supersedeFlowMessages(db: Kysely<Database>, flowId: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'superseded', body: null, code: null })
    .where('flow_id', '=', flowId)
    .where('status', '=', 'pending')
    .execute();
}
