import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ResourceIdSchema } from '../../../contract/api/common';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CloseConsultationSchema,
  ConsultationCreateSchema,
  ConsultationIdParamsSchema,
  ConsultationListQuerySchema,
  ConsultationListSchema,
  ConsultationMessageSchema,
  ConsultationSchema,
  DoctorLoginSchema,
  DoctorLoginStartedSchema,
  DoctorSessionSchema,
  DoctorVerifySchema,
  MarkReadSchema,
  MessageListSchema,
  MessagesQuerySchema,
  QueueSchema,
  SendMessageSchema,
} from '../../../contract/api/consultations';
import type { Consultations } from '../../domain/consult/consultations';
import type { DoctorDesk } from '../../domain/consult/doctor-desk';
import type { DoctorPrincipal, Doctors } from '../../domain/consult/doctors';
import { ServiceError } from '../../domain/errors';
import { doctorKey, type EventHub } from '../../domain/events/hub';
import type { Sessions } from '../../domain/identity/sessions';
import { bearerToken, principalOf, requireSession } from '../auth';
import { clientKey } from '../client-key';
import { accepting, rawUploadOf, uploadRoutes } from '../raw-upload';
import { bearerSecurity, errorResponses } from './common';
import { KEEP_ALIVE_MS, serveEventStream, type OpenStreams } from './events';

const noContent = { 204: z.undefined().describe('Done'), ...errorResponses };
const FileParamsSchema = ConsultationIdParamsSchema.extend({ fileId: ResourceIdSchema });

/** A photo answered as itself, never as a page: no sniffing, no script, no frame. */
function sendImageAnswer(
  reply: FastifyReply,
  image: { contentType: string; size: number; body: NodeJS.ReadableStream },
) {
  return reply
    .type(image.contentType)
    .header('content-length', image.size)
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, no-store')
    .send(image.body);
}
const doctorSecurity = [{ doctorAuth: [] }];

