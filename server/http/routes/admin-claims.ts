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
import { AdminReasonHeadersSchema } from '../../../contract/api/privacy';
import type { ClaimsBackOffice } from '../../domain/claims/back-office';
import type { AccessLog } from '../../domain/privacy/access-log';
import { recordAccess } from '../admin-access';
import type { AdminKeys } from '../admin-auth';
import { errorResponses } from './common';

/** The back office's claims (claims.md, Back office), behind `ADMIN_API_KEYS`. */
export function adminClaimRoutes(backOffice: ClaimsBackOffice, keys: AdminKeys, access: AccessLog): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['back office'];
    const security = [{ adminKey: [] }];
    // Every route here reads or moves a person's claim: each says why (X-Reason) and is recorded.
    const headers = AdminReasonHeadersSchema;
    keys.protect(app);

    app.get('/v1/admin/claims', {
      schema: {
        tags,
        security,
        headers,
        querystring: AdminClaimListQuerySchema,
        response: { 200: ClaimListSchema, ...errorResponses },
      },
      handler: async (req) => {
        const list = await backOffice.list(req.query);
        await recordAccess(
          access,
          req,
          'read',
          'claim',
          list.claims.map((c) => c.claimId),
        );
        return list;
      },
    });

    app.get('/v1/admin/claims/:claimId', {
      schema: {
        tags,
        security,
        headers,
        params: ClaimIdParamsSchema,
        response: { 200: ClaimSchema, ...errorResponses },
      },
      handler: async (req) => {
        const claim = await backOffice.get(req.params.claimId);
        await recordAccess(access, req, 'read', 'claim', [claim.claimId]);
        return claim;
      },
    });

    app.post('/v1/admin/claims/:claimId/transitions', {
      schema: {
        tags,
        security,
        headers,
        params: ClaimIdParamsSchema,
        body: ClaimTransitionSchema,
        response: { 200: ClaimSchema, ...errorResponses },
      },
      handler: async (req) => {
        const claim = await backOffice.transition(req.params.claimId, req.body);
        await recordAccess(access, req, 'move', 'claim', [claim.claimId]);
        return claim;
      },
    });

    app.post('/v1/admin/claims', {
      schema: {
        tags,
        security,
        headers,
        body: CashlessClaimCreateSchema,
        response: { 201: ClaimSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const claim = await backOffice.createCashless(req.body);
        await recordAccess(access, req, 'create', 'claim', [claim.claimId]);
        return reply.code(201).send(claim);
      },
    });
  };
}
