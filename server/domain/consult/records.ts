import type { Kysely, Selectable } from 'kysely';
import type { Consultation, ConsultationMessage, ConsultationStatus } from '../../../contract/api/consultations';
import type { ConsultationMessagesTable, ConsultationsTable, Database } from '../../store/schema';
import type { StoreKind } from '../../store/connect';
import { lockInOrder } from '../../store/lock-order';
import { iso, jakartaDate, type Clock } from '../clock';
import type { EventName } from '../../../contract/api/events';
import type { EventHub } from '../events/hub';
import type { Inbox } from '../events/inbox';
import { newId, randomToken } from '../identity/secrets';

export type ConsultationRow = Selectable<ConsultationsTable>;
export type MessageRow = Selectable<ConsultationMessagesTable>;

export interface ConsultSettings {
  opens: string;
  closes: string;
  waitMinutes: number;
  dailyLimit: number;
}

/** `TK-20261126-7QX4`: the day in Jakarta and four letters nobody misreads. */
function consultationNumber(now: number): string {
  const letters = randomToken(8)
    .replace(/[^A-HJ-NP-Z2-9]/gu, '')
    .slice(0, 4)
    .padEnd(4, 'X');
  return `TK-${jakartaDate(now).replace(/-/gu, '')}-${letters}`;
}

/** A queue moves at about this pace per doctor on duty (for the estimate the person sees). */
const MINUTES_PER_CONSULTATION = 10;

export function presentMessage(m: MessageRow): ConsultationMessage {
  return {
    messageId: m.id,
    seq: m.seq,
    from: m.sender,
    ...(m.text !== null ? { text: m.text } : {}),
    ...(m.file_key && m.file_content_type
      ? { file: { fileId: m.id, contentType: m.file_content_type, sizeBytes: Number(m.file_size ?? 0) } }
      : {}),
    sentAt: iso(m.sent_at),
    ...(m.read_at !== null ? { readAt: iso(m.read_at) } : {}),
    ...(m.client_message_id ? { clientMessageId: m.client_message_id } : {}),
  };
}

export interface NewMessage {
  clientMessageId?: string;
  text?: string;
  file?: { key: string; contentType: string; size: number; sha256: string };
}

/**
 * The consultations' records, shared by the person's side and the doctor's: how one is
 * answered, its messages numbered per consultation, its moves, and who hears of them (the
 * person's account, the doctor who took it, and every doctor for the queue).
 */
export class ConsultationRecords {
  constructor(
    readonly db: Kysely<Database>,
    readonly clock: Clock,
    readonly hub: EventHub,
    readonly inbox: Inbox,
    readonly settings: ConsultSettings,
    readonly kind: StoreKind,
  ) {}

  /** A new consultation's number (a random draw: the start draws again if the day has it already). */
  drawNumber: (now: number) => string = consultationNumber;

