import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccountClosureSchema,
  DataExportIdParamsSchema,
  DataExportListSchema,
  DataExportSchema,
  AccessLogQuerySchema,
  AccessLogSchema,
  ConsentHistoryQuerySchema,
  ConsentHistorySchema,
  ConsentListSchema,
  ConsentPurposeParamsSchema,
  ConsentUpdateSchema,
} from '../../../contract/api/privacy';
import type { AccessLog } from '../../domain/privacy/access-log';
import type { AccountClosure } from '../../domain/privacy/closure';
import type { DataExports } from '../../domain/privacy/export/data-exports';
import type { Consents } from '../../domain/privacy/consents';
import type { Sessions } from '../../domain/identity/sessions';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** Data Saya (complaints-privacy.md): consents per purpose with every change kept, and the access log. */
export function privacyRoutes(
  {
    consents,
    accessLog,
    closure,
    exports,
  }: {
    consents: Consents;
    accessLog: AccessLog;
    closure: AccountClosure;
    exports: DataExports;
  },
  sessions: Sessions,
): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['data saya'];
    const security = bearerSecurity;
    app.addHook('onRequest', requireSession(sessions));

    app.get('/v1/me/consents', {
      schema: { tags, security, response: { 200: ConsentListSchema, ...errorResponses } },
      handler: async (req) => consents.list(principalOf(req).accountId),
    });

    app.put('/v1/me/consents/:purpose', {
      schema: {
        tags,
        security,
        params: ConsentPurposeParamsSchema,
        body: ConsentUpdateSchema,
        response: { 204: z.undefined().describe('In force now'), ...errorResponses },
      },
      handler: async (req, reply) => {
        await consents.set(principalOf(req).accountId, req.params.purpose, req.body.granted, req.body.version);
        return reply.code(204).send();
      },
    });

    app.get('/v1/me/consents/history', {
      schema: {
        tags,
        security,
        querystring: ConsentHistoryQuerySchema,
        response: { 200: ConsentHistorySchema, ...errorResponses },
      },
      handler: async (req) => consents.history(principalOf(req).accountId, req.query),
    });

    // Who in the back office read or moved the person's data, and why.
    app.get('/v1/me/access-log', {
      schema: {
        tags,
        security,
        querystring: AccessLogQuerySchema,
        response: { 200: AccessLogSchema, ...errorResponses },
      },
      handler: async (req) => accessLog.list(principalOf(req).accountId, req.query),
    });

    // A copy of my data: asked for and downloaded with the password proved again; a job makes it.
    app.post('/v1/me/data-exports', {
      schema: { tags, security, response: { 202: DataExportSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(202).send(await exports.request(principalOf(req))),
    });

    app.get('/v1/me/data-exports', {
      schema: { tags, security, response: { 200: DataExportListSchema, ...errorResponses } },
      handler: async (req) => exports.list(principalOf(req)),
    });

    app.get('/v1/me/data-exports/:exportId', {
      schema: {
        tags,
        security,
        params: DataExportIdParamsSchema,
        response: { 200: DataExportSchema, ...errorResponses },
      },
      handler: async (req) => exports.get(principalOf(req), req.params.exportId),
    });

    app.get('/v1/me/data-exports/:exportId/file', {
      schema: {
        tags,
        security,
        params: DataExportIdParamsSchema,
        response: { 200: z.any().describe('The copy, a ZIP'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const file = await exports.open(principalOf(req), req.params.exportId);
        return reply
          .type('application/zip')
          .header('content-length', file.sizeBytes)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          .send(file.body);
      },
    });

    // Closing the account (step-up): sessions end with this answer; retention.md says what goes and what stays.
    app.post('/v1/me/closure', {
      schema: { tags, security, response: { 202: AccountClosureSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(202).send(await closure.close(principalOf(req))),
    });
  };
}
