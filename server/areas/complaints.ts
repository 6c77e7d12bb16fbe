import { ComplaintsBackOffice } from '../domain/complaints/back-office';
import {
  closeJobHandler,
  overdueCheckJob,
  receiptJob,
  scheduleOverdueCheck,
} from '../domain/complaints/complaint-jobs';
import { Complaints } from '../domain/complaints/complaints';
import { ComplaintRecords } from '../domain/complaints/records';
import { adminComplaintRoutes, complaintRoutes } from '../http/routes/complaints';
import type { Foundation } from './foundation';

/** Pengaduan (complaints-privacy.md): the person's complaints, the back office's moves and report, their jobs. */
export async function complaintsArea(f: Foundation): Promise<void> {
  const records = new ComplaintRecords(f.store.db, f.clock, f.hub, f.inbox, f.workingDays, f.store.kind);
  await f.app.register(
    complaintRoutes(new Complaints(records, f.uploads, f.documentStore, f.jobs, f.runner), f.sessions),
  );
  await f.app.register(adminComplaintRoutes(new ComplaintsBackOffice(records, f.jobs), f.adminKeys));
  f.runner.register(receiptJob(records, f.documentStore));
  f.runner.register(closeJobHandler(records));
  f.runner.register(overdueCheckJob(records, f.jobs, f.alerts));
  // The first of the once-a-working-day checks (each makes the next; the key makes it once).
  await scheduleOverdueCheck(f.store.db, f.jobs, records, f.clock.now());
}
