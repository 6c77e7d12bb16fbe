import type { Readable } from 'node:stream';
import {
  COMPLAINT_FILES_MAX,
  type Complaint,
  type ComplaintCreate,
  type ComplaintFeedback,
  type ComplaintList,
} from '../../../contract/api/complaints';
import type { UploadedFile } from '../../../contract/api/claims';
import type { Jobs } from '../../jobs/jobs';
import type { JobRunner } from '../../jobs/runner';
import { accountLanguage } from '../account/language';
import { jakartaDate } from '../clock';
import type { DocumentStore } from '../documents/store';
import { ServiceError } from '../errors';
import { newId } from '../identity/secrets';
import type { Principal } from '../identity/sessions';
import { newestFirst, pageOf } from '../paging';
import { fileView, storedFileRow, type Uploads } from '../uploads/uploads';
import { closeJobKey, RECEIPT_JOB } from './complaint-jobs';
import type { ComplaintRecords, ComplaintRow } from './records';
import { ownSubject } from './subjects';

/** Pengaduan as the person files and follows it (complaints-privacy.md, calls of the customer). */
export class Complaints {
  constructor(
    private readonly records: ComplaintRecords,
    private readonly uploads: Uploads,
    private readonly store: DocumentStore,
    private readonly jobs: Jobs,
    private readonly runner: Pick<JobRunner, 'runNow'>,
  ) {}

  private get db() {
    return this.records.db;
  }

  /** Acknowledged at once: the number, the due date, and the receipt made right after the commit. */
  async create(p: Principal, body: ComplaintCreate): Promise<Complaint> {
    const subjectId = body.subject ? await ownSubject(this.db, p, body.subject) : null;
    const language = await accountLanguage(this.db, p.accountId);
    const now = this.records.clock.now();
    const receivedOn = jakartaDate(now);
    const { row, jobIds } = await this.db.transaction().execute(async (trx) => {
      const row: ComplaintRow = {
        id: newId(),
        complaint_number: await this.records.nextNumber(trx, now),
        customer_id: p.customerId,
        account_id: p.accountId,
        category: body.category,
        subject_kind: body.subject?.kind ?? null,
        subject_id: subjectId,
        description: body.description,
        channel: body.channel ?? null,
        language,
        status: 'received',
        received_at: now,
        received_on: receivedOn,
        due_date: this.records.dueAfter(receivedOn),
        extension_reason: null,
        extended_at: null,
        answer: null,
        outcome: null,
        answered_at: null,
        answered_on: null,
        feedback_satisfied: null,
        feedback_reason: null,
        feedback_at: null,
        closed_at: null,
        receipt_document_id: null,
        receipt_size_bytes: null,
        created_at: now,
        updated_at: now,
      };
      await this.records.lock(trx, row);
      await trx.insertInto('complaints').values(row).execute();
      await this.records.appendTimeline(trx, row.id, 'received', now);
      await this.records.announce(trx, row, now);
      const jobIds = await this.jobs.addAll(trx, now, [
        {
          kind: RECEIPT_JOB,
          key: `complaint-receipt:${row.id}`,
          payload: { complaintId: row.id, documentId: newId() },
          runByCaller: true,
        },
      ]);
      return { row, jobIds };
    });
    // The receipt is the person's proof: made now, so the answer usually names it already.
    await this.runner.runNow(jobIds);
    return this.records.present(await this.records.anyRow(this.db, row.id));
  }

  async list(p: Principal, q: { limit: number; cursor?: string }): Promise<ComplaintList> {
    const query = this.db.selectFrom('complaints').selectAll().where('customer_id', '=', p.customerId);
    const { page, nextCursor } = pageOf(await newestFirst(query, q).execute(), q.limit, (r) => r.created_at);
    const today = jakartaDate(this.records.clock.now());
    return { complaints: page.map((r) => this.records.summary(r, today)), ...(nextCursor ? { nextCursor } : {}) };
  }

  async get(p: Principal, id: string): Promise<Complaint> {
    return this.records.present(await this.records.visibleRow(this.db, p.customerId, id));
  }

