import { z } from 'zod';
import { InstantSchema, ResourceIdSchema } from './common';
import { PageQuerySchema } from './events';

/**
 * The service's jobs as the back office sees them (ARCHITECTURE.md, Transactions and side
 * effects): everything that follows a committed move. `running` is a pending job an
 * instance holds right now.
 */
export const JobStatusSchema = z.enum(['pending', 'running', 'done', 'failed', 'superseded']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobSchema = z.object({
  jobId: ResourceIdSchema,
  kind: z.string(),
  key: z.string(),
  status: JobStatusSchema,
  attempts: z.number().int().nonnegative(),
  /** When it runs (next), or ran last. */
  runAt: InstantSchema,
  lastError: z.string().optional(),
  createdAt: InstantSchema,
  finishedAt: InstantSchema.optional(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobListQuerySchema = PageQuerySchema.extend({
  status: JobStatusSchema.optional(),
  kind: z
    .string()
    .regex(/^[a-z_.]{1,64}$/u, 'a job kind such as payment.receipt')
    .optional(),
});
export const JobListSchema = z.object({ jobs: z.array(JobSchema), nextCursor: z.string().optional() });
export const JobIdParamsSchema = z.strictObject({ jobId: ResourceIdSchema });
