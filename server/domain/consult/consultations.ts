import type { Consultation, ConsultationCreate, ConsultationMessage } from '../../../contract/api/consultations';
import { isUniqueViolation } from '../../store/connect';
import { iso, jakartaDate } from '../clock';
import { brokenRules, ServiceError } from '../errors';
import type { Principal } from '../identity/sessions';
import { newId } from '../identity/secrets';
import { newestFirst, pageOf } from '../paging';
import type { Policies } from '../policies/policies';
import { CARD_STATUSES } from '../policies/policies';
import { serviceHours } from './hours';
import { presentMessage, type ConsultationRecords, type ConsultationRow, type NewMessage } from './records';
import { TypingGate } from './typing';
import type { Readable } from 'node:stream';
import type { DocumentStore } from '../documents/store';
import type { Uploads } from '../uploads/uploads';

/** Statuses in which a person may still write (a waiting one: queued for the doctor). */
const WRITABLE = ['waiting', 'active'] as const;

/** Numbers drawn for one consultation before its start fails (two draws that collide are rare already). */
const MAX_NUMBER_DRAWS = 5;

/**
 * Telekonsultasi, the person's side (teleconsultation.md, Consultations): start one for
 * oneself or an insured person of one's policy, wait in the queue, write, read, close.
 */
export class Consultations {
  private readonly typing = new TypingGate();

  constructor(
    private readonly records: ConsultationRecords,
    private readonly policies: Policies,
    private readonly uploads: Uploads,
    private readonly store: DocumentStore,
  ) {}

  private get db() {
    return this.records.db;
  }

  async start(p: Principal, body: ConsultationCreate): Promise<Consultation> {
    const now = this.records.clock.now();
    const view = await this.policies.claimantView(p.customerId, body.policyNumber);
    if (!view || !view.people.some((x) => x.customerId === body.personId))
      throw new ServiceError('not_found', 'No such policy or person.');
    if (!CARD_STATUSES.has(view.status)) throw brokenRules(['policy_not_active']);
    const { opens, closes, dailyLimit } = this.records.settings;
    const hours = serviceHours(now, opens, closes);
    if (!hours.open) throw brokenRules(['closed'], { opensAt: iso(hours.opensAt) });
    const open = await this.db
      .selectFrom('consultations')
      .select('id')
      .where('customer_id', '=', body.personId)
      .where('status', 'in', ['waiting', 'active'])
      .executeTakeFirst();
    if (open) throw brokenRules(['already_open'], { id: open.id });
    const dayStart = Date.parse(`${jakartaDate(now)}T00:00:00+07:00`);
    const today = await this.db
      .selectFrom('consultations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', body.personId)
      .where('created_at', '>=', dayStart)
      .executeTakeFirstOrThrow();
    if (Number(today.n) >= dailyLimit) throw brokenRules(['daily_limit'], { limit: dailyLimit });

    const row: ConsultationRow = {
      id: newId(),
      number: '',
      policy_number: view.policyNumber,
      customer_id: body.personId,
      account_id: p.accountId,
      topic: body.topic,
      symptoms: body.symptoms,
      status: 'waiting',
      doctor_id: null,
      last_seq: 0,
      created_at: now,
      started_at: null,
      closed_at: null,
      summary_text: null,
      advice: null,
      follow_up: null,
      summary_document_id: null,
    };
    for (let draw = 1; ; draw++) {
      row.number = this.records.drawNumber(now);
      try {
        await this.db.transaction().execute(async (trx) => {
          await this.records.lock(trx, row);
          await trx.insertInto('consultations').values(row).execute();
          await this.records.tell(trx, row, 'consultation.status', { consultationId: row.id, status: 'waiting' });
          await this.records.queueChanged(trx);
        });
        return this.records.present(this.db, row);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Two starts at once: the database let one in. Or the day's number was drawn before: another draw.
        const other = await this.db
          .selectFrom('consultations')
          .select('id')
          .where('customer_id', '=', body.personId)
          .where('status', 'in', ['waiting', 'active'])
          .executeTakeFirst();
        if (other) throw brokenRules(['already_open'], { id: other.id });
        if (draw >= MAX_NUMBER_DRAWS) throw err;
      }
    }
  }

