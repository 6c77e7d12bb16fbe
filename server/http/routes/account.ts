import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccountSessionsSchema,
  ContactChangeRequestSchema,
  ContactChangeStartedSchema,
  ContactChangeVerifySchema,
  PasswordChangeRequestSchema,
  SessionIdParamsSchema,
  SignInsSchema,
  StepUpRequestSchema,
  StepUpSchema,
} from '../../../contract/api/account';
import { PageQuerySchema } from '../../../contract/api/events';
import type { Account } from '../../domain/account/account';
import type { ContactChange } from '../../domain/account/contact-change';
import { EmailSchema, MeSchema, PhoneSchema } from '../../../contract/api/identity';
import { ServiceError } from '../../domain/errors';
import type { Sessions } from '../../domain/identity/sessions';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** Akun Saya (account-inbox.md) and step-up (api-v1.md). */
export function accountRoutes(account: Account, contacts: ContactChange, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['account'];
    app.addHook('onRequest', requireSession(sessions));
    const noContent = { 204: z.undefined().describe('Done'), ...errorResponses };

    app.post('/v1/sessions/step-up', {
      schema: {
        tags,
        security: bearerSecurity,
        body: StepUpRequestSchema,
        response: { 200: StepUpSchema, ...errorResponses },
      },
      handler: async (req) => account.stepUp(principalOf(req), req.body.password),
    });

    app.post('/v1/me/password', {
      schema: { tags, security: bearerSecurity, body: PasswordChangeRequestSchema, response: noContent },
      handler: async (req, reply) => {
        await account.changePassword(principalOf(req), req.body);
        return reply.code(204).send();
      },
    });

    app.post('/v1/me/contact-changes', {
      schema: {
        tags,
        security: bearerSecurity,
        body: ContactChangeRequestSchema,
        response: { 201: ContactChangeStartedSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const { channel, value } = req.body;
        const valid = (channel === 'sms' ? PhoneSchema : EmailSchema).safeParse(value);
        if (!valid.success)
          throw new ServiceError('invalid_request', 'Not a valid contact.', { in: 'body', fields: ['value'] });
        return reply.code(201).send(await contacts.start(principalOf(req), channel, valid.data));
      },
    });

    app.post('/v1/me/contact-changes/verify', {
      schema: {
        tags,
        security: bearerSecurity,
        body: ContactChangeVerifySchema,
        response: { 200: MeSchema, ...errorResponses },
      },
      handler: async (req) => contacts.verify(principalOf(req), req.body.code),
    });

    app.get('/v1/me/sessions', {
      schema: { tags, security: bearerSecurity, response: { 200: AccountSessionsSchema, ...errorResponses } },
      handler: async (req) => account.sessionsOf(principalOf(req)),
    });

    app.delete('/v1/me/sessions/:sessionId', {
      schema: { tags, security: bearerSecurity, params: SessionIdParamsSchema, response: noContent },
      handler: async (req, reply) => {
        await account.endSession(principalOf(req), req.params.sessionId);
        return reply.code(204).send();
      },
    });

    app.get('/v1/me/sign-ins', {
      schema: {
        tags,
        security: bearerSecurity,
        querystring: PageQuerySchema,
        response: { 200: SignInsSchema, ...errorResponses },
      },
      handler: async (req) => account.signIns(principalOf(req), req.query),
    });
  };
}
