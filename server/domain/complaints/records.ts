import type { Kysely, Selectable } from 'kysely';
import {
  COMPLAINT_OPEN,
  type Complaint,
  type ComplaintCategory,
  type ComplaintOutcome,
  type ComplaintStatus,
  type ComplaintSubjectKind,
  type ComplaintSummary,
} from '../../../contract/api/complaints';
import type { StoreKind } from '../../store/connect';
import { nextYearlyNumber } from '../../store/counters';
import { lockInOrder } from '../../store/lock-order';
import { fileView } from '../uploads/uploads';
import type { ComplaintsTable, Database } from '../../store/schema';
import type { WorkingDays } from '../calendar/working-days';
import { iso, jakartaDate, type Clock } from '../clock';
import { ServiceError } from '../errors';
import type { EventHub } from '../events/hub';
import type { Inbox } from '../events/inbox';
import { EXTERNAL_ROUTES } from './external-routes';
import { allowedComplaintMoves, findComplaintMove, type ComplaintMover } from './state-machine';
import { appendTimeline } from '../../store/timeline';

export type ComplaintRow = Selectable<ComplaintsTable>;
export type ComplaintSet = Partial<Omit<ComplaintRow, 'id' | 'status' | 'created_at'>>;

/** A written complaint is answered within 20 working days, once extendable by 20 (POJK 18/2018). */
export const WORKING_DAYS_TO_ANSWER = 20;

/**
 * The complaints' rows as both sides see them: numbering, due dates, reading one whole, and
 * the one way a complaint changes status (complaints-privacy.md, the status table).
 */
export class ComplaintRecords {
  constructor(
    readonly db: Kysely<Database>,
    readonly clock: Clock,
    private readonly hub: EventHub,
    private readonly inbox: Inbox,
    readonly workingDays: WorkingDays,
    readonly kind: StoreKind,
  ) {}

  /** The rows a complaint's transaction writes, locked first in the one order: the account, the complaint. */
  lock(trx: Kysely<Database>, row: Pick<ComplaintRow, 'account_id'> & { id?: string }): Promise<void> {
    return lockInOrder(trx, this.kind, { account: row.account_id, complaint: row.id });
  }

  /** `ADU-2026-000123`: one counter a Jakarta year, moved by one upsert. */
  nextNumber(trx: Kysely<Database>, now: number): Promise<string> {
    return nextYearlyNumber(trx, 'complaint_counters', 'ADU', now);
  }

  /** 20 working days after `date` (Jakarta), the day itself not counted. */
  dueAfter(date: string): string {
    return this.workingDays.addWorkingDays(date, WORKING_DAYS_TO_ANSWER);
  }

  appendTimeline(trx: Kysely<Database>, id: string, status: ComplaintStatus, at: number, note?: string) {
    return appendTimeline(trx, 'complaint_timeline', id, { status, at, note });
  }