  /** The person's own, or one they started for an insured person; anything else answers as missing. */
  private async visible(p: Principal, id: string): Promise<ConsultationRow> {
    const row = await this.records.row(this.db, id);
    if (!row || (row.account_id !== p.accountId && row.customer_id !== p.customerId))
      throw new ServiceError('not_found', 'No such consultation.');
    return row;
  }

  async get(p: Principal, id: string): Promise<Consultation> {
    return this.records.present(this.db, await this.visible(p, id));
  }

  async list(
    p: Principal,
    q: { limit: number; cursor?: string },
  ): Promise<{ consultations: Consultation[]; nextCursor?: string }> {
    const query = this.db
      .selectFrom('consultations')
      .selectAll()
      .where((eb) => eb.or([eb('account_id', '=', p.accountId), eb('customer_id', '=', p.customerId)]));
    const { page, nextCursor } = pageOf(await newestFirst(query, q).execute(), q.limit, (r) => r.created_at);
    return {
      consultations: await Promise.all(page.map((r) => this.records.present(this.db, r))),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  async cancel(p: Principal, id: string): Promise<Consultation> {
    const row = await this.visible(p, id);
    const now = this.records.clock.now();
    const moved = await this.db.transaction().execute(async (trx) => {
      await this.records.lock(trx, row);
      const m = await this.records.move(trx, row.id, ['waiting'], 'cancelled', { closed_at: now });
      if (m) await this.records.queueChanged(trx);
      return m;
    });
    if (!moved)
      throw new ServiceError('transition_invalid', 'Only a waiting consultation can be cancelled.', { allowed: [] });
    return this.records.present(this.db, moved);
  }

  async messages(p: Principal, id: string, after: number, limit: number): Promise<ConsultationMessage[]> {
    const row = await this.visible(p, id);
    return readMessages(this.records, row.id, after, limit);
  }

  /** A message; the same `clientMessageId` again answers the same message, never a second one. */
  async send(p: Principal, id: string, body: { clientMessageId: string; text: string }): Promise<ConsultationMessage> {
    const row = await this.visible(p, id);
    return sendMessage(this.records, row, 'customer', body);
  }

  /** A photo for the doctor (a rash, a wound): JPEG or PNG by the upload rules, without its metadata. */
  async sendImage(
    p: Principal,
    id: string,
    upload: { body: Readable; contentType: string; length?: number; clientMessageId?: string },
  ): Promise<ConsultationMessage> {
    const row = await this.visible(p, id);
    return sendImage(this.records, this.uploads, row, 'customer', upload);
  }

  async readImage(p: Principal, id: string, fileId: string) {
    const row = await this.visible(p, id);
    return readImage(this.records, this.store, row.id, fileId);
  }

  async markRead(p: Principal, id: string, upToSeq: number): Promise<void> {
    const row = await this.visible(p, id);
    await markRead(this.records, row, 'customer', upToSeq);
  }

  async typingNow(p: Principal, id: string): Promise<void> {
    const row = await this.visible(p, id);
    if (!WRITABLE.includes(row.status as (typeof WRITABLE)[number])) return;
    if (!this.typing.pass(`${row.id}:customer`, this.records.clock.now())) return;
    await this.db
      .transaction()
      .execute((trx) =>
        this.records.tell(trx, row, 'consultation.typing', { consultationId: row.id, from: 'customer' }),
      );
  }
}

export async function readMessages(
  records: ConsultationRecords,
  consultationId: string,
  after: number,
  limit: number,
): Promise<ConsultationMessage[]> {
  const rows = await records.db
    .selectFrom('consultation_messages')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(presentMessage);
}

/** A message of this sender with this client id, if the service has it already. */
async function byClientId(
  records: ConsultationRecords,
  consultationId: string,
  sender: 'customer' | 'doctor',
  clientMessageId: string,
): Promise<ConsultationMessage | undefined> {
  const m = await records.db
    .selectFrom('consultation_messages')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('sender', '=', sender)
    .where('client_message_id', '=', clientMessageId)
    .executeTakeFirst();
  return m && presentMessage(m);
}

/** The person writes while it waits or runs; the doctor while it runs. */
function openFor(sender: 'customer' | 'doctor', status: string): boolean {
  return sender === 'customer' ? (WRITABLE as readonly string[]).includes(status) : status === 'active';
}
const closedToMessages = () =>
  new ServiceError('transition_invalid', 'This consultation takes no more messages.', { allowed: [] });

/**
 * Appends while the consultation is open to this sender: the append's own conditional update
 * decides, so a message racing the doctor's close either lands before it or is refused.
 */
async function appendWhileOpen(
  records: ConsultationRecords,
  row: ConsultationRow,
  sender: 'customer' | 'doctor',
  content: NewMessage,
): Promise<ConsultationMessage> {
  const now = records.clock.now();
  return records.db.transaction().execute(async (trx) => {
    await records.lock(trx, row, row.doctor_id);
    const m = await records.append(trx, row, sender, content, now, sender === 'customer' ? WRITABLE : ['active']);
    if (!m) throw closedToMessages();
    return m;
  });
}

/** Sends for either side, once per client id (a retry after a drop finds the first). */
export async function sendMessage(
  records: ConsultationRecords,
  row: ConsultationRow,
  sender: 'customer' | 'doctor',
  body: { clientMessageId: string; text: string },
): Promise<ConsultationMessage> {
  const before = await byClientId(records, row.id, sender, body.clientMessageId);
  if (before) return before;
  if (!openFor(sender, row.status)) throw closedToMessages();
  try {
    return await appendWhileOpen(records, row, sender, { clientMessageId: body.clientMessageId, text: body.text });
  } catch (err) {
    // The same message twice at once: the first one stands, and is the answer to both.
    if (isUniqueViolation(err)) {
      const first = await byClientId(records, row.id, sender, body.clientMessageId);
      if (first) return first;
    }
    throw err;
  }
}

/** Read marks: the other side's messages up to `upToSeq`; the other side hears of it. */
export async function markRead(
  records: ConsultationRecords,
  row: ConsultationRow,
  reader: 'customer' | 'doctor',
  upToSeq: number,
): Promise<void> {
  const now = records.clock.now();
  await records.db.transaction().execute(async (trx) => {
    await records.lock(trx, row, row.doctor_id);
    const marked = await trx
      .updateTable('consultation_messages')
      .set({ read_at: now })
      .where('consultation_id', '=', row.id)
      .where('sender', '=', reader === 'customer' ? 'doctor' : 'customer')
      .where('seq', '<=', upToSeq)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) > 0)
      await records.tell(trx, row, 'consultation.read', { consultationId: row.id, from: reader, upToSeq });
  });
}

