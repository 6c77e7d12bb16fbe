import { complaintsExportSection } from '../domain/complaints/export-section';
import { ComplaintsBackOffice } from '../domain/complaints/back-office';
import { closeJobHandler, overdueCheck, receiptJob } from '../domain/complaints/complaint-jobs';
import { Complaints } from '../domain/complaints/complaints';
import { ComplaintRecords } from '../domain/complaints/records';
import { adminComplaintRoutes, complaintRoutes } from '../http/routes/complaints';
import type { Foundation } from './foundation';

/** Pengaduan (complaints-privacy.md): the person's complaints, the back office's moves and report, their jobs. */
export async function complaintsArea(f: Foundation): Promise<void> {
  const records = new ComplaintRecords(f.store.db, f.clock, f.hub, f.inbox, f.workingDays, f.store.kind);
  const complaints = new Complaints(records, f.uploads, f.documentStore, f.jobs, f.runner);
  await f.app.register(complaintRoutes(complaints, f.sessions));
  f.exportSections.push(complaintsExportSection(complaints));
  await f.app.register(adminComplaintRoutes(new ComplaintsBackOffice(records, f.jobs), f.adminKeys, f.accessLog));
  f.runner.register(receiptJob(records, f.documentStore));
  f.runner.register(closeJobHandler(records));
  const overdue = overdueCheck(records, f.jobs, f.alerts);
  f.runner.register(overdue.handler);
  await overdue.start();
}
