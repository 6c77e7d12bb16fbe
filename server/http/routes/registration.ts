import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ChannelsSchema,
  EulaAcceptRequestSchema,
  FlowIdParamsSchema,
  OtpRequestSchema,
  OtpSentSchema,
  OtpVerifyRequestSchema,
  PasswordRequestSchema,
  RegistrationDoneSchema,
  RegistrationOtpVerifiedSchema,
  RegistrationStartRequestSchema,
  RegistrationStartedSchema,
} from '../../../contract/api/identity';
import type { Registration } from '../../domain/identity/registration';
import { clientKey, preferredLanguage } from '../client-key';
import { errorResponses } from './common';

export function registrationRoutes(registration: Registration): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['registration'];

    app.post('/v1/registrations', {
      schema: {
        tags,
        body: RegistrationStartRequestSchema,
        response: { 201: RegistrationStartedSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        reply.code(201).send(await registration.start(req.body, clientKey(req), preferredLanguage(req))),
    });

    app.post('/v1/registrations/:flowId/eula', {
      schema: {
        tags,
        params: FlowIdParamsSchema,
        body: EulaAcceptRequestSchema,
        response: { 200: ChannelsSchema, ...errorResponses },
      },
      handler: async (req) => registration.acceptEula(req.params.flowId, req.body.version),
    });

    app.post('/v1/registrations/:flowId/otp', {
      schema: {
        tags,
        params: FlowIdParamsSchema,
        body: OtpRequestSchema,
        response: { 200: OtpSentSchema, ...errorResponses },
      },
      handler: async (req) => registration.sendOtp(req.params.flowId, req.body.channel),
    });

    app.post('/v1/registrations/:flowId/otp/verify', {
      schema: {
        tags,
        params: FlowIdParamsSchema,
        body: OtpVerifyRequestSchema,
        response: { 200: RegistrationOtpVerifiedSchema, ...errorResponses },
      },
      handler: async (req) => registration.verifyOtp(req.params.flowId, req.body.code),
    });

    app.post('/v1/registrations/:flowId/password', {
      schema: {
        tags,
        params: FlowIdParamsSchema,
        body: PasswordRequestSchema,
        response: { 201: RegistrationDoneSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.code(201).send(await registration.setPassword(req.params.flowId, req.body)),
    });
  };
}
