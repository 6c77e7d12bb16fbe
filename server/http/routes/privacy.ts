import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConsentHistoryQuerySchema,
  ConsentHistorySchema,
  ConsentListSchema,
  ConsentPurposeParamsSchema,
  ConsentUpdateSchema,
} from '../../../contract/api/privacy';
import type { Consents } from '../../domain/privacy/consents';
import type { Sessions } from '../../domain/identity/sessions';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** Data Saya's consents (complaints-privacy.md): per purpose, with every change kept. */
export function privacyRoutes(consents: Consents, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['data saya'];
    const security = bearerSecurity;
    app.addHook('onRequest', requireSession(sessions));

    app.get('/v1/me/consents', {
      schema: { tags, security, response: { 200: ConsentListSchema, ...errorResponses } },
      handler: async (req) => consents.list(principalOf(req).accountId),
    });

    app.put('/v1/me/consents/:purpose', {
      schema: {
        tags,
        security,
        params: ConsentPurposeParamsSchema,
        body: ConsentUpdateSchema,
        response: { 204: z.undefined().describe('In force now'), ...errorResponses },
      },
      handler: async (req, reply) => {
        await consents.set(principalOf(req).accountId, req.params.purpose, req.body.granted, req.body.version);
        return reply.code(204).send();
      },
    });

    app.get('/v1/me/consents/history', {
      schema: {
        tags,
        security,
        querystring: ConsentHistoryQuerySchema,
        response: { 200: ConsentHistorySchema, ...errorResponses },
      },
      handler: async (req) => consents.history(principalOf(req).accountId, req.query),
    });
  };
}
