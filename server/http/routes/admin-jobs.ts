import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { JobIdParamsSchema, JobListQuerySchema, JobListSchema, JobSchema } from '../../../contract/api/jobs';
import type { JobsBackOffice } from '../../jobs/back-office';
import type { AdminKeys } from '../admin-auth';
import { errorResponses } from './common';

/** The service's jobs for the back office (ARCHITECTURE.md, Transactions and side effects), behind `ADMIN_API_KEYS`. */
export function adminJobRoutes(jobs: JobsBackOffice, keys: AdminKeys): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['back office'];
    const security = [{ adminKey: [] }];
    keys.protect(app);

    app.get('/v1/admin/jobs', {
      schema: { tags, security, querystring: JobListQuerySchema, response: { 200: JobListSchema, ...errorResponses } },
      handler: async (req) => jobs.list(req.query),
    });

    app.post('/v1/admin/jobs/:jobId/retry', {
      schema: { tags, security, params: JobIdParamsSchema, response: { 200: JobSchema, ...errorResponses } },
      handler: async (req) => jobs.retry(req.params.jobId),
    });
  };
}
