import type { BackOfficeAlerts } from '../domain/alerts';
import type { AccessLog } from '../domain/privacy/access-log';
import type { ExportSection } from '../domain/privacy/export/sections';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Account } from '../domain/account/account';
import type { WorkingDays } from '../domain/calendar/working-days';
import type { Clock } from '../domain/clock';
import type { Documents } from '../domain/documents/documents';
import type { DocumentStore } from '../domain/documents/store';
import type { EventHub } from '../domain/events/hub';
import type { Inbox } from '../domain/events/inbox';
import type { IdentityContext } from '../domain/identity/context';
import type { Sessions } from '../domain/identity/sessions';
import type { Policies } from '../domain/policies/policies';
import type { Uploads } from '../domain/uploads/uploads';
import type { AdminKeys } from '../http/admin-auth';
import type { OpenStreams } from '../http/routes/events';
import type { Jobs } from '../jobs/jobs';
import type { JobRunner } from '../jobs/runner';
import type { ServiceMetrics } from '../metrics';
import type { Store } from '../store/connect';

/**
 * What every service area is built on (server/app.ts makes it): the store, the clock, events and
 * Kotak Masuk, jobs, identity and sessions, policies and documents, uploads, the back office's
 * keys. An area (server/areas/*.ts) registers its routes and jobs on it, and answers what later
 * areas need of it; adding an area is its file and one line in buildService.
 */
export interface Foundation {
  app: FastifyInstance;
  config: Config;
  store: Store;
  clock: Clock;
  hub: EventHub;
  inbox: Inbox;
  streams: OpenStreams;
  jobs: Jobs;
  runner: JobRunner;
  ctx: IdentityContext;
  sessions: Sessions;
  account: Account;
  policies: Policies;
  documents: Documents;
  documentStore: DocumentStore;
  uploads: Uploads;
  workingDays: WorkingDays;
  adminKeys: AdminKeys;
  /** What the back office must look at (a complaint overdue, a year without its decree of holidays). */
  alerts: BackOfficeAlerts;
  /** Every back-office read or move of a person's data, with its reason (Data Saya's access log). */
  accessLog: AccessLog;
  /** Each area's part of a copy of a person's data (Data Saya): an area adds its own as it is built. */
  exportSections: ExportSection[];
  metrics: ServiceMetrics;
  /** Runs `task` every `ms` while the service runs (stopped at close); a failure is logged as `what`. */
  every(ms: number, what: string, task: () => Promise<unknown>): void;
}
