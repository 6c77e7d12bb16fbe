import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LiveSchema, ReadySchema, type Ready } from '../../../contract/api/common';

/** What readiness asks of the instance's parts; each answer is awaited at most PROBE_TIMEOUT_MS. */
export interface ReadinessProbes {
  database(): Promise<void>;
  /** This release's migrations the database has not run. */
  pendingMigrations(): Promise<string[]>;
  documents(): Promise<void>;
  /** `off` when this instance runs no jobs; `failed` when it should and does not. */
  jobs(): 'ok' | 'failed' | 'off';
  stopping(): boolean;
  /** What an operator should know that does not make the instance unready (a year without its decree of holidays). */
  warnings?(): string[];
}

/** A probe is answered fast or counted failed: a load balancer's check has its own short timeout. */
const PROBE_TIMEOUT_MS = 2000;

async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe().then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness for load balancers and orchestrators: unauthenticated, fast, and naming
 * only which part is not ready (never an error's text, a host or a version).
 */
export function healthRoutes(probes: ReadinessProbes): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get('/health/live', {
      schema: { tags: ['operations'], response: { 200: LiveSchema } },
      handler: async () => ({ status: 'live' as const }),
    });
    app.get('/health/ready', {
      schema: { tags: ['operations'], response: { 200: ReadySchema, 503: ReadySchema } },
      handler: async (_req, reply) => {
        const [database, schema, documents] = await Promise.all([
          answers(probes.database),
          answers(async () => {
            if ((await probes.pendingMigrations()).length > 0) throw new Error('behind');
          }),
          answers(probes.documents),
        ]);
        const ok = (b: boolean) => (b ? ('ok' as const) : ('failed' as const));
        const body: Ready = {
          status: 'ready',
          stopping: probes.stopping(),
          checks: { database: ok(database), schema: ok(schema), documents: ok(documents), jobs: probes.jobs() },
        };
        if (body.stopping || Object.values(body.checks).includes('failed')) body.status = 'not_ready';
        const warnings = probes.warnings?.() ?? [];
        if (warnings.length > 0) body.warnings = warnings;
        return reply.code(body.status === 'ready' ? 200 : 503).send(body);
      },
    });
  };
}