  /**
   * The one way a complaint changes status: the move must be in the table for `by`, and the
   * conditional UPDATE (`where status = from`) decides between racing moves; then the timeline
   * entry, the `complaint.updated` event and the inbox message, all in `trx`.
   */
  async move(
    trx: Kysely<Database>,
    row: ComplaintRow,
    to: ComplaintStatus,
    by: ComplaintMover,
    set: ComplaintSet,
    note: string | undefined,
    now: number,
  ): Promise<ComplaintRow> {
    const from = row.status as ComplaintStatus;
    // Extended only once: no move leads back to where an extension may start.
    if (!findComplaintMove(from, to, by)) throw this.refused(from, by);
    await this.lock(trx, row);
    const updated = await trx
      .updateTable('complaints')
      .set({ ...set, status: to, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      const fresh = await this.anyRow(trx, row.id);
      throw this.refused(fresh.status as ComplaintStatus, by, 'was moved by someone else first');
    }
    const after: ComplaintRow = { ...row, ...set, status: to, updated_at: now };
    await this.appendTimeline(trx, row.id, to, now, note);
    await this.announce(trx, after, now, note);
    return after;
  }

  private refused(from: ComplaintStatus, by: ComplaintMover, why?: string): ServiceError {
    return new ServiceError('transition_invalid', `A complaint ${why ?? `in ${from} cannot move so`}.`, {
      from,
      allowed: allowedComplaintMoves(from, by),
    });
  }

  /** The event and the inbox message (by the complaint's channel, or per the person's choices). */
  async announce(trx: Kysely<Database>, row: ComplaintRow, now: number, note?: string): Promise<void> {
    if (!row.account_id) return;
    await this.tellUpdated(trx, row, now);
    await this.inbox.deliver(
      trx,
      {
        accountId: row.account_id,
        category: 'complaint',
        template: 'complaint_status',
        params: {
          complaintNumber: row.complaint_number,
          status: row.status,
          date: row.due_date,
          ...(note !== undefined ? { note } : {}),
        },
        link: { kind: 'complaint', id: row.id },
        send: true,
        ...(row.channel ? { channels: [row.channel] } : {}),
      },
      now,
    );
  }

  /** The `complaint.updated` event alone (the complaint changed, not its status: its receipt was made). */
  async tellUpdated(trx: Kysely<Database>, row: ComplaintRow, now: number): Promise<void> {
    if (!row.account_id) return;
    await this.hub.raise(
      trx,
      row.account_id,
      'complaint.updated',
      { complaintId: row.id, complaintNumber: row.complaint_number, status: row.status },
      now,
    );
  }

  /** The person's own complaint, or `not_found` alike for any other. */
  async visibleRow(db: Kysely<Database>, customerId: string, id: string): Promise<ComplaintRow> {
    const row = await db
      .selectFrom('complaints')
      .selectAll()
      .where('id', '=', id)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such complaint.');
    return row;
  }

  async anyRow(db: Kysely<Database>, id: string): Promise<ComplaintRow> {
    const row = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such complaint.');
    return row;
  }

  /** The list's view: the due date, and while the insurer must still answer, the working days left. */
  summary(row: ComplaintRow, today = jakartaDate(this.clock.now())): ComplaintSummary {
    const open = COMPLAINT_OPEN.includes(row.status as ComplaintStatus);
    return {
      complaintId: row.id,
      complaintNumber: row.complaint_number,
      category: row.category as ComplaintCategory,
      ...(row.subject_kind && row.subject_id
        ? { subject: { kind: row.subject_kind as ComplaintSubjectKind, id: row.subject_id } }
        : {}),
      status: row.status as ComplaintStatus,
      receivedAt: iso(row.received_at),
      dueDate: row.due_date,
      ...(open ? { workingDaysLeft: this.workingDays.workingDaysBetween(today, row.due_date) } : {}),
      overdue: open && today > row.due_date,
      updatedAt: iso(row.updated_at),
    };
  }

  /** The whole complaint as the contract answers it. */
  async present(row: ComplaintRow): Promise<Complaint> {
    const [files, timeline] = await Promise.all([
      this.db
        .selectFrom('complaint_files')
        .selectAll()
        .where('complaint_id', '=', row.id)
        .orderBy('created_at')
        .execute(),
      this.db.selectFrom('complaint_timeline').selectAll().where('complaint_id', '=', row.id).orderBy('seq').execute(),
    ]);
    return {
      ...this.summary(row),
      description: row.description,
      ...(row.channel ? { channel: row.channel } : {}),
      files: files.map(fileView),
      timeline: timeline.map((t) => ({
        status: t.status as ComplaintStatus,
        at: iso(t.at),
        ...(t.note ? { note: t.note } : {}),
      })),
      ...(row.extended_at !== null && row.extension_reason
        ? { extension: { reason: row.extension_reason, at: iso(row.extended_at) } }
        : {}),
      ...(row.answered_at !== null && row.answer && row.outcome
        ? { answer: { text: row.answer, outcome: row.outcome as ComplaintOutcome, at: iso(row.answered_at) } }
        : {}),
      ...(row.feedback_at !== null && row.feedback_satisfied !== null
        ? {
            feedback: {
              satisfied: row.feedback_satisfied === 1,
              ...(row.feedback_reason ? { reason: row.feedback_reason } : {}),
              at: iso(row.feedback_at),
            },
          }
        : {}),
      ...(row.status === 'escalated' ? { externalRoutes: [...EXTERNAL_ROUTES] } : {}),
      ...(row.receipt_document_id ? { receiptDocumentId: row.receipt_document_id } : {}),
      ...(row.closed_at !== null ? { closedAt: iso(row.closed_at) } : {}),
    };
  }
}
