import { RequestFiles } from '../domain/requests/request-files';
import { requestsExportSection } from '../domain/requests/export-section';
import type { Bills } from '../domain/payments/bills';
import type { Payments } from '../domain/payments/payments';
import { RequestsBackOffice, topUpJob } from '../domain/requests/back-office';
import { RequestRecords } from '../domain/requests/records';
import { Requests } from '../domain/requests/requests';
import { adminRequestRoutes, requestRoutes } from '../http/routes/requests';
import type { Foundation } from './foundation';

/** Transaksi Polis (policy-requests.md): the person's requests, the back office's, and the top-up's job. */
export async function requestsArea(f: Foundation, money: { bills: Bills; payments: Payments }): Promise<void> {
  const records = new RequestRecords(f.store.db, f.clock, f.hub, f.inbox, f.store.kind);
  const requests = new Requests(
    records,
    f.policies,
    f.account,
    f.config.graceDays,
    f.workingDays,
    money.bills,
    money.payments,
  );
  const files = new RequestFiles(requests, records, f.uploads, f.documentStore);
  await f.app.register(requestRoutes(requests, files, f.sessions));
  f.exportSections.push(requestsExportSection(requests, files));
  const backOffice = new RequestsBackOffice(records, f.workingDays, money.payments);
  await f.app.register(adminRequestRoutes(backOffice, f.adminKeys, f.accessLog));
  // A top-up request is done when its bill is paid and its day's prices are in: a job after the booking.
  f.runner.register(topUpJob(backOffice));
}
