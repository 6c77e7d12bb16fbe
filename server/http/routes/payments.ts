import type { FastifyPluginAsync } from 'fastify';
import { noMetrics, type ServiceMetrics } from '../../metrics';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BillIdParamsSchema,
  BillListQuerySchema,
  BillListSchema,
  BillSchema,
  IdempotencyHeadersSchema,
  PaymentIdParamsSchema,
  PaymentListQuerySchema,
  PaymentListSchema,
  PaymentSchema,
  PayRequestSchema,
} from '../../../contract/api/payments';
import { normalisePolicyNumber } from '../../../contract/api/common';
import type { Sessions } from '../../domain/identity/sessions';
import type { Bills } from '../../domain/payments/bills';
import type { Payments } from '../../domain/payments/payments';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** Bills and payments of the customer (payments.md). */
export function paymentRoutes(bills: Bills, payments: Payments, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['payments'];
    const security = bearerSecurity;
    app.addHook('onRequest', requireSession(sessions));

    app.get('/v1/bills', {
      schema: {
        tags,
        security,
        querystring: BillListQuerySchema,
        response: { 200: BillListSchema, ...errorResponses },
      },
      handler: async (req) => ({
        bills: await bills.list(principalOf(req).customerId, {
          ...req.query,
          ...(req.query.policyNumber ? { policyNumber: normalisePolicyNumber(req.query.policyNumber) } : {}),
        }),
      }),
    });

    app.get('/v1/bills/:billId', {
      schema: { tags, security, params: BillIdParamsSchema, response: { 200: BillSchema, ...errorResponses } },
      handler: async (req) => (await bills.get(principalOf(req).customerId, req.params.billId)).bill,
    });

    app.post('/v1/bills/:billId/payments', {
      schema: {
        tags,
        security,
        params: BillIdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: PayRequestSchema,
        response: { 201: PaymentSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        reply
          .code(201)
          .send(
            await payments.pay(principalOf(req), req.params.billId, req.body.method, req.headers['idempotency-key']),
          ),
    });

    app.get('/v1/payments', {
      schema: {
        tags,
        security,
        querystring: PaymentListQuerySchema,
        response: { 200: PaymentListSchema, ...errorResponses },
      },
      handler: async (req) => payments.list(principalOf(req), req.query),
    });

    app.get('/v1/payments/:paymentId', {
      schema: { tags, security, params: PaymentIdParamsSchema, response: { 200: PaymentSchema, ...errorResponses } },
      handler: async (req) => payments.get(principalOf(req), req.params.paymentId),
    });

    app.get('/v1/payments/:paymentId/receipt', {
      schema: {
        tags,
        security,
        params: PaymentIdParamsSchema,
        response: { 200: z.any().describe('The receipt (kuitansi), a PDF'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await payments.receipt(principalOf(req), req.params.paymentId);
        return reply.type('application/pdf').header('content-length', r.sizeBytes).send(r.body);
      },
    });
  };
}

/** Midtrans' notification (payments.md, Gateway): believed only when signed and confirmed. */
export function gatewayNotificationRoutes(
  payments: Payments,
  metrics: Pick<ServiceMetrics, 'gatewayNotification'> = noMetrics,
): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.post('/v1/gateway/midtrans/notifications', {
      schema: {
        tags: ['payments'],
        // The gateway's own format: the fields read here are required, its others are its own.
        body: z.looseObject({
          order_id: z.string().min(1).max(128),
          status_code: z.string().max(8),
          gross_amount: z.string().max(32),
          signature_key: z.string().max(256),
          transaction_status: z.string().max(32),
          transaction_id: z.string().max(128).optional(),
        }),
        response: { 200: z.object({ status: z.literal('ok'), verdict: z.string() }), ...errorResponses },
      },
      handler: async (req) => {
        const { verdict } = await payments.booking.notified(req.body);
        metrics.gatewayNotification(verdict);
        return { status: 'ok' as const, verdict };
      },
    });
  };
}