  /** At most five files, only while the complaint is `received` (not yet being handled). */
  async addFile(
    p: Principal,
    id: string,
    upload: { body: Readable; contentType: string; length?: number; fileName?: string },
  ): Promise<UploadedFile> {
    const row = await this.records.visibleRow(this.db, p.customerId, id);
    this.requireReceived(row.status);
    await this.requireRoom(row.id);
    const now = this.records.clock.now();
    return this.uploads.acceptAndRecord(upload, async (stored) => {
      const file = { ...storedFileRow(stored, upload.fileName, now), complaint_id: row.id };
      await this.db.transaction().execute(async (trx) => {
        await this.records.lock(trx, row);
        // Takes the row (locked on PostgreSQL): racing uploads are counted one after another.
        const open = await trx
          .updateTable('complaints')
          .set({ updated_at: now })
          .where('id', '=', row.id)
          .where('status', '=', 'received')
          .executeTakeFirst();
        if (Number(open.numUpdatedRows) !== 1) this.requireReceived((await this.records.anyRow(trx, row.id)).status);
        await this.requireRoom(row.id, trx);
        await trx.insertInto('complaint_files').values(file).execute();
      });
      return fileView(file);
    });
  }

  async readFile(p: Principal, id: string, fileId: string) {
    const row = await this.records.visibleRow(this.db, p.customerId, id);
    const file = await this.db
      .selectFrom('complaint_files')
      .selectAll()
      .where('id', '=', fileId)
      .where('complaint_id', '=', row.id)
      .executeTakeFirst();
    if (!file) throw new ServiceError('not_found', 'No such file.');
    return { file, body: await this.store.read(file.storage_key) };
  }

  async withdraw(p: Principal, id: string): Promise<Complaint> {
    const row = await this.records.visibleRow(this.db, p.customerId, id);
    const now = this.records.clock.now();
    const moved = await this.db
      .transaction()
      .execute((trx) => this.records.move(trx, row, 'withdrawn', 'customer', { closed_at: now }, undefined, now));
    return this.records.present(moved);
  }

  /** After the answer: satisfied closes it; not satisfied escalates it, and the page names LAPS SJK and OJK. */
  async feedback(p: Principal, id: string, f: ComplaintFeedback): Promise<Complaint> {
    const row = await this.records.visibleRow(this.db, p.customerId, id);
    const now = this.records.clock.now();
    const moved = await this.db.transaction().execute(async (trx) => {
      const done = await this.records.move(
        trx,
        row,
        f.satisfied ? 'closed' : 'escalated',
        'customer',
        {
          feedback_satisfied: f.satisfied ? 1 : 0,
          feedback_reason: f.reason ?? null,
          feedback_at: now,
          ...(f.satisfied ? { closed_at: now } : {}),
        },
        f.reason,
        now,
      );
      // The closing 14 days after the answer is not needed any more.
      await this.jobs.supersede(trx, closeJobKey(row.id), now);
      return done;
    });
    return this.records.present(moved);
  }

  /** The tanda terima pengaduan, a PDF; `not_found` until it is made. */
  async receipt(p: Principal, id: string): Promise<{ body: Readable; sizeBytes: number }> {
    const row = await this.records.visibleRow(this.db, p.customerId, id);
    if (!row.receipt_document_id || row.receipt_size_bytes === null)
      throw new ServiceError('not_found', 'No receipt yet.');
    return { body: await this.store.read(row.receipt_document_id), sizeBytes: row.receipt_size_bytes };
  }

  private requireReceived(status: string): void {
    if (status !== 'received') {
      throw new ServiceError('transition_invalid', 'Files are added only before the complaint is being handled.', {
        from: status,
        allowed: [],
      });
    }
  }

  private async requireRoom(id: string, db = this.db): Promise<void> {
    const n = await db
      .selectFrom('complaint_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('complaint_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(n.n) >= COMPLAINT_FILES_MAX) {
      throw new ServiceError('conflict', `A complaint holds at most ${COMPLAINT_FILES_MAX} files.`, {
        reason: 'too_many_files',
      });
    }
  }
}