  async row(db: Kysely<Database>, id: string): Promise<ConsultationRow | undefined> {
    return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The place in the queue, oldest first (fair), and an estimate from the doctors on duty. */
  async queuePlace(db: Kysely<Database>, row: ConsultationRow): Promise<{ position: number; minutes: number }> {
    const ahead = await db
      .selectFrom('consultations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'waiting')
      .where((eb) =>
        eb.or([
          eb('created_at', '<', row.created_at),
          eb.and([eb('created_at', '=', row.created_at), eb('id', '<', row.id)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    const onDuty = await db
      .selectFrom('doctor_sessions')
      .select((eb) => eb.fn.count<number>('doctor_id').distinct().as('n'))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.clock.now())
      .executeTakeFirstOrThrow();
    const position = Number(ahead.n) + 1;
    return {
      position,
      minutes: Math.ceil(position / Math.max(1, Number(onDuty.n))) * MINUTES_PER_CONSULTATION,
    };
  }

  async present(db: Kysely<Database>, row: ConsultationRow): Promise<Consultation> {
    const person = await db
      .selectFrom('customers')
      .select('full_name')
      .where('id', '=', row.customer_id)
      .executeTakeFirstOrThrow();
    const doctor = row.doctor_id
      ? await db
          .selectFrom('doctors')
          .select(['full_name', 'license_number'])
          .where('id', '=', row.doctor_id)
          .executeTakeFirst()
      : undefined;
    const printed = await db
      .selectFrom('policies')
      .select('printed_number')
      .where('policy_number', '=', row.policy_number)
      .executeTakeFirstOrThrow();
    const place = row.status === 'waiting' ? await this.queuePlace(db, row) : undefined;
    return {
      consultationId: row.id,
      number: row.number,
      policyNumber: printed.printed_number,
      person: { personId: row.customer_id, fullName: person.full_name },
      topic: row.topic,
      symptoms: row.symptoms,
      status: row.status,
      ...(place ? { queuePosition: place.position, estimatedWaitMinutes: place.minutes } : {}),
      ...(doctor ? { doctor: { name: doctor.full_name, licenseNumber: doctor.license_number } } : {}),
      createdAt: iso(row.created_at),
      ...(row.started_at !== null ? { startedAt: iso(row.started_at) } : {}),
      ...(row.closed_at !== null ? { closedAt: iso(row.closed_at) } : {}),
      ...(row.status === 'closed' && row.summary_document_id
        ? {
            summary: {
              text: row.summary_text ?? '',
              advice: row.advice ?? '',
              followUp: row.follow_up ?? '',
              documentId: row.summary_document_id,
            },
          }
        : {}),
      lastSeq: row.last_seq,
    };
  }

  /**
   * Adds a message with the consultation's next `seq`, if the consultation is still in one of
   * `openIn` (undefined: whatever its status, for the service's own lines). The counter is
   * taken by one conditional update of the consultation's row, which decides against a close
   * at the same moment and holds the row until the transaction ends: two messages at once get
   * two numbers, in the order they commit. Answers undefined when it was no longer open.
   */
  async append(
    trx: Kysely<Database>,
    row: ConsultationRow,
    sender: MessageRow['sender'],
    content: NewMessage,
    now: number,
    openIn?: readonly ConsultationStatus[],
  ): Promise<ConsultationMessage | undefined> {
    let bump = trx
      .updateTable('consultations')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
      .where('id', '=', row.id);
    if (openIn) bump = bump.where('status', 'in', [...openIn]);
    const bumped = await bump.returning(['last_seq', 'doctor_id']).executeTakeFirst();
    if (!bumped) return undefined;
    const m: MessageRow = {
      id: newId(),
      consultation_id: row.id,
      seq: bumped.last_seq,
      sender,
      client_message_id: content.clientMessageId ?? null,
      text: content.text ?? null,
      file_key: content.file?.key ?? null,
      file_content_type: content.file?.contentType ?? null,
      file_size: content.file?.size ?? null,
      file_sha256: content.file?.sha256 ?? null,
      sent_at: now,
      read_at: null,
    };
    await trx.insertInto('consultation_messages').values(m).execute();
    const message = presentMessage(m);
    await this.tell(trx, { ...row, doctor_id: bumped.doctor_id }, 'consultation.message', {
      consultationId: row.id,
      message,
    });
    return message;
  }

  /** Both sides hear of it: the person's account, and the doctor who took it. */
  async tell(trx: Kysely<Database>, row: ConsultationRow, name: EventName, data: unknown): Promise<void> {
    const now = this.clock.now();
    await this.hub.raise(trx, row.account_id, name, data, now);
    if (row.doctor_id) await this.hub.raiseForDoctor(trx, row.doctor_id, name, data, now);
  }

  /** Kotak Masuk (and SMS or e-mail, by the person's choices) for the end of a consultation. */
  async tellInbox(trx: Kysely<Database>, row: ConsultationRow, status: 'closed' | 'expired'): Promise<void> {
    await this.inbox.deliver(
      trx,
      {
        accountId: row.account_id,
        category: 'consultation',
        template: 'consultation_status',
        params: { consultationNumber: row.number, status },
        link: { kind: 'consultation', id: row.id },
        send: true,
      },
      this.clock.now(),
    );
  }

  /** Every doctor hears that the queue changed (the console reads it again): a signal, no row locked. */
  async queueChanged(trx: Kysely<Database>): Promise<void> {
    await this.hub.queueChanged(trx);
  }

  /**
   * The rows a consultation's transaction will write, locked first in the one order
   * (server/store/lock-order.ts): the person's account, the consultation, its doctor.
   */
  async lock(trx: Kysely<Database>, row: Pick<ConsultationRow, 'id' | 'account_id'>, doctorId?: string | null) {
    await lockInOrder(trx, this.kind, { account: row.account_id, consultation: row.id, doctor: doctorId });
  }

  /** One statement moves it, from one of `from` only: of two racing moves one wins. */
  async move(
    trx: Kysely<Database>,
    id: string,
    from: ConsultationStatus[],
    to: ConsultationStatus,
    set: Partial<ConsultationRow> = {},
  ): Promise<ConsultationRow | undefined> {
    const moved = await trx
      .updateTable('consultations')
      .set({ ...set, status: to })
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
    if (!moved) return undefined;
    await this.tell(trx, moved, 'consultation.status', { consultationId: id, status: to });
    return moved;
  }

  /**
   * A waiting consultation no doctor took within the wait (setting, default 30 minutes)
   * expires, with a message to the person. Run every half minute; each in its own transaction.
   */
  async expireWaiting(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db
      .selectFrom('consultations')
      .select('id')
      .where('status', '=', 'waiting')
      .where('created_at', '<=', now - this.settings.waitMinutes * 60_000)
      .limit(100)
      .execute();
    let expired = 0;
    for (const { id } of due) {
      const done = await this.db.transaction().execute(async (trx) => {
        const current = await this.row(trx, id);
        if (!current) return false;
        await this.lock(trx, current);
        const moved = await this.move(trx, id, ['waiting'], 'expired', { closed_at: now });
        if (!moved) return false;
        await this.append(trx, moved, 'system', { text: 'expired' }, now);
        await this.tellInbox(trx, moved, 'expired');
        await this.queueChanged(trx);
        return true;
      });
      if (done) expired++;
    }
    return expired;
  }
}
