import { COMPLAINT_OPEN, type ComplaintCategory } from '../../../contract/api/complaints';
import { dailyJob } from '../../jobs/daily';
import type { JobHandler, Jobs, NewJob } from '../../jobs/jobs';
import type { BackOfficeAlerts } from '../alerts';
import type { DocumentStore } from '../documents/store';
import type { ComplaintRecords } from './records';
import { renderComplaintReceipt } from './receipt';

export const RECEIPT_JOB = 'complaint.receipt';
export const CLOSE_JOB = 'complaint.close';
export const OVERDUE_JOB = 'complaint.overdue_check';

/** An answered complaint the person has not answered is closed by itself this long after the answer. */
export const CLOSE_AFTER_MS = 14 * 86_400_000;

export const closeJobKey = (complaintId: string) => `complaint-close:${complaintId}`;

export function closeJob(complaintId: string, answeredAt: number): NewJob {
  return {
    kind: CLOSE_JOB,
    key: closeJobKey(complaintId),
    payload: { complaintId },
    runAt: answeredAt + CLOSE_AFTER_MS,
  };
}

/**
 * The tanda terima of a filed complaint: rendered in the person's language, stored under the
 * id the filing chose, linked to the complaint, and its event raised so the app shows it. Run
 * again after a crash, it finds what is done and does the rest.
 */
export function receiptJob(
  records: ComplaintRecords,
  store: DocumentStore,
): JobHandler<{ complaintId: string; documentId: string }> {
  return {
    kind: RECEIPT_JOB,
    retry: { maxAttempts: 30 },
    // A PDF is rendered on the CPU that answers requests: one at a time.
    concurrency: 1,
    async run({ complaintId, documentId }) {
      const row = await records.anyRow(records.db, complaintId);
      if (row.receipt_document_id) return;
      const person = await records.db
        .selectFrom('customers')
        .select('full_name')
        .where('id', '=', row.customer_id)
        .executeTakeFirstOrThrow();
      const bytes = await renderComplaintReceipt({
        number: row.complaint_number,
        name: person.full_name,
        receivedAt: row.received_at,
        category: row.category as ComplaintCategory,
        description: row.description,
        dueDate: row.due_date,
        language: row.language,
      });
      await store.put(documentId, bytes);
      await records.db.transaction().execute(async (trx) => {
        await records.lock(trx, row);
        const linked = await trx
          .updateTable('complaints')
          .set({ receipt_document_id: documentId, receipt_size_bytes: bytes.length })
          .where('id', '=', complaintId)
          .where('receipt_document_id', 'is', null)
          .executeTakeFirst();
        if (Number(linked.numUpdatedRows) === 1 && row.account_id) {
          await records.tellUpdated(trx, row, records.clock.now());
        }
      });
    },
  };
}

/** 14 days after the answer, a complaint the person has not answered is closed (complaints-privacy.md). */
export function closeJobHandler(records: ComplaintRecords): JobHandler<{ complaintId: string }> {
  return {
    kind: CLOSE_JOB,
    async run({ complaintId }) {
      const row = await records.anyRow(records.db, complaintId);
      if (row.status !== 'answered') return;
      const now = records.clock.now();
      await records.db
        .transaction()
        .execute((trx) => records.move(trx, row, 'closed', 'service', { closed_at: now }, undefined, now));
    },
  };
}

/**
 * Once a working day at 08:00 in Jakarta: the complaints past their due date and not answered,
 * as one back-office alert naming them. An alert per day, not per complaint: the back office
 * reads one list each morning.
 */
export function overdueCheck(records: ComplaintRecords, jobs: Jobs, alerts: BackOfficeAlerts) {
  return dailyJob({
    kind: OVERDUE_JOB,
    db: records.db,
    jobs,
    clock: records.clock,
    when: { hour: 8, runsOn: (d) => records.workingDays.isWorkingDay(d) },
    async run(date, now) {
      const overdue = await records.db
        .selectFrom('complaints')
        .select(['id', 'complaint_number', 'due_date', 'status'])
        .where('status', 'in', [...COMPLAINT_OPEN])
        .where('due_date', '<', date)
        .orderBy('due_date')
        .execute();
      if (overdue.length === 0) return;
      await records.db.transaction().execute((trx) =>
        alerts.raise(
          trx,
          {
            key: `complaints-overdue:${date}`,
            kind: 'complaint_overdue',
            message: `${overdue.length} complaint(s) past their due date and not answered`,
            details: {
              date,
              complaints: overdue.map((c) => ({
                complaintId: c.id,
                complaintNumber: c.complaint_number,
                dueDate: c.due_date,
                status: c.status,
                workingDaysOverdue: records.workingDays.workingDaysBetween(c.due_date, date),
              })),
            },
          },
          now,
        ),
      );
    },
  });
}
