import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PolicyAnswerSchema, PolicyListSchema, PolicyNumberParamsSchema } from '../../../contract/api/policies';
import type { Sessions } from '../../domain/identity/sessions';
import type { Policies } from '../../domain/policies/policies';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

export function policyRoutes(
  policies: Policies,
  sessions: Sessions,
  /** Moves the caller's policies' statuses with their bills before they are read. */
  followBills: (customerId: string, policyNumber?: string) => Promise<void>,
): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['policies'];
    app.addHook('onRequest', requireSession(sessions));

    app.get('/v1/policies', {
      schema: { tags, security: bearerSecurity, response: { 200: PolicyListSchema, ...errorResponses } },
      handler: async (req) => {
        const { customerId } = principalOf(req);
        await followBills(customerId);
        return { policies: await policies.list(customerId) };
      },
    });

    app.get('/v1/policies/:policyNumber', {
      schema: {
        tags,
        security: bearerSecurity,
        params: PolicyNumberParamsSchema,
        response: { 200: PolicyAnswerSchema, ...errorResponses },
      },
      handler: async (req) => {
        const { customerId } = principalOf(req);
        await followBills(customerId, req.params.policyNumber);
        return { policy: await policies.get(customerId, req.params.policyNumber) };
      },
    });
  };
}
