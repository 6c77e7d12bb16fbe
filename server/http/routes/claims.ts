import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BankListSchema,
  BenefitsQuerySchema,
  BenefitsSchema,
  ClaimAnswerSchema,
  ClaimCreateSchema,
  ClaimFileParamsSchema,
  ClaimFileQuerySchema,
  ClaimFileSchema,
  ClaimIdParamsSchema,
  ClaimListQuerySchema,
  ClaimListSchema,
  ClaimOptionsQuerySchema,
  ClaimOptionsSchema,
  ClaimPatchSchema,
  ClaimSchema,
} from '../../../contract/api/claims';
import { PolicyNumberParamsSchema } from '../../../contract/api/policies';
import { BANKS } from '../../domain/claims/banks';
import type { BenefitLimits } from '../../domain/claims/benefits';
import type { Claims } from '../../domain/claims/claims';
import type { Sessions } from '../../domain/identity/sessions';
import { principalOf, requireSession } from '../auth';
import { sendStoredFile } from '../stored-file';
import { accepting, rawUploadOf, uploadRoutes } from '../raw-upload';
import { bearerSecurity, errorResponses } from './common';

/** Claims of the customer (claims.md, calls of the customer) and the benefit limits. */
export function claimRoutes(claims: Claims, benefits: BenefitLimits, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['claims'];
    const security = bearerSecurity;
    app.addHook('onRequest', requireSession(sessions));
    const one = { 200: ClaimSchema, ...errorResponses };
    const noContent = { 204: z.undefined().describe('Done'), ...errorResponses };

    app.get('/v1/claims/options', {
      schema: {
        tags,
        security,
        querystring: ClaimOptionsQuerySchema,
        response: { 200: ClaimOptionsSchema, ...errorResponses },
      },
      handler: async (req) => claims.options(principalOf(req), req.query.policyNumber),
    });

    app.get('/v1/banks', {
      schema: { tags, security, response: { 200: BankListSchema, ...errorResponses } },
      handler: async () => ({ banks: [...BANKS] }),
    });

    app.get('/v1/policies/:policyNumber/benefits', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        querystring: BenefitsQuerySchema,
        response: { 200: BenefitsSchema, ...errorResponses },
      },
      handler: async (req) => {
        const p = principalOf(req);
        return benefits.of(p.customerId, req.params.policyNumber, req.query.personId, await claims.languageOf(p));
      },
    });

    app.post('/v1/claims', {
      schema: { tags, security, body: ClaimCreateSchema, response: { 201: ClaimSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await claims.create(principalOf(req), req.body)),
    });

    app.get('/v1/claims', {
      schema: {
        tags,
        security,
        querystring: ClaimListQuerySchema,
        response: { 200: ClaimListSchema, ...errorResponses },
      },
      handler: async (req) => claims.list(principalOf(req), req.query),
    });

    app.get('/v1/claims/:claimId', {
      schema: { tags, security, params: ClaimIdParamsSchema, response: one },
      handler: async (req) => claims.get(principalOf(req), req.params.claimId),
    });

    app.patch('/v1/claims/:claimId', {
      schema: { tags, security, params: ClaimIdParamsSchema, body: ClaimPatchSchema, response: one },
      handler: async (req) => claims.update(principalOf(req), req.params.claimId, req.body),
    });

    app.delete('/v1/claims/:claimId', {
      schema: { tags, security, params: ClaimIdParamsSchema, response: noContent },
      handler: async (req, reply) => {
        await claims.remove(principalOf(req), req.params.claimId);
        return reply.code(204).send();
      },
    });

    app.post('/v1/claims/:claimId/submit', {
      schema: { tags, security, params: ClaimIdParamsSchema, response: one },
      handler: async (req) => claims.submit(principalOf(req), req.params.claimId),
    });

    app.post('/v1/claims/:claimId/answer', {
      schema: { tags, security, params: ClaimIdParamsSchema, body: ClaimAnswerSchema, response: one },
      handler: async (req) => claims.answer(principalOf(req), req.params.claimId, req.body.note),
    });

    app.post('/v1/claims/:claimId/withdraw', {
      schema: { tags, security, params: ClaimIdParamsSchema, response: one },
      handler: async (req) => claims.withdraw(principalOf(req), req.params.claimId),
    });

    app.get('/v1/claims/:claimId/files/:fileId', {
      schema: {
        tags,
        security,
        params: ClaimFileParamsSchema,
        response: { 200: z.any().describe('The file (PDF, JPEG or PNG)'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const { file, body } = await claims.readFile(principalOf(req), req.params.claimId, req.params.fileId);
        return sendStoredFile(reply, file, body);
      },
    });

    app.delete('/v1/claims/:claimId/files/:fileId', {
      schema: { tags, security, params: ClaimFileParamsSchema, response: noContent },
      handler: async (req, reply) => {
        await claims.removeFile(principalOf(req), req.params.claimId, req.params.fileId);
        return reply.code(204).send();
      },
    });

    await uploadRoutes(app, (files) =>
      files.withTypeProvider<ZodTypeProvider>().post('/v1/claims/:claimId/files', {
        schema: {
          tags,
          security,
          params: ClaimIdParamsSchema,
          querystring: ClaimFileQuerySchema,
          response: { 201: ClaimFileSchema, ...errorResponses },
        },
        handler: async (req, reply) => {
          const file = await accepting(req, reply, () =>
            claims.addFile(principalOf(req), req.params.claimId, req.query.kind, rawUploadOf(req)),
          );
          return reply.code(201).send(file);
        },
      }),
    );
  };
}
