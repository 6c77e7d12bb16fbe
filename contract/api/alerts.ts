import { z } from 'zod';
import { InstantSchema, ResourceIdSchema } from './common';
import { PageQuerySchema } from './events';

/** Back-office alerts: what the insurer's staff must look at (a complaint past its due date, a calendar without its decree). */
export const AlertKindSchema = z.enum(['complaint_overdue', 'holidays_missing']);
export type AlertKind = z.infer<typeof AlertKindSchema>;

export const AlertSchema = z.object({
  alertId: ResourceIdSchema,
  kind: AlertKindSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: InstantSchema,
  acknowledgedAt: InstantSchema.optional(),
  acknowledgedBy: z.string().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListQuerySchema = PageQuerySchema.extend({
  /** `true`: only those not acknowledged yet. */
  open: z.enum(['true', 'false']).optional(),
  kind: AlertKindSchema.optional(),
});
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;

export const AlertListSchema = z.object({ alerts: z.array(AlertSchema), nextCursor: z.string().optional() });
export type AlertList = z.infer<typeof AlertListSchema>;

export const AlertIdParamsSchema = z.strictObject({ alertId: ResourceIdSchema });
