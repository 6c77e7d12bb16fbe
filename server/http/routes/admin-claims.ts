import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AdminClaimListQuerySchema,
  CashlessClaimCreateSchema,
  ClaimIdParamsSchema,
  ClaimListSchema,
  ClaimSchema,
  ClaimTransitionSchema,
} from '../../../contract/api/claims';
import type { ClaimsBackOffice } from '../../domain/claims/back-office';
import type { AdminKeys } from '../admin-auth';
import { errorResponses } from './common';

/** The back office's claims (claims.md, Back office), behind `ADMIN_API_KEYS`. */
export function adminClaimRoutes(backOffice: ClaimsBackOffice, keys: AdminKeys): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['back office'];
    const security = [{ adminKey: [] }];
    keys.protect(app);

    app.get('/v1/admin/claims', {
      schema: {
        tags,
        security,
        querystring: AdminClaimListQuerySchema,
        response: { 200: ClaimListSchema, ...errorResponses },
      },
      handler: async (req) => backOffice.list(req.query),
    });

    app.get('/v1/admin/claims/:claimId', {
      schema: { tags, security, params: ClaimIdParamsSchema, response: { 200: ClaimSchema, ...errorResponses } },
      handler: async (req) => backOffice.get(req.params.claimId),
    });

    app.post('/v1/admin/claims/:claimId/transitions', {
      schema: {
        tags,
        security,
        params: ClaimIdParamsSchema,
        body: ClaimTransitionSchema,
        response: { 200: ClaimSchema, ...errorResponses },
      },
      handler: async (req) => backOffice.transition(req.params.claimId, req.body),
    });

    app.post('/v1/admin/claims', {
      schema: { tags, security, body: CashlessClaimCreateSchema, response: { 201: ClaimSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await backOffice.createCashless(req.body)),
    });
  };
}