/** Telekonsultasi for signed-in customers (teleconsultation.md, Consultations). */
export function consultationRoutes(consultations: Consultations, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['consultations'];
    const security = bearerSecurity;
    const params = ConsultationIdParamsSchema;
    app.addHook('onRequest', requireSession(sessions));

    app.post('/v1/consultations', {
      schema: {
        tags,
        security,
        body: ConsultationCreateSchema,
        response: { 201: ConsultationSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.code(201).send(await consultations.start(principalOf(req), req.body)),
    });
    app.get('/v1/consultations', {
      schema: {
        tags,
        security,
        querystring: ConsultationListQuerySchema,
        response: { 200: ConsultationListSchema, ...errorResponses },
      },
      handler: async (req) => consultations.list(principalOf(req), req.query),
    });
    app.get('/v1/consultations/:consultationId', {
      schema: { tags, security, params, response: { 200: ConsultationSchema, ...errorResponses } },
      handler: async (req) => consultations.get(principalOf(req), req.params.consultationId),
    });
    app.post('/v1/consultations/:consultationId/cancel', {
      schema: { tags, security, params, response: { 200: ConsultationSchema, ...errorResponses } },
      handler: async (req) => consultations.cancel(principalOf(req), req.params.consultationId),
    });
    app.get('/v1/consultations/:consultationId/messages', {
      schema: {
        tags,
        security,
        params,
        querystring: MessagesQuerySchema,
        response: { 200: MessageListSchema, ...errorResponses },
      },
      handler: async (req) => ({
        messages: await consultations.messages(
          principalOf(req),
          req.params.consultationId,
          req.query.after,
          req.query.limit,
        ),
      }),
    });
    app.post('/v1/consultations/:consultationId/messages', {
      schema: {
        tags,
        security,
        params,
        body: SendMessageSchema,
        response: { 201: ConsultationMessageSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        reply.code(201).send(await consultations.send(principalOf(req), req.params.consultationId, req.body)),
    });
    app.get('/v1/consultations/:consultationId/files/:fileId', {
      schema: {
        tags,
        security,
        params: FileParamsSchema,
        response: { 200: z.any().describe('The photo'), ...errorResponses },
      },
      handler: async (req, reply) =>
        sendImageAnswer(
          reply,
          await consultations.readImage(principalOf(req), req.params.consultationId, req.params.fileId),
        ),
    });
    // Photos come as the raw body, streamed (api-v1.md, Uploads).
    await uploadRoutes(app, (files) =>
      files.withTypeProvider<ZodTypeProvider>().post('/v1/consultations/:consultationId/files', {
        schema: {
          tags,
          security,
          params,
          description: 'A photo (JPEG or PNG) as the raw body; `X-Client-Message-Id` makes a retry the same message.',
          response: { 201: ConsultationMessageSchema, ...errorResponses },
        },
        handler: async (req, reply) => {
          const clientId = req.headers['x-client-message-id'];
          const message = await accepting(req, reply, () => {
            const { body, contentType, length } = rawUploadOf(req);
            return consultations.sendImage(principalOf(req), req.params.consultationId, {
              body,
              contentType,
              length,
              ...(typeof clientId === 'string' && /^[A-Za-z0-9_-]{8,64}$/u.test(clientId)
                ? { clientMessageId: clientId }
                : {}),
            });
          });
          return reply.code(201).send(message);
        },
      }),
    );
    app.post('/v1/consultations/:consultationId/read', {
      schema: { tags, security, params, body: MarkReadSchema, response: noContent },
      handler: async (req, reply) => {
        await consultations.markRead(principalOf(req), req.params.consultationId, req.body.upToSeq);
        return reply.code(204).send();
      },
    });
    app.post('/v1/consultations/:consultationId/typing', {
      schema: { tags, security, params, response: noContent },
      handler: async (req, reply) => {
        await consultations.typingNow(principalOf(req), req.params.consultationId);
        return reply.code(204).send();
      },
    });
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    doctor: DoctorPrincipal | null;
  }
}

/** A doctor's session, and nothing else: a customer's token is unknown here. */
function requireDoctor(doctors: Doctors) {
  return async (request: FastifyRequest): Promise<void> => {
    request.doctor = await doctors.authenticate(bearerToken(request));
  };
}

function doctorOf(request: FastifyRequest): DoctorPrincipal {
  if (!request.doctor) throw new ServiceError('unauthenticated', 'Sign in first.');
  return request.doctor;
}

/** The doctors' side (teleconsultation.md, Doctors): sign-in with an e-mailed code, the queue, the chat, the close. */
export function doctorRoutes(
  doctors: Doctors,
  desk: DoctorDesk,
  hub: EventHub,
  streams: OpenStreams,
  keepAliveMs = KEEP_ALIVE_MS,
): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['doctors'];
    const security = doctorSecurity;
    const params = ConsultationIdParamsSchema;
    app.decorateRequest('doctor', null);

    app.post('/v1/doctor/sessions', {
      schema: { tags, body: DoctorLoginSchema, response: { 200: DoctorLoginStartedSchema, ...errorResponses } },
      handler: async (req) => doctors.startLogin(req.body.username, req.body.password, clientKey(req)),
    });
    app.post('/v1/doctor/sessions/verify', {
      schema: { tags, body: DoctorVerifySchema, response: { 201: DoctorSessionSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await doctors.verifyLogin(req.body.flowId, req.body.code)),
    });

    await app.register(async (signedIn) => {
      const r = signedIn.withTypeProvider<ZodTypeProvider>();
      r.addHook('onRequest', requireDoctor(doctors));
      r.delete('/v1/doctor/sessions/current', {
        schema: { tags, security, response: noContent },
        handler: async (req, reply) => {
          await doctors.logout(doctorOf(req).sessionId);
          return reply.code(204).send();
        },
      });
      r.get('/v1/doctor/queue', {
        schema: { tags, security, response: { 200: QueueSchema, ...errorResponses } },
        handler: async () => ({ queue: await desk.queue() }),
      });
      r.get('/v1/doctor/consultations', {
        schema: { tags, security, response: { 200: ConsultationListSchema, ...errorResponses } },
        handler: async (req) => ({ consultations: await desk.mine(doctorOf(req)) }),
      });
      r.get('/v1/doctor/consultations/:consultationId', {
        schema: { tags, security, params, response: { 200: ConsultationSchema, ...errorResponses } },
        handler: async (req) => desk.get(doctorOf(req), req.params.consultationId),
      });
      r.post('/v1/doctor/consultations/:consultationId/take', {
        schema: { tags, security, params, response: { 200: ConsultationSchema, ...errorResponses } },
        handler: async (req) => desk.take(doctorOf(req), req.params.consultationId),
      });
      r.get('/v1/doctor/consultations/:consultationId/messages', {
        schema: {
          tags,
          security,
          params,
          querystring: MessagesQuerySchema,
          response: { 200: MessageListSchema, ...errorResponses },
        },
        handler: async (req) => ({
          messages: await desk.messages(doctorOf(req), req.params.consultationId, req.query.after, req.query.limit),
        }),
      });
      r.post('/v1/doctor/consultations/:consultationId/messages', {
        schema: {
          tags,
          security,
          params,
          body: SendMessageSchema,
          response: { 201: ConsultationMessageSchema, ...errorResponses },
        },
        handler: async (req, reply) =>
          reply.code(201).send(await desk.send(doctorOf(req), req.params.consultationId, req.body)),
      });
      r.get('/v1/doctor/consultations/:consultationId/files/:fileId', {
        schema: {
          tags,
          security,
          params: FileParamsSchema,
          response: { 200: z.any().describe('The photo'), ...errorResponses },
        },
        handler: async (req, reply) =>
          sendImageAnswer(reply, await desk.readImage(doctorOf(req), req.params.consultationId, req.params.fileId)),
      });
      r.post('/v1/doctor/consultations/:consultationId/read', {
        schema: { tags, security, params, body: MarkReadSchema, response: noContent },
        handler: async (req, reply) => {
          await desk.markRead(doctorOf(req), req.params.consultationId, req.body.upToSeq);
          return reply.code(204).send();
        },
      });
      r.post('/v1/doctor/consultations/:consultationId/typing', {
        schema: { tags, security, params, response: noContent },
        handler: async (req, reply) => {
          await desk.typingNow(doctorOf(req), req.params.consultationId);
          return reply.code(204).send();
        },
      });
      r.post('/v1/doctor/consultations/:consultationId/close', {
        schema: {
          tags,
          security,
          params,
          body: CloseConsultationSchema,
          response: { 200: ConsultationSchema, ...errorResponses },
        },
        handler: async (req) => desk.close(doctorOf(req), req.params.consultationId, req.body),
      });
      r.get('/v1/doctor/events', {
        schema: {
          tags,
          security,
          description: "Server-sent events of the doctor: the queue's changes and the consultations taken.",
          produces: ['text/event-stream'],
          response: { ...errorResponses },
        },
        handler: async (req, reply) => {
          const d = doctorOf(req);
          await serveEventStream(
            req,
            reply,
            {
              key: doctorKey(d.doctorId),
              isActive: () => doctors.isActive(d.sessionId),
              session: d.sessionId,
              route: '/v1/doctor/events',
              // The queue changed: every doctor's console reads it again.
              signals: (send) => hub.onQueueChanged(() => send('queue.updated', {})),
            },
            hub,
            streams,
            keepAliveMs,
          );
        },
      });
    });
  };
}
