import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HealthSchema } from '../../../contract/api/common';
import { DevClockChangeSchema, DevClockSchema, OutboxQuerySchema, OutboxSchema } from '../../../contract/api/identity';
import type { AdjustableClock } from '../../domain/dev-clock';
import { iso } from '../../domain/clock';
import { normalisePhone } from '../../domain/identity/masking';
import { ServiceError } from '../../domain/errors';
import type { DevOutboxTransport } from '../../notify/dev-outbox';
import { ping, type Store } from '../../store/connect';
import { errorResponses } from './common';

export function systemRoutes(store: Store, root: () => FastifyInstance): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get('/v1/health', {
      schema: { tags: ['system'], response: { 200: HealthSchema, ...errorResponses } },
      handler: async () => {
        try {
          await ping(store);
        } catch {
          throw new ServiceError('unavailable', 'The database does not answer.');
        }
        return { status: 'ok' as const };
      },
    });

    // Generated from the routes' own zod schemas; never written by hand.
    app.get('/v1/openapi.json', { schema: { hide: true }, handler: async () => root().swagger() });
  };
}

/** `to` as the outbox keeps it: an address in lower case, or a phone in E.164. */
function outboxAddress(raw: string): string {
  const t = raw.trim();
  if (t.includes('@')) return t.toLowerCase();
  // A `+` typed in a query string arrives as a space.
  return normalisePhone(/^\d/u.test(t) ? `+${t}` : t) ?? t;
}

/** Development mode only: every message the service would have sent. */
export function devOutboxRoutes(outbox: DevOutboxTransport): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get('/v1/dev/outbox', {
      schema: {
        tags: ['development'],
        querystring: OutboxQuerySchema,
        response: { 200: OutboxSchema, ...errorResponses },
      },
      handler: async (req) => ({ messages: await outbox.list(outboxAddress(req.query.to)) }),
    });
  };
}

/**
 * Development mode only: the service's clock, moved forward by hand so that grace, lapse and
 * reminders can be tried at once. `moved` runs what time decides (grace and lapse, due jobs).
 */
export function devClockRoutes(clock: AdjustableClock, moved: () => Promise<void>): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const answer = () => ({ now: iso(clock.now()), offsetDays: clock.offsetMs / 86_400_000 });
    app.get('/v1/dev/clock', {
      schema: { tags: ['development'], response: { 200: DevClockSchema, ...errorResponses } },
      handler: async () => answer(),
    });
    app.post('/v1/dev/clock', {
      schema: {
        tags: ['development'],
        body: DevClockChangeSchema,
        response: { 200: DevClockSchema, ...errorResponses },
      },
      handler: async (req) => {
        const change = req.body;
        await clock.set('reset' in change ? change : { advanceMs: Math.round(change.advanceDays * 86_400_000) });
        await moved();
        return answer();
      },
    });
  };
}
