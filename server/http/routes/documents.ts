import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import parseRange from 'range-parser';
import { DocumentIdParamsSchema, DocumentListSchema, PolicyNumberParamsSchema } from '../../../contract/api/policies';
import type { Documents } from '../../domain/documents/documents';
import { ServiceError } from '../../domain/errors';
import type { Sessions } from '../../domain/identity/sessions';
import type { Policies } from '../../domain/policies/policies';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

export function documentRoutes(documents: Documents, policies: Policies, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['documents'];
    app.addHook('onRequest', requireSession(sessions));

    app.get('/v1/policies/:policyNumber/documents', {
      schema: {
        tags,
        security: bearerSecurity,
        params: PolicyNumberParamsSchema,
        response: { 200: DocumentListSchema, ...errorResponses },
      },
      handler: async (req) => {
        const { customerId } = principalOf(req);
        if (!(await policies.partOf(customerId, req.params.policyNumber)))
          throw new ServiceError('not_found', 'No such policy.');
        return { documents: await documents.list(customerId, req.params.policyNumber) };
      },
    });

    /**
     * The PDF bytes. The ETag is the content hash, so `If-None-Match` answers 304 and a
     * cached copy is revalidated without a download; one byte range answers 206.
     */
    // Registered without the type provider: its 200 is a byte stream, not a JSON schema.
    plain.get<{ Params: { documentId: string } }>('/v1/documents/:documentId', {
      schema: {
        tags,
        security: bearerSecurity,
        params: DocumentIdParamsSchema,
        description: 'The PDF bytes (application/pdf), with ETag, Content-Length and single byte ranges (206).',
        produces: ['application/pdf'],
        response: { ...errorResponses },
      },
      handler: async (req, reply) => {
        const row = await documents.get(principalOf(req).customerId, req.params.documentId);
        const etag = `"${row.sha256}"`;
        void reply
          .header('etag', etag)
          .header('accept-ranges', 'bytes')
          // Personal documents: no cache between the app and the service may keep them (the app keeps its own, sealed).
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff');
        const inm = req.headers['if-none-match'];
        if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return reply.code(304).send();

        const rangeHeader = req.headers.range;
        if (rangeHeader && (!req.headers['if-range'] || req.headers['if-range'] === etag)) {
          const ranges = parseRange(row.size_bytes, rangeHeader, { combine: true });
          if (ranges === -1) {
            void reply.header('content-range', `bytes */${row.size_bytes}`);
            throw new ServiceError('range_not_satisfiable', 'That byte range is outside the document.', {
              size: row.size_bytes,
            });
          }
          if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
            const { start, end } = ranges[0]!;
            return reply
              .code(206)
              .type('application/pdf')
              .header('content-range', `bytes ${start}-${end}/${row.size_bytes}`)
              .header('content-length', end - start + 1)
              .send(await documents.read(row, { start, end }));
          }
        }
        return reply
          .type('application/pdf')
          .header('content-length', row.size_bytes)
          .send(await documents.read(row));
      },
    });
  };
}
