import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import fastifyAccepts from '@fastify/accepts';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import { systemClock, type Clock } from './domain/clock';
import type { IdentityContext } from './domain/identity/context';
import { loadEulas } from './domain/identity/eula';
import { allowResendNow } from './domain/identity/flows';
import { hashPassword } from './domain/identity/password-hashing';
import { Recovery } from './domain/identity/recovery';
import { Registration } from './domain/identity/registration';
import { Keyed, loadServerKey, randomToken } from './domain/identity/secrets';
import { Sessions } from './domain/identity/sessions';
import { Account } from './domain/account/account';
import { ContactChange } from './domain/account/contact-change';
import { Documents } from './domain/documents/documents';
import type { DocumentStore } from './domain/documents/store';
import { EventHub } from './domain/events/hub';
import { Inbox } from './domain/events/inbox';
import { openDocumentStore } from './domain/documents/open-store';
import { Policies } from './domain/policies/policies';
import { clientErrorHandler, installErrorHandling, sendError } from './http/error-handler';
import { storableText } from './http/storable-text';
import { countInFlight } from './http/in-flight';
import { accountRoutes } from './http/routes/account';
import { documentRoutes } from './http/routes/documents';
import { eventRoutes, OpenStreams } from './http/routes/events';
import { inboxRoutes } from './http/routes/inbox';
import { policyRoutes } from './http/routes/policies';
import { recoveryRoutes } from './http/routes/recovery';
import { registrationRoutes } from './http/routes/registration';
import { sessionRoutes } from './http/routes/sessions';
import { devClockRoutes, devOutboxRoutes, systemRoutes } from './http/routes/system';
import { healthRoutes } from './http/routes/health';
import { serveMetrics, serviceMetrics } from './metrics';
import type { Registry } from 'prom-client';
import { AdjustableClock } from './domain/dev-clock';
import { DevOutboxTransport } from './notify/dev-outbox';
import { MessageJobs, messageJobHandler } from './notify/message-jobs';
import { Jobs } from './jobs/jobs';
import { JobRunner, RUNNER_DEFAULTS } from './jobs/runner';
import { JobsBackOffice } from './jobs/back-office';
import { adminJobRoutes } from './http/routes/admin-jobs';
import { SmsGatewayTransport } from './notify/sms-gateway';
import { SmtpTransport } from './notify/smtp';
import { ChannelRouter, type MessageTransport } from './notify/transport';
import { doctorConsoleDir, resourcesDir } from './paths';
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

const JSON_BODY_LIMIT = 64 * 1024;
/** A request id the app may give (X-Request-Id): what the main process makes, with room for a proxy's. */
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/u;
/** Requests being answered at once from which the instance counts as busy (its jobs give way). */
const BUSY_REQUESTS = 4;

