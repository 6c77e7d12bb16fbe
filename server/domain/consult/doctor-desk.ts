import type { z } from 'zod';
import type {
  CloseConsultation,
  Consultation,
  ConsultationMessage,
  QueueEntrySchema,
} from '../../../contract/api/consultations';
import { iso, jakartaDate } from '../clock';
import type { JobHandler, Jobs } from '../../jobs/jobs';
import type { JobRunner } from '../../jobs/runner';
import { newId } from '../identity/secrets';
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
 * becomes a Kotak Masuk message at once and the person's PDF by a job.
 */
export class DoctorDesk {
  private readonly typing = new TypingGate();

  constructor(
    private readonly records: ConsultationRecords,
    private readonly store: DocumentStore,
    private readonly jobs: Jobs,
    private readonly runner: Pick<JobRunner, 'runNow'>,
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
    const before = await this.records.row(this.db, id);
    if (!before) throw new ServiceError('not_found', 'No such consultation.');
    const moved = await this.db.transaction().execute(async (trx) => {
      // The person's account, the consultation, then this doctor: the one lock order, so doctors
      // taking different consultations at once never wait on each other in a circle.
      await this.records.lock(trx, before, d.doctorId);
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

  /**
   * Closes it: the status with the summary, the closing line and the Kotak Masuk message in one
   * transaction, and a job that renders the summary PDF into the person's documents (a store
   * that is down delays the PDF, never the close). The job is run at once, so the answer
   * usually carries the PDF already.
   */
  async close(d: DoctorPrincipal, id: string, body: CloseConsultation): Promise<Consultation> {
    const row = await this.taken(d, id);
    if (row.status !== 'active')
      throw new ServiceError('transition_invalid', 'Only an open consultation can be closed.', { allowed: [] });
    const now = this.records.clock.now();
    const jobIds = await this.db.transaction().execute(async (trx) => {
      await this.records.lock(trx, row, d.doctorId);
      const m = await this.records.move(trx, row.id, ['active'], 'closed', {
        closed_at: now,
        summary_text: body.summary,
        advice: body.advice,
        follow_up: body.followUp,
      });
      if (!m) throw new ServiceError('transition_invalid', 'It was closed already.', { allowed: [] });
      await this.records.append(trx, m, 'system', { text: 'closed' }, now);
      await this.records.tellInbox(trx, m, 'closed');
      return this.jobs.addAll(trx, now, [
        {
          kind: SUMMARY_JOB,
          key: `summary:${row.id}`,
          payload: { consultationId: row.id, documentId: newId() },
          runByCaller: true,
        },
      ]);
    });
    await this.runner.runNow(jobIds);
    return this.records.present(this.db, (await this.records.row(this.db, row.id))!);
  }
}

export const SUMMARY_JOB = 'consultation.summary';

/**
 * The summary PDF of a closed consultation, among the documents of the person it is about
 * (and of no one else on the policy: medical documents belong to their person), linked to
 * the consultation, and the consultation's status told again so both sides show it.
 */
export function summaryJob(
  records: ConsultationRecords,
  documents: Documents,
): JobHandler<{ consultationId: string; documentId: string }> {
  return {
    kind: SUMMARY_JOB,
    retry: { maxAttempts: 30 },
    // A PDF is rendered on the CPU that answers requests: one at a time, a burst answered first.
    concurrency: 1,
    async run({ consultationId, documentId }) {
      const db = records.db;
      const row = await records.row(db, consultationId);
      if (!row || row.summary_document_id || row.status !== 'closed' || row.closed_at === null) return;
      const facts = await db
        .selectFrom('customers')
        .innerJoin('policies', (j) => j.on('policies.policy_number', '=', row.policy_number))
        .select(['customers.full_name', 'policies.printed_number'])
        .where('customers.id', '=', row.customer_id)
        .executeTakeFirstOrThrow();
      const doctor = await db
        .selectFrom('doctors')
        .select(['full_name', 'license_number'])
        .where('id', '=', row.doctor_id ?? '')
        .executeTakeFirstOrThrow();
      const bytes = await consultationSummaryPdf({
        number: row.number,
        patient: facts.full_name,
        policyNumber: facts.printed_number,
        doctor: doctor.full_name,
        licenseNumber: doctor.license_number,
        topic: row.topic,
        date: jakartaDate(row.closed_at),
        summary: row.summary_text ?? '',
        advice: row.advice ?? '',
        followUp: row.follow_up ?? '',
      });
      await documents.putOnce(
        documentId,
        {
          policyNumber: row.policy_number,
          title: `Ringkasan Telekonsultasi ${row.number}`,
          category: 'other',
          issuedAt: jakartaDate(row.closed_at),
          customerId: row.customer_id,
          bytes,
        },
        records.clock.now(),
      );
      await db.transaction().execute(async (trx) => {
        await records.lock(trx, row, row.doctor_id);
        const linked = await trx
          .updateTable('consultations')
          .set({ summary_document_id: documentId })
          .where('id', '=', row.id)
          .where('summary_document_id', 'is', null)
          .executeTakeFirst();
        if (Number(linked.numUpdatedRows) === 1)
          await records.tell(trx, row, 'consultation.status', { consultationId: row.id, status: 'closed' });
      });
    },
  };
}
