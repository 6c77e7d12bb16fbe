import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PolicyNumberParamsSchema } from '../../../contract/api/policies';
import { z } from 'zod';
import {
  AdminRequestListQuerySchema,
  PolicyHistorySchema,
  RequestCreateSchema,
  RequestFileParamsSchema,
  RequestIdParamsSchema,
  RequestListQuerySchema,
  RequestListSchema,
  RequestSchema,
  RequestTransitionSchema,
  RequestTypesSchema,
} from '../../../contract/api/requests';
import type { Sessions } from '../../domain/identity/sessions';
import type { RequestsBackOffice } from '../../domain/requests/back-office';
import type { RequestFiles } from '../../domain/requests/request-files';
import type { Requests } from '../../domain/requests/requests';
import { UploadedFileSchema } from '../../../contract/api/claims';
import { accepting, rawUploadOf, uploadRoutes } from '../raw-upload';
import { AdminReasonHeadersSchema } from '../../../contract/api/privacy';
import type { AccessLog } from '../../domain/privacy/access-log';
import { recordAccess } from '../admin-access';
import type { AdminKeys } from '../admin-auth';
import { principalOf, requireSession } from '../auth';
import { sendStoredFile } from '../stored-file';
import { bearerSecurity, errorResponses } from './common';

/** Transaksi Polis for signed-in policyholders (policy-requests.md). */
export function requestRoutes(requests: Requests, files: RequestFiles, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['requests'];
    const security = bearerSecurity;
    app.addHook('onRequest', requireSession(sessions));

    app.get('/v1/policies/:policyNumber/request-types', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        response: { 200: RequestTypesSchema, ...errorResponses },
      },
      handler: async (req) => requests.types(principalOf(req), req.params.policyNumber),
    });
    app.get('/v1/policies/:policyNumber/history', {
      schema: {
        tags,
        security,
        params: PolicyNumberParamsSchema,
        response: { 200: PolicyHistorySchema, ...errorResponses },
      },
      handler: async (req) => requests.history(principalOf(req), req.params.policyNumber),
    });
    app.post('/v1/requests', {
      schema: { tags, security, body: RequestCreateSchema, response: { 201: RequestSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await requests.submit(principalOf(req), req.body)),
    });
    app.get('/v1/requests', {
      schema: {
        tags,
        security,
        querystring: RequestListQuerySchema,
        response: { 200: RequestListSchema, ...errorResponses },
      },
      handler: async (req) => requests.list(principalOf(req), req.query),
    });
    app.get('/v1/requests/:requestId', {
      schema: { tags, security, params: RequestIdParamsSchema, response: { 200: RequestSchema, ...errorResponses } },
      handler: async (req) => requests.get(principalOf(req), req.params.requestId),
    });
    app.post('/v1/requests/:requestId/cancel', {
      schema: { tags, security, params: RequestIdParamsSchema, response: { 200: RequestSchema, ...errorResponses } },
      handler: async (req) => requests.cancel(principalOf(req), req.params.requestId),
    });

    app.get('/v1/requests/:requestId/files/:fileId', {
      schema: {
        tags,
        security,
        params: RequestFileParamsSchema,
        response: { 200: z.any().describe('The document (PDF, JPEG or PNG)'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const { file, body } = await files.read(principalOf(req), req.params.requestId, req.params.fileId);
        return sendStoredFile(reply, file, body);
      },
    });

    // A data correction's document comes as the raw body, streamed (api-v1.md, Uploads).
    await uploadRoutes(app, (raw) =>
      raw.withTypeProvider<ZodTypeProvider>().post('/v1/requests/:requestId/files', {
        schema: {
          tags,
          security,
          params: RequestIdParamsSchema,
          response: { 201: UploadedFileSchema, ...errorResponses },
        },
        handler: async (req, reply) => {
          const file = await accepting(req, reply, () =>
            files.add(principalOf(req), req.params.requestId, rawUploadOf(req)),
          );
          return reply.code(201).send(file);
        },
      }),
    );
  };
}

/** The back office's moves of requests (api-v1.md, Back office). */
export function adminRequestRoutes(
  backOffice: RequestsBackOffice,
  keys: AdminKeys,
  access: AccessLog,
): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    keys.protect(app);
    app.get('/v1/admin/requests', {
      schema: {
        tags: ['back office'],
        security: [{ adminKey: [] }],
        headers: AdminReasonHeadersSchema,
        querystring: AdminRequestListQuerySchema,
        response: { 200: z.object({ requests: z.array(RequestSchema) }), ...errorResponses },
      },
      handler: async (req) => {
        const requests = await backOffice.list(req.query);
        await recordAccess(
          access,
          req,
          'read',
          'request',
          requests.map((r) => r.requestId),
        );
        return { requests };
      },
    });
    app.post('/v1/admin/requests/:requestId/transitions', {
      schema: {
        tags: ['back office'],
        security: [{ adminKey: [] }],
        headers: AdminReasonHeadersSchema,
        params: RequestIdParamsSchema,
        body: RequestTransitionSchema,
        response: { 200: RequestSchema, ...errorResponses },
      },
      handler: async (req) => {
        const request = await backOffice.move(req.params.requestId, req.body);
        await recordAccess(access, req, 'move', 'request', [request.requestId]);
        return request;
      },
    });
  };
}
