import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from './store/schema';

/** What the areas count (the rest is read from the requests and the database at each scrape). */
export interface ServiceMetrics {
  otp(channel: string, outcome: 'sent' | 'failed'): void;
  paymentBooked(): void;
  gatewayNotification(verdict: string): void;
}

/** Counts nothing: areas built without the metrics (tests that build parts alone). */
export const noMetrics: ServiceMetrics = { otp() {}, paymentBooked() {}, gatewayNotification() {} };

export interface MetricsSources {
  db: Kysely<Database>;
  openStreams: () => number;
  /** PostgreSQL's pool: connections in all, idle, and callers waiting for one. */
  pool?: () => { total: number; idle: number; waiting: number };
  now: () => number;
  /**
   * Node's own metrics (memory, event loop, GC): only where they are served. Their observers
   * outlive the service, so a process that builds many services (the tests) does without.
   */
  processMetrics: boolean;
}

/**
 * The service's Prometheus metrics (prom-client): requests by route and status with their
 * latency, logins, one-time codes, events streams, jobs by kind and status with the oldest's age,
 * payments booked, gateway notifications by verdict, the database pool and the process itself.
 * Every name starts with `portal_`, but Node's own (`process_`, `nodejs_`).
 */
export function serviceMetrics(app: FastifyInstance, sources: MetricsSources) {
  const registry = new Registry();
  if (sources.processMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'portal_http_requests_total',
    help: 'Requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'portal_http_request_duration_seconds',
    help: 'Time to answer a request, by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const logins = new Counter({
    name: 'portal_logins_total',
    help: 'Sign-ins with a password, by outcome (success, refused, limited).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const otps = new Counter({
    name: 'portal_otp_messages_total',
    help: 'One-time codes handed to the SMS gateway or the mail server, by channel and outcome.',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
  });
  const booked = new Counter({
    name: 'portal_payments_booked_total',
    help: 'Payments booked (a bill paid) by this instance.',
    registers: [registry],
  });
  const notifications = new Counter({
    name: 'portal_gateway_notifications_total',
    help: "The payment gateway's notifications, by verdict (not believed ones answer 401: verdict refused).",
    labelNames: ['verdict'],
    registers: [registry],
  });
  new Gauge({
    name: 'portal_event_streams_open',
    help: 'Events streams open on this instance.',
    registers: [registry],
    collect() {
      this.set(sources.openStreams());
    },
  });
  new Gauge({
    name: 'portal_jobs',
    help: 'Jobs in the store (all instances), by kind and status.',
    labelNames: ['kind', 'status'],
    registers: [registry],
    async collect() {
      const rows = await sources.db
        .selectFrom('jobs')
        .select(['kind', 'status', sql<number>`count(*)`.as('n')])
        .groupBy(['kind', 'status'])
        .execute();
      this.reset();
      for (const r of rows) this.set({ kind: r.kind, status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: 'portal_jobs_oldest_due_seconds',
    help: 'How long the oldest due job of a kind (pending, leased or not) has waited, seconds.',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const now = sources.now();
      const rows = await sources.db
        .selectFrom('jobs')
        .select(['kind', sql<number>`min(run_at)`.as('oldest')])
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .groupBy('kind')
        .execute();
      this.reset();
      for (const r of rows) this.set({ kind: r.kind }, Math.max(0, (now - Number(r.oldest)) / 1000));
    },
  });
  if (sources.pool) {
    const pool = sources.pool;
    new Gauge({
      name: 'portal_db_pool_connections',
      help: 'PostgreSQL pool: connections by state (in use, idle) and callers waiting for one.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const p = pool();
        this.set({ state: 'in_use' }, p.total - p.idle);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    // A load balancer's probes are not the service's traffic.
    if (route.startsWith('/health/')) return;
    requests.inc({ method: request.method, route, status: reply.statusCode });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    if (route === '/v1/sessions' && request.method === 'POST') {
      logins.inc({ outcome: reply.statusCode === 200 ? 'success' : reply.statusCode === 429 ? 'limited' : 'refused' });
    }
    if (route === '/v1/gateway/midtrans/notifications' && reply.statusCode === 401)
      notifications.inc({ verdict: 'refused' });
  });

  const counts: ServiceMetrics = {
    otp: (channel, outcome) => otps.inc({ channel, outcome }),
    paymentBooked: () => booked.inc(),
    gatewayNotification: (verdict) => notifications.inc({ verdict }),
  };
  return { registry, counts };
}

/**
 * `GET /metrics` on a port of its own (METRICS_PORT), never on the service's: the scraper reaches
 * it inside the cluster, customers never do.
 */
export async function serveMetrics(
  registry: Registry,
  host: string,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
