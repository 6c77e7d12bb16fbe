import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  FlowIdParamsSchema,
  OtpRequestSchema,
  OtpSentSchema,
  OtpVerifyRequestSchema,
  PasswordRequestSchema,
  RecoveryDoneSchema,
  RecoveryOtpVerifiedSchema,
  RecoveryStartRequestSchema,
  RecoveryStartedSchema,
} from '../../../contract/api/identity';
import type { Recovery } from '../../domain/identity/recovery';
import { clientKey } from '../client-key';
import { errorResponses } from './common';

export function recoveryRoutes(recovery: Recovery): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['recovery'];

    app.post('/v1/recoveries', {
      schema: { tags, body: RecoveryStartRequestSchema, response: { 201: RecoveryStartedSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await recovery.start(req.body.username, clientKey(req))),
    });

    app.post('/v1/recoveries/:flowId/otp', {
      schema: {
        tags,
        params: FlowIdParamsSchema,
        body: OtpRequestSchema,
        response: { 200: OtpSentSchema, ...errorResponses },
      },
      handler: async (req) => recovery.sendOtp(req.params.flowId, req.body.channel),
    });

    app.post('/v1/recoveries/:flowId/otp/verify', {
      schema: {
        tags,
        params: FlowIdParamsSchema,
        body: OtpVerifyRequestSchema,
        response: { 200: RecoveryOtpVerifiedSchema, ...errorResponses },
      },
      handler: async (req) => recovery.verifyOtp(req.params.flowId, req.body.code),
    });

    app.post('/v1/recoveries/:flowId/password', {
      schema: {
        tags,
        params: FlowIdParamsSchema,
        body: PasswordRequestSchema,
        response: { 200: RecoveryDoneSchema, ...errorResponses },
      },
      handler: async (req) => recovery.setPassword(req.params.flowId, req.body),
    });
  };
}
