import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AlertIdParamsSchema, AlertListQuerySchema, AlertListSchema, AlertSchema } from '../../../contract/api/alerts';
import type { BackOfficeAlerts } from '../../domain/alerts';
import type { AdminKeys } from '../admin-auth';
import { errorResponses } from './common';

/** The back office's alerts: listed, and acknowledged under the key's name. */
export function adminAlertRoutes(alerts: BackOfficeAlerts, keys: AdminKeys): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['back office'];
    const security = [{ adminKey: [] }];
    keys.protect(app);

    app.get('/v1/admin/alerts', {
      schema: {
        tags,
        security,
        querystring: AlertListQuerySchema,
        response: { 200: AlertListSchema, ...errorResponses },
      },
      handler: async (req) => alerts.list(req.query),
    });

    app.post('/v1/admin/alerts/:alertId/acknowledge', {
      schema: { tags, security, params: AlertIdParamsSchema, response: { 200: AlertSchema, ...errorResponses } },
      handler: async (req) => alerts.acknowledge(req.params.alertId, req.adminName ?? 'unknown'),
    });
  };
}