/** Only photos go into a consultation: a PDF belongs in a claim. */
const IMAGE_TYPES = ['image/jpeg', 'image/png'];

export async function sendImage(
  records: ConsultationRecords,
  uploads: Uploads,
  row: ConsultationRow,
  sender: 'customer' | 'doctor',
  upload: { body: Readable; contentType: string; length?: number; clientMessageId?: string },
): Promise<ConsultationMessage> {
  if (!openFor(sender, row.status)) throw closedToMessages();
  if (upload.clientMessageId) {
    const before = await byClientId(records, row.id, sender, upload.clientMessageId);
    if (before) return before;
  }
  if (!IMAGE_TYPES.includes(upload.contentType.split(';')[0]!.trim().toLowerCase()))
    throw new ServiceError('file_type_refused', 'Only photos (JPEG, PNG) go into a consultation.', {
      reason: 'type_not_allowed',
    });
  return uploads.acceptAndRecord(upload, (stored) =>
    appendWhileOpen(records, row, sender, {
      ...(upload.clientMessageId ? { clientMessageId: upload.clientMessageId } : {}),
      file: { key: stored.storageKey, contentType: stored.contentType, size: stored.sizeBytes, sha256: stored.sha256 },
    }),
  );
}

export async function readImage(
  records: ConsultationRecords,
  store: DocumentStore,
  consultationId: string,
  fileId: string,
) {
  const m = await records.db
    .selectFrom('consultation_messages')
    .selectAll()
    .where('id', '=', fileId)
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst();
  if (!m?.file_key || !m.file_content_type) throw new ServiceError('not_found', 'No such file.');
  return { contentType: m.file_content_type, size: Number(m.file_size ?? 0), body: await store.read(m.file_key) };
}
