import type { z } from 'zod';
import type {
  CloseConsultation,
  Consultation,
  ConsultationMessage,
  QueueEntrySchema,
} from '../../../contract/api/consultations';
import { iso, jakartaDate } from '../clock';
import type { Documents } from '../documents/documents';
import { ServiceError } from '../errors';
import { markRead, readImage, readMessages, sendMessage } from './consultations';
import type { DocumentStore } from '../documents/store';
import type { DoctorPrincipal } from './doctors';
import type { ConsultationRecords, ConsultationRow } from './records';
import { consultationSummaryPdf } from './summary-pdf';
import { TypingGate } from './typing';

type QueueEntry = z.infer<typeof QueueEntrySchema>;

function ageOn(dateOfBirth: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return today.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/**
 * Telekonsultasi, the doctor's side (teleconsultation.md, Doctors): the queue oldest first,
 * taking one (one doctor wins a race), the chat, and the close with its summary, which
 * becomes the person's PDF and a Kotak Masuk message in the same transaction.
 */
export class DoctorDesk {
  private readonly typing = new TypingGate();

  constructor(
    private readonly records: ConsultationRecords,
    private readonly documents: Documents,
    private readonly store: DocumentStore,
  ) {}

  private get db() {
    return this.records.db;
  }

  async queue(): Promise<QueueEntry[]> {
    const today = jakartaDate(this.records.clock.now());
    const rows = await this.db
      .selectFrom('consultations')
      .innerJoin('customers', 'customers.id', 'consultations.customer_id')
      .select([
        'consultations.id',
        'consultations.number',
        'consultations.topic',
        'consultations.symptoms',
        'consultations.created_at',
        'customers.full_name',
        'customers.date_of_birth',
      ])
      .where('consultations.status', '=', 'waiting')
      .orderBy('consultations.created_at')
      .orderBy('consultations.id')
      .limit(200)
      .execute();
    return rows.map((r, i) => ({
      consultationId: r.id,
      number: r.number,
      topic: r.topic,
      symptoms: r.symptoms,
      createdAt: iso(r.created_at),
      queuePosition: i + 1,
      person: { fullName: r.full_name, age: ageOn(r.date_of_birth, today) },
    }));
  }

  /** The doctor's own consultations: the ones taken and still open first, then the newest closed. */
  async mine(d: DoctorPrincipal): Promise<Consultation[]> {
    const rows = await this.db
      .selectFrom('consultations')
      .selectAll()
      .where('doctor_id', '=', d.doctorId)
      .orderBy('started_at', 'desc')
      .limit(50)
      .execute();
    const open = rows.filter((r) => r.status === 'active');
    const rest = rows.filter((r) => r.status !== 'active');
    return Promise.all([...open, ...rest].map((r) => this.records.present(this.db, r)));
  }

  /** Taken by one statement: of two doctors at once, one wins; the other is told it is gone. */
  async take(d: DoctorPrincipal, id: string): Promise<Consultation> {
    const now = this.records.clock.now();
    const moved = await this.db.transaction().execute(async (trx) => {
      const m = await this.records.move(trx, id, ['waiting'], 'active', { doctor_id: d.doctorId, started_at: now });
      if (!m) return undefined;
      await this.records.append(trx, m, 'system', { text: 'doctor_joined' }, now);
      await this.records.queueChanged(trx);
      return m;
    });
    if (!moved) {
      const row = await this.records.row(this.db, id);
      if (!row) throw new ServiceError('not_found', 'No such consultation.');
      throw new ServiceError('conflict', 'Another doctor took it, or it is no longer waiting.', {
        id: row.id,
        status: row.status,
      });
    }
    return this.records.present(this.db, moved);
  }

  /** Only the doctor who took it reads or writes it. */
  private async taken(d: DoctorPrincipal, id: string): Promise<ConsultationRow> {
    const row = await this.records.row(this.db, id);
    if (!row || row.doctor_id !== d.doctorId) throw new ServiceError('not_found', 'No such consultation.');
    return row;
  }

  async get(d: DoctorPrincipal, id: string): Promise<Consultation> {
    const row = await this.records.row(this.db, id);
    // A waiting one may be looked at before it is taken (the queue shows it already).
    if (!row || (row.doctor_id !== d.doctorId && row.status !== 'waiting'))
      throw new ServiceError('not_found', 'No such consultation.');
    return this.records.present(this.db, row);
  }

  async messages(d: DoctorPrincipal, id: string, after: number, limit: number): Promise<ConsultationMessage[]> {
    const row = await this.taken(d, id);
    return readMessages(this.records, row.id, after, limit);
  }

  async send(d: DoctorPrincipal, id: string, body: { clientMessageId: string; text: string }) {
    return sendMessage(this.records, await this.taken(d, id), 'doctor', body);
  }

  async readImage(d: DoctorPrincipal, id: string, fileId: string) {
    return readImage(this.records, this.store, (await this.taken(d, id)).id, fileId);
  }

  async markRead(d: DoctorPrincipal, id: string, upToSeq: number): Promise<void> {
    await markRead(this.records, await this.taken(d, id), 'doctor', upToSeq);
  }

  async typingNow(d: DoctorPrincipal, id: string): Promise<void> {
    const row = await this.taken(d, id);
    if (row.status !== 'active' || !this.typing.pass(`${row.id}:doctor`, this.records.clock.now())) return;
    await this.db
      .transaction()
      .execute((trx) => this.records.tell(trx, row, 'consultation.typing', { consultationId: row.id, from: 'doctor' }));
  }

  /** Closes it: the summary PDF among the person's documents, the status, and the Kotak Masuk message, at once. */
  async close(d: DoctorPrincipal, id: string, body: CloseConsultation): Promise<Consultation> {
    const row = await this.taken(d, id);
    if (row.status !== 'active')
      throw new ServiceError('transition_invalid', 'Only an open consultation can be closed.', { allowed: [] });
    const now = this.records.clock.now();
    const person = await this.db
      .selectFrom('customers')
      .innerJoin('policies', (j) => j.on('policies.policy_number', '=', row.policy_number))
      .select(['customers.full_name', 'policies.printed_number', 'policies.policy_type'])
      .where('customers.id', '=', row.customer_id)
      .executeTakeFirstOrThrow();
    const bytes = await consultationSummaryPdf({
      number: row.number,
      patient: person.full_name,
      policyNumber: person.printed_number,
      doctor: d.name,
      licenseNumber: d.licenseNumber,
      topic: row.topic,
      date: jakartaDate(now),
      summary: body.summary,
      advice: body.advice,
      followUp: body.followUp,
    });
    let documentId: string | undefined;
    try {
      const moved = await this.db.transaction().execute(async (trx) => {
        const doc = await this.documents.addWithin(
          trx,
          {
            policyNumber: row.policy_number,
            title: `Ringkasan Telekonsultasi ${row.number}`,
            category: 'other',
            issuedAt: jakartaDate(now),
            // On a group policy only the member sees it; on a personal one, the policy's people.
            customerId: person.policy_type === 'group' ? row.customer_id : null,
            bytes,
          },
          now,
        );
        documentId = doc.id;
        const m = await this.records.move(trx, row.id, ['active'], 'closed', {
          closed_at: now,
          summary_text: body.summary,
          advice: body.advice,
          follow_up: body.followUp,
          summary_document_id: doc.id,
        });
        if (!m) throw new ServiceError('transition_invalid', 'It was closed already.', { allowed: [] });
        await this.records.append(trx, m, 'system', { text: 'closed' }, now);
        await this.records.tellInbox(trx, m, 'closed');
        return m;
      });
      return this.records.present(this.db, moved);
    } catch (err) {
      if (documentId) await this.documents.discard(documentId).catch(() => undefined);
      throw err;
    }
  }
}
