import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LoginRequestSchema,
  MePatchSchema,
  MeSchema,
  RefreshRequestSchema,
  SessionSchema,
} from '../../../contract/api/identity';
import { readProfile, updateProfile } from '../../domain/identity/profile';
import type { Sessions } from '../../domain/identity/sessions';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { principalOf, requireSession } from '../auth';
import { clientKey } from '../client-key';
import { bearerSecurity, errorResponses } from './common';

export function sessionRoutes(sessions: Sessions, db: Kysely<Database>): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['sessions'];
    const authenticated = requireSession(sessions);

    app.post('/v1/sessions', {
      schema: { tags, body: LoginRequestSchema, response: { 200: SessionSchema, ...errorResponses } },
      handler: async (req) => sessions.login(req.body, clientKey(req)),
    });

    app.post('/v1/sessions/refresh', {
      schema: { tags, body: RefreshRequestSchema, response: { 200: SessionSchema, ...errorResponses } },
      handler: async (req) => sessions.refresh(req.body.refreshToken),
    });

    app.delete('/v1/sessions/current', {
      schema: {
        tags,
        security: bearerSecurity,
        response: { 204: z.undefined().describe('Signed out'), ...errorResponses },
      },
      onRequest: authenticated,
      handler: async (req, reply) => {
        await sessions.logout(principalOf(req));
        return reply.code(204).send();
      },
    });

    app.get('/v1/me', {
      schema: { tags, security: bearerSecurity, response: { 200: MeSchema, ...errorResponses } },
      onRequest: authenticated,
      handler: async (req) => readProfile(db, principalOf(req).accountId),
    });

    app.patch('/v1/me', {
      schema: { tags, security: bearerSecurity, body: MePatchSchema, response: { 200: MeSchema, ...errorResponses } },
      onRequest: authenticated,
      handler: async (req) => {
        const { accountId } = principalOf(req);
        await updateProfile(db, accountId, req.body);
        return readProfile(db, accountId);
      },
    });
  };
}
