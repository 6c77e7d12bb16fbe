import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PolicyNumberParamsSchema } from '../../../contract/api/policies';
import {
  DateRangeQuerySchema,
  FundCodeParamsSchema,
  FundPricesSchema,
  PolicyValueSchema,
  StatementRequestSchema,
  StatementSchema,
  TransactionListQuerySchema,
  TransactionListSchema,
} from '../../../contract/api/statements';
import type { Sessions } from '../../domain/identity/sessions';
import type { FundValues } from '../../domain/statements/fund-values';
import type { Statements } from '../../domain/statements/statements';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** Fund prices, a policy's value and movements, and its statements (statements.md). */
export function statementRoutes(values: FundValues, statements: Statements, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['funds'];
    const security = bearerSecurity;
    app.addHook('onRequest', requireSession(sessions));
    app.get('/v1/funds/:fundCode/prices', {
      schema: {
        tags,
        security,
        params: FundCodeParamsSchema,
        querystring: DateRangeQuerySchema,
        response: { 200: FundPricesSchema, ...errorResponses },
      },
      handler: async (req) => values.prices(req.params.fundCode, req.query),
    });
    app.get('/v1/policies/:policyNumber/value', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        querystring: DateRangeQuerySchema,
        response: { 200: PolicyValueSchema, ...errorResponses },
      },
      handler: async (req) => values.value(principalOf(req).customerId, req.params.policyNumber, req.query),
    });
    app.get('/v1/policies/:policyNumber/transactions', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        querystring: TransactionListQuerySchema,
        response: { 200: TransactionListSchema, ...errorResponses },
      },
      handler: async (req) => values.transactions(principalOf(req).customerId, req.params.policyNumber, req.query),
    });
    // Built by a job; the person is told in Kotak Masuk and finds it among the policy's documents.
    app.post('/v1/policies/:policyNumber/statements', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        body: StatementRequestSchema,
        response: { 202: StatementSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        reply.code(202).send(await statements.request(principalOf(req), req.params.policyNumber, req.body)),
    });
  };
}
