import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import { createHttpApp } from './http/fastify-app';
import { startMessaging } from './notify/messaging';
import { identityArea } from './areas/identity';
import { systemClock, type Clock } from './domain/clock';
import { randomToken } from './domain/identity/secrets';
import type { Account } from './domain/account/account';
import { Documents } from './domain/documents/documents';
import type { DocumentStore } from './domain/documents/store';
import { EventHub } from './domain/events/hub';
import { Inbox } from './domain/events/inbox';
import { openDocumentStore } from './domain/documents/open-store';
import { Policies } from './domain/policies/policies';
import { countInFlight } from './http/in-flight';
import { documentRoutes } from './http/routes/documents';
import { OpenStreams } from './http/routes/events';
import { policyRoutes } from './http/routes/policies';
import { devClockRoutes, devOutboxRoutes, systemRoutes } from './http/routes/system';
import { healthRoutes } from './http/routes/health';
import { serveMetrics, serviceMetrics } from './metrics';
import type { Registry } from 'prom-client';
import { AdjustableClock } from './domain/dev-clock';
import { DevOutboxTransport } from './notify/dev-outbox';
import { Jobs } from './jobs/jobs';
import { JobRunner, RUNNER_DEFAULTS } from './jobs/runner';
import { JobsBackOffice } from './jobs/back-office';
import { adminJobRoutes } from './http/routes/admin-jobs';
import { doctorConsoleDir } from './paths';
import { startHousekeeping } from './store/housekeeping';
import { openStore, pendingMigrations, ping, type Store } from './store/connect';
import { WorkingDays } from './domain/calendar/working-days';
import type { Claims } from './domain/claims/claims';
import { Uploads } from './domain/uploads/uploads';
import { clamdScanner } from './domain/uploads/virus-scan';
import { AdminKeys } from './http/admin-auth';
import type { Doctors } from './domain/consult/doctors';
import type { ConsultationRecords } from './domain/consult/records';
import { doctorConsoleRoutes } from './http/routes/doctor-console';
import { calendarArea } from './areas/calendar';
import { claimsArea } from './areas/claims';
import { missingDecrees } from './domain/calendar/holiday-store';
import { complaintsArea } from './areas/complaints';
import { privacyArea } from './areas/privacy';
import { BackOfficeAlerts } from './domain/alerts';
import { AccessLog } from './domain/privacy/access-log';
import type { Reminders } from './domain/payments/reminders';
import type { Autodebits } from './domain/payments/autodebit/autodebits';
import type { BankFile } from './domain/payments/autodebit/bank-file';
import { adminAlertRoutes } from './http/routes/admin-alerts';
import { consultArea } from './areas/consult';
import type { Foundation } from './areas/foundation';
import type { Payments } from './domain/payments/payments';
import { networkArea } from './areas/network';
import { paymentsArea } from './areas/payments';
import { requestsArea } from './areas/requests';
import { statementsArea } from './areas/statements';
import type { Statements } from './domain/statements/statements';

export interface ServiceOptions {
  config: Config;
  clock?: Clock;
  /** Where the log lines go (tests read them); standard output otherwise. */
  logStream?: { write(line: string): void };
  /** Console lines of the development outbox. */
  print?: (line: string) => void;
  /** Where the built doctor console is (tests point elsewhere); `dist/doctor` of the repository otherwise. */
  doctorConsoleDir?: string;
}

export interface Service {
  app: FastifyInstance;
  store: Store;
  /** The service's clock (in development mode, the one moved by hand). */
  clock: Clock;
  /** Present in development mode. */
  outbox?: DevOutboxTransport;
  documents: Documents;
  /** Where document and upload bytes live (a folder or a bucket). */
  documentStore: DocumentStore;
  /** The events stream and Kotak Masuk, for the areas (and tests) that raise events. */
  events: { hub: EventHub; inbox: Inbox; streams: OpenStreams };
  /** Akun Saya's domain: the areas ask it for step-up before their sensitive calls. */
  account: Account;
  claims: Claims;
  /** The calendar of working days, as the table of decrees holds it. */
  workingDays: WorkingDays;
  payments: Payments;
  /** Premium reminders: planned every few minutes; tests plan them on their own clock. */
  reminders: Reminders;
  /** Autodebit: card collections planned every few minutes (tests plan them on their own clock), and the bank's files. */
  autodebits: Autodebits;
  bankFile: BankFile;
  /** Statements: asked for, and each January's (tests plan a year themselves). */
  statements: Statements;
  /** Teleconsultation: the doctors' accounts (the back office adds them), and the consultations' records. */
  doctors: Doctors;
  consultations: ConsultationRecords;
  /** Development mode without `ADMIN_API_KEYS`: the back-office key it made for `npm run service -- admin`. */
  devAdminKey?: string;
  /** Where `GET /metrics` answers, with METRICS_PORT. */
  metricsUrl?: string;
  /** The metrics themselves, served or not. */
  metrics: Registry;
  close(): Promise<void>;
}