function transportFor(
  config: Config,
  outbox: DevOutboxTransport | undefined,
  attachmentBytes: (documentId: string) => Promise<Buffer>,
): MessageTransport {
  if (outbox) return outbox;
  if (!config.smtp || !config.sms) throw new Error('production mode needs SMTP and SMS settings');
  return new ChannelRouter(
    new SmsGatewayTransport(config.sms),
    new SmtpTransport(config.smtp.url, config.smtp.from, attachmentBytes),
  );
}

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
    const app = Fastify({
      bodyLimit: JSON_BODY_LIMIT,
      trustProxy: config.trustProxy,
      logController: new LogController({ disableRequestLogging: true }),
      // Requests that come while closing get the contract's error shape (below), not Fastify's own.
      return503OnClosing: false,
      clientErrorHandler,
      // The app's own id of the call (X-Request-Id, made in the main process) names the request in
      // the log, so a complaint can be followed from the app's log to this one; anything else sent
      // as one (too long, odd characters that could forge a log line) is replaced by ours.
      genReqId: (req) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomToken(8);
      },
      logger: {
        level: config.logLevel,
        redact: {
          paths: [
            'req.headers.authorization',
            '*.password',
            '*.passwordConfirmation',
            '*.code',
            '*.accessToken',
            '*.refreshToken',
          ],
          censor: '[redacted]',
        },
        ...(options.logStream ? { stream: options.logStream } : {}),
      },
    });
    log = (err) => app.log.warn({ err: err.message }, 'database connection dropped');
    // The contract's schemas, each with the rule of all text: nothing the database cannot store.
    app.setValidatorCompiler((route) => validatorCompiler({ ...route, schema: storableText(route.schema as never) }));
    app.setSerializerCompiler(serializerCompiler);
    app.decorateRequest('principal', null);
    // JSON in and out (api-v1.md): any other body type is refused with 415.
    app.removeContentTypeParser('text/plain');
    installErrorHandling(app);

    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', async (_request, reply) => {
      if (closing) return sendError(reply.header('connection', 'close'), 'unavailable', 503);
    });
    app.addHook('onSend', async (request, reply) => {
      // Answers carry tokens and personal data: no cache may keep them, no browser may guess their type.
      // (Documents set their own revalidation rules.)
      if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('x-request-id', request.id);
      // The app turns instants into countdowns with this header: it must be the service's own now.
      void reply.header('date', new Date(clock.now()).toUTCString());
      // Answers finished while closing close their connection, so the process need not wait out keep-alive.
      if (closing) void reply.header('connection', 'close');
    });

    const inFlight = countInFlight(app);
    const metrics = serviceMetrics(app, {
      db: store.db,
      openStreams: () => streams.size,
      pool: store.pool,
      now: () => clock.now(),
      processMetrics: config.metricsPort !== undefined,
    });

    // One line per request, naming the route pattern, never the path: flow ids are capabilities.
    // A load balancer's probes every few seconds are not worth a line each.
    app.addHook('onResponse', async (request, reply) => {
      const probe = request.routeOptions.url?.startsWith('/health/');
      request.log[probe ? 'debug' : 'info'](
        {
          method: request.method,
          route: request.routeOptions.url ?? '(unmatched)',
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    });

    await app.register(fastifyAccepts);
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Portal Nasabah policy service', version: '1.0.0' },
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer' },
            adminKey: { type: 'http', scheme: 'bearer', description: 'A back-office key of ADMIN_API_KEYS' },
            doctorAuth: { type: 'http', scheme: 'bearer', description: "A doctor's session (never a customer's)" },
          },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
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
    // An e-mail's attachment is a stored document, read from the store when the e-mail goes.
    const transport = transportFor(config, outbox, async (documentId) => {
      const doc = await store.db
        .selectFrom('documents')
        .select('storage_key')
        .where('id', '=', documentId)
        .executeTakeFirstOrThrow();
      return buffer(await documentStore.read(doc.storage_key));
    });
    closers.push(async () => transport.close?.());
    const messages = new MessageJobs(jobs, runner, transport.immediate);
    runner.register(
      messageJobHandler(
        transport,
        async (documentId) =>
          !!(await store.db.selectFrom('documents').select('id').where('id', '=', documentId).executeTakeFirst()),
        (flowId) => allowResendNow(store.db, flowId, clock.now()),
        metrics.counts,
      ),
    );
    const inbox = new Inbox(store.db, hub, config.care, messages);
    const streams = new OpenStreams();
    // Open streams would hold the server open: they end first, and their clients come back elsewhere.
    app.addHook('preClose', async () => streams.endAll());
    const ctx: IdentityContext = {
      db: store.db,
      clock,
      keyed: new Keyed(loadServerKey(config.dataDir, config.otpHmacKeyHex)),
      messages,
      log: app.log,
      otpTtlMs: config.otpTtlSeconds * 1000,
      care: config.care,
      legacyGraceMs: config.legacyUsernameGraceDays * 24 * 60 * 60 * 1000,
      eula: loadEulas(path.join(resourcesDir, 'eula')),
      dummyHash: await hashPassword(randomToken()),
      limits: {
        loginPerMinute: config.loginRateLimitPerMinute,
        flowStartsPerMinute: config.flowRateLimitPerMinute,
        failedLoginMinMs: config.failedLoginMinMs,
      },
      hub,
      inbox,
    };
    const sessions = new Sessions(ctx);

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
        stopping: () => closing,
      }),
    );
    await app.register(registrationRoutes(new Registration(ctx)));
    await app.register(recoveryRoutes(new Recovery(ctx)));
    await app.register(sessionRoutes(sessions, store.db));
    const policies = new Policies(store.db);
    const documents = new Documents(store.db, documentStore);
    await app.register(documentRoutes(documents, policies, sessions));
    const account = new Account(ctx, sessions);
    await app.register(accountRoutes(account, new ContactChange(ctx, account), sessions));
    await app.register(inboxRoutes(inbox, sessions, clock));
    await app.register(eventRoutes(hub, sessions, streams, config.eventsKeepAliveSeconds * 1000));

    const devAdminKey = config.mode === 'development' && !config.adminApiKeys ? randomToken(32) : undefined;
    const timers: NodeJS.Timeout[] = [];
    const foundation: Foundation = {
      app,
      config,
      store,
      clock,
      hub,
      inbox,
      streams,
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
