import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InboxListSchema, InboxQuerySchema, MessageIdParamsSchema } from '../../../contract/api/events';
import type { Clock } from '../../domain/clock';
import type { Inbox } from '../../domain/events/inbox';
import type { Sessions } from '../../domain/identity/sessions';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** Kotak Masuk (account-inbox.md). */
export function inboxRoutes(inbox: Inbox, sessions: Sessions, clock: Clock): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['inbox'];
    app.addHook('onRequest', requireSession(sessions));
    const noContent = { 204: z.undefined().describe('Done'), ...errorResponses };

    app.get('/v1/inbox', {
      schema: {
        tags,
        security: bearerSecurity,
        querystring: InboxQuerySchema,
        response: { 200: InboxListSchema, ...errorResponses },
      },
      handler: async (req) => inbox.list(principalOf(req).accountId, req.query),
    });

    app.post('/v1/inbox/:messageId/read', {
      schema: { tags, security: bearerSecurity, params: MessageIdParamsSchema, response: noContent },
      handler: async (req, reply) => {
        await inbox.read(principalOf(req).accountId, req.params.messageId, clock.now());
        return reply.code(204).send();
      },
    });

    app.post('/v1/inbox/read-all', {
      schema: { tags, security: bearerSecurity, response: noContent },
      handler: async (req, reply) => {
        await inbox.readAll(principalOf(req).accountId, clock.now());
        return reply.code(204).send();
      },
    });
  };
}
