import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UploadedFileSchema } from '../../../contract/api/claims';
import {
  AdminComplaintListQuerySchema,
  ComplaintCreateSchema,
  ComplaintFeedbackSchema,
  ComplaintIdParamsSchema,
  ComplaintListQuerySchema,
  ComplaintListSchema,
  ComplaintReportQuerySchema,
  ComplaintReportSchema,
  ComplaintSchema,
  ComplaintTransitionSchema,
} from '../../../contract/api/complaints';
import { ResourceIdSchema } from '../../../contract/api/common';
import { reportCsv, type ComplaintsBackOffice } from '../../domain/complaints/back-office';
import type { Complaints } from '../../domain/complaints/complaints';
import type { Sessions } from '../../domain/identity/sessions';
import { AdminReasonHeadersSchema } from '../../../contract/api/privacy';
import type { AccessLog } from '../../domain/privacy/access-log';
import { recordAccess } from '../admin-access';
import type { AdminKeys } from '../admin-auth';
import { principalOf, requireSession } from '../auth';
import { sendStoredFile } from '../stored-file';
import { accepting, rawUploadOf, uploadRoutes } from '../raw-upload';
import { bearerSecurity, errorResponses } from './common';

const FileParamsSchema = z.strictObject({ complaintId: ResourceIdSchema, fileId: ResourceIdSchema });

/** Pengaduan of the customer (complaints-privacy.md, calls of the customer). */
export function complaintRoutes(complaints: Complaints, sessions: Sessions): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['complaints'];
    const security = bearerSecurity;
    const params = ComplaintIdParamsSchema;
    const one = { 200: ComplaintSchema, ...errorResponses };
    app.addHook('onRequest', requireSession(sessions));

    app.post('/v1/complaints', {
      schema: { tags, security, body: ComplaintCreateSchema, response: { 201: ComplaintSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await complaints.create(principalOf(req), req.body)),
    });

    app.get('/v1/complaints', {
      schema: {
        tags,
        security,
        querystring: ComplaintListQuerySchema,
        response: { 200: ComplaintListSchema, ...errorResponses },
      },
      handler: async (req) => complaints.list(principalOf(req), req.query),
    });

    app.get('/v1/complaints/:complaintId', {
      schema: { tags, security, params, response: one },
      handler: async (req) => complaints.get(principalOf(req), req.params.complaintId),
    });

    app.post('/v1/complaints/:complaintId/withdraw', {
      schema: { tags, security, params, response: one },
      handler: async (req) => complaints.withdraw(principalOf(req), req.params.complaintId),
    });

    app.post('/v1/complaints/:complaintId/feedback', {
      schema: { tags, security, params, body: ComplaintFeedbackSchema, response: one },
      handler: async (req) => complaints.feedback(principalOf(req), req.params.complaintId, req.body),
    });

    app.get('/v1/complaints/:complaintId/receipt', {
      schema: {
        tags,
        security,
        params,
        response: { 200: z.any().describe('The tanda terima pengaduan, a PDF'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await complaints.receipt(principalOf(req), req.params.complaintId);
        return reply.type('application/pdf').header('content-length', r.sizeBytes).send(r.body);
      },
    });

    app.get('/v1/complaints/:complaintId/files/:fileId', {
      schema: {
        tags,
        security,
        params: FileParamsSchema,
        response: { 200: z.any().describe('The file (PDF, JPEG or PNG)'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const { file, body } = await complaints.readFile(principalOf(req), req.params.complaintId, req.params.fileId);
        return sendStoredFile(reply, file, body);
      },
    });

    await uploadRoutes(app, (files) =>
      files.withTypeProvider<ZodTypeProvider>().post('/v1/complaints/:complaintId/files', {
        schema: { tags, security, params, response: { 201: UploadedFileSchema, ...errorResponses } },
        handler: async (req, reply) => {
          const file = await accepting(req, reply, () =>
            complaints.addFile(principalOf(req), req.params.complaintId, rawUploadOf(req)),
          );
          return reply.code(201).send(file);
        },
      }),
    );
  };
}

/** The back office's complaints (complaints-privacy.md, Back office), behind `ADMIN_API_KEYS`. */
export function adminComplaintRoutes(
  backOffice: ComplaintsBackOffice,
  keys: AdminKeys,
  access: AccessLog,
): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['back office'];
    const security = [{ adminKey: [] }];
    // A person's complaints are read and moved with a reason (X-Reason), recorded; the report names nobody.
    const headers = AdminReasonHeadersSchema;
    keys.protect(app);

    app.get('/v1/admin/complaints', {
      schema: {
        tags,
        security,
        headers,
        querystring: AdminComplaintListQuerySchema,
        response: { 200: ComplaintListSchema, ...errorResponses },
      },
      handler: async (req) => {
        const list = await backOffice.list(req.query);
        await recordAccess(
          access,
          req,
          'read',
          'complaint',
          list.complaints.map((c) => c.complaintId),
        );
        return list;
      },
    });

    // Before `:complaintId`: `report` is a path of its own.
    app.get('/v1/admin/complaints/report', {
      schema: {
        tags,
        security,
        querystring: ComplaintReportQuerySchema,
        description: 'JSON, or CSV with `format=csv` or `Accept: text/csv`.',
        response: { 200: ComplaintReportSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const report = await backOffice.report(req.query.quarter);
        const csv =
          req.query.format === 'csv' || (req.query.format === undefined && /text\/csv/u.test(req.headers.accept ?? ''));
        if (!csv) return report;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="pengaduan-${report.quarter}.csv"`)
          .send(reportCsv(report));
      },
    });

    app.get('/v1/admin/complaints/:complaintId', {
      schema: {
        tags,
        security,
        headers,
        params: ComplaintIdParamsSchema,
        response: { 200: ComplaintSchema, ...errorResponses },
      },
      handler: async (req) => {
        const complaint = await backOffice.get(req.params.complaintId);
        await recordAccess(access, req, 'read', 'complaint', [complaint.complaintId]);
        return complaint;
      },
    });

    app.post('/v1/admin/complaints/:complaintId/transitions', {
      schema: {
        tags,
        security,
        headers,
        params: ComplaintIdParamsSchema,
        body: ComplaintTransitionSchema,
        response: { 200: ComplaintSchema, ...errorResponses },
      },
      handler: async (req) => {
        const complaint = await backOffice.transition(req.params.complaintId, req.body);
        await recordAccess(access, req, 'move', 'complaint', [complaint.complaintId]);
        return complaint;
      },
    });
  };
}