/** Requests being answered at once from which the instance counts as busy (its jobs give way). */
const BUSY_REQUESTS = 4;

/** Builds the policy service: store, identity, routes. Not yet listening. */
export async function buildService(options: ServiceOptions): Promise<Service> {
  const { config } = options;
  let log: ((err: Error) => void) | undefined;
  const store = await openStore(config.database, (err) => log?.(err), {
    migrate: config.migrate ? 'apply' : 'wait',
    waitMs: config.migrateWaitSeconds * 1000,
    // Before the service's logger exists: a line of the same shape.
    onWaiting: (pending) =>
      process.stdout.write(
        `${JSON.stringify({ level: 40, time: Date.now(), pending, msg: 'waiting for migrations' })}\n`,
      ),
  });
  // Development mode: the clock a person may move forward by hand (POST /v1/dev/clock).
  const devClock =
    config.mode === 'development' ? new AdjustableClock(options.clock ?? systemClock, store.db) : undefined;
  await devClock?.load().catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const clock: Clock = devClock ?? options.clock ?? systemClock;
  // What was started before a failure is stopped again.
  const closers: Array<() => Promise<void>> = [];
  try {
    const { app, closing } = await createHttpApp({ config, clock, logStream: options.logStream });
    log = (err) => app.log.warn({ err: err.message }, 'database connection dropped');

    const inFlight = countInFlight(app);
    const metrics = serviceMetrics(app, {
      db: store.db,
      openStreams: () => streams.size,
      pool: store.pool,
      now: () => clock.now(),
      processMetrics: config.metricsPort !== undefined,
    });

    const documentStore = openDocumentStore(config.documentStore);
    closers.push(async () => documentStore.close?.());
    const outbox =
      config.mode === 'development' ? new DevOutboxTransport(store.db, clock, options.print ?? console.log) : undefined;
    const hub = new EventHub(store.db, config.database, app.log, config.eventsBus);
    await hub.start();
    closers.push(() => hub.close());
    // Everything that follows a committed move runs as a job (ARCHITECTURE.md, Transactions and side effects).
    const runner = new JobRunner(store.db, store.kind, clock, app.log, {
      ...RUNNER_DEFAULTS,
      leaseMs: config.jobLeaseSeconds * 1000,
      // Requests queueing (a burst of notifications): jobs give way, and follow once it is answered.
      busy: () => inFlight() >= BUSY_REQUESTS,
    });
    closers.push(() => runner.close());
    const jobs = new Jobs(hub);
    hub.onJobsAdded(() => runner.kick());
    const { messages, transport } = startMessaging({
      config,
      store,
      clock,
      documentStore,
      outbox,
      jobs,
      runner,
      metrics: metrics.counts,
    });
    closers.push(async () => transport.close?.());
    const inbox = new Inbox(store.db, hub, config.care, messages);
    const streams = new OpenStreams();
    // Open streams would hold the server open: they end first, and their clients come back elsewhere.
    app.addHook('preClose', async () => streams.endAll());
    await app.register(systemRoutes(store, () => app));
    const workingDays = new WorkingDays((message) => app.log.warn(message));
    await app.register(
      healthRoutes({
        // A year counted without its decree is named (api-v1.md, Working days), not a failure.
        warnings: () => missingDecrees(workingDays, clock.now()).map((y) => `holidays_${y}_not_decreed`),
        database: () => ping(store),
        pendingMigrations: () => pendingMigrations(store),
        documents: () => documentStore.ping(),
        jobs: () => (!config.runJobs ? 'off' : runner.started ? 'ok' : 'failed'),
        stopping: closing,
      }),
    );
    // What identity and every area after it stand on.
    const base = { app, config, store, clock, hub, inbox, streams };
    const { ctx, sessions, account } = await identityArea({ ...base, messages });
    const policies = new Policies(store.db);
    const documents = new Documents(store.db, documentStore);
    await app.register(documentRoutes(documents, policies, sessions));

    const devAdminKey = config.mode === 'development' && !config.adminApiKeys ? randomToken(32) : undefined;
    const timers: NodeJS.Timeout[] = [];
    const foundation: Foundation = {
      ...base,
      jobs,
      runner,
      ctx,
      sessions,
      account,
      policies,
      documents,
      documentStore,
      uploads: new Uploads(
        documentStore,
        path.join(config.dataDir, 'uploads'),
        config.clamdUrl ? clamdScanner(config.clamdUrl) : undefined,
      ),
      workingDays,
      adminKeys: new AdminKeys(config.adminApiKeys ?? (devAdminKey ? [{ name: 'dev', key: devAdminKey }] : [])),
      alerts: new BackOfficeAlerts(store.db, clock, (a) => app.log.warn({ alert: a.kind, key: a.key }, a.message)),
      accessLog: new AccessLog(store.db, clock),
      exportSections: [],
      metrics: metrics.counts,
      every(ms, what, task) {
        const timer = setInterval(
          () => void task().catch((err: unknown) => app.log.warn({ err: String(err) }, what)),
          ms,
        );
        timer.unref();
        timers.push(timer);
      },
    };
    closers.push(async () => timers.forEach(clearInterval));
    // The areas (server/areas/): each registers its routes and jobs, and answers what later ones need.
    await calendarArea(foundation);
    const { claims } = await claimsArea(foundation);
    const money = await paymentsArea(foundation);
    await networkArea(foundation);
    const consult = await consultArea(foundation);
    await requestsArea(foundation, money);
    const { statements } = await statementsArea(foundation, money.payments.booking);
    await complaintsArea(foundation);
    await privacyArea(foundation);
    // A policy's bills are followed (grace, lapse) when the person reads it.
    await app.register(policyRoutes(policies, sessions, (customerId, p) => money.bills.followHeldBy(customerId, p)));
    await app.register(adminJobRoutes(new JobsBackOffice(store.db, clock, () => runner.kick()), foundation.adminKeys));
    await app.register(adminAlertRoutes(foundation.alerts, foundation.adminKeys));
    await app.register(doctorConsoleRoutes(options.doctorConsoleDir ?? doctorConsoleDir));
    if (outbox) await app.register(devOutboxRoutes(outbox));
    if (devClock) {
      await app.register(
        devClockRoutes(devClock, async () => {
          // What the new time decides shows at once: grace and lapse, and the jobs now due.
          await money.bills.followAll();
          await money.reminders.plan();
          await money.autodebits.plan();
          runner.kick();
        }),
      );
    }
    await app.ready();
    const metricsEndpoint =
      config.metricsPort === undefined
        ? undefined
        : await serveMetrics(metrics.registry, config.host, config.metricsPort);
    closers.push(async () => metricsEndpoint?.close());

    const housekeeping = startHousekeeping(store.db, clock, app.log);
    // Jobs a previous run (or another instance) left behind run now.
    if (config.runJobs) runner.start();
    return {
      app,
      store,
      clock,
      outbox,
      documents,
      documentStore,
      events: { hub, inbox, streams },
      account,
      claims,
      workingDays,
      payments: money.payments,
      reminders: money.reminders,
      autodebits: money.autodebits,
      bankFile: money.bankFile,
      statements,
      doctors: consult.doctors,
      consultations: consult.consultations,
      devAdminKey,
      metricsUrl: metricsEndpoint?.url,
      metrics: metrics.registry,
      async close() {
        await metricsEndpoint?.close();
        housekeeping.stop();
        timers.forEach(clearInterval);
        // Requests in flight may finish within the grace; whatever is still open then (a client
        // trickling an upload, a call waiting on a silent party) is cut, so the process can end.
        const cut = setTimeout(() => {
          app.log.warn('shutdown grace over: open connections cut');
          app.server.closeAllConnections();
        }, config.shutdownGraceSeconds * 1000);
        await app.close();
        clearTimeout(cut);
        await runner.close();
        await hub.close();
        await transport.close?.();
        documentStore.close?.();
        await store.close();
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await store.close();
    throw err;
  }
}
