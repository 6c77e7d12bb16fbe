import { z } from 'zod';
import { InstantSchema, IsoDateSchema, ResourceIdSchema } from './common';
import { PageQuerySchema } from './events';
import { UploadedFileSchema } from './claims';

/** Complaints, Pengaduan (complaints-privacy.md): categories, statuses, outcomes. */
export const ComplaintCategorySchema = z.enum([
  'claim',
  'payment',
  'policy_change',
  'service',
  'product',
  'personal_data',
  'other',
]);
export type ComplaintCategory = z.infer<typeof ComplaintCategorySchema>;

export const ComplaintStatusSchema = z.enum([
  'received',
  'in_progress',
  'extended',
  'answered',
  'closed',
  'escalated',
  'withdrawn',
]);
export type ComplaintStatus = z.infer<typeof ComplaintStatusSchema>;

/** Where a complaint is still the insurer's to answer: its due date counts. */
export const COMPLAINT_OPEN: readonly ComplaintStatus[] = ['received', 'in_progress', 'extended'];

export const ComplaintOutcomeSchema = z.enum(['upheld', 'partly_upheld', 'not_upheld']);
export type ComplaintOutcome = z.infer<typeof ComplaintOutcomeSchema>;

export const ComplaintSubjectKindSchema = z.enum(['claim', 'payment', 'request', 'consultation', 'policy']);
export type ComplaintSubjectKind = z.infer<typeof ComplaintSubjectKindSchema>;

/** One of the person's own items; a policy by its number, the others by their id. */
export const ComplaintSubjectSchema = z.strictObject({
  kind: ComplaintSubjectKindSchema,
  id: z.string().trim().min(1).max(64),
});

export const COMPLAINT_TEXT_MIN = 20;
export const COMPLAINT_TEXT_MAX = 4000;
export const COMPLAINT_FILES_MAX = 5;

export const ComplaintCreateSchema = z.strictObject({
  category: ComplaintCategorySchema,
  subject: ComplaintSubjectSchema.optional(),
  description: z.string().trim().min(COMPLAINT_TEXT_MIN).max(COMPLAINT_TEXT_MAX),
  /** How the person wants to hear of it besides the inbox; their usual choices when absent. */
  channel: z.enum(['sms', 'email']).optional(),
});
export type ComplaintCreate = z.infer<typeof ComplaintCreateSchema>;

export const ComplaintIdParamsSchema = z.strictObject({ complaintId: ResourceIdSchema });

export const ComplaintFeedbackSchema = z
  .strictObject({
    satisfied: z.boolean(),
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((f) => f.satisfied || f.reason !== undefined, { message: 'reason_required', path: ['reason'] });
export type ComplaintFeedback = z.infer<typeof ComplaintFeedbackSchema>;

export const ComplaintTimelineEntrySchema = z.object({
  status: ComplaintStatusSchema,
  at: InstantSchema,
  note: z.string().optional(),
});

/** Outside the insurer, for a person not satisfied with its answer (POJK 18/2018, POJK 22/2023). */
export const ExternalRouteSchema = z.object({
  name: z.string(),
  url: z.string(),
  phone: z.string().optional(),
});
export type ExternalRoute = z.infer<typeof ExternalRouteSchema>;

export const ComplaintSummarySchema = z.object({
  complaintId: ResourceIdSchema,
  complaintNumber: z.string(),
  category: ComplaintCategorySchema,
  subject: ComplaintSubjectSchema.optional(),
  status: ComplaintStatusSchema,
  receivedAt: InstantSchema,
  dueDate: IsoDateSchema,
  /** Working days from today (Jakarta) to the due date; 0 on the day, negative once past. Absent once answered. */
  workingDaysLeft: z.number().int().optional(),
  overdue: z.boolean(),
  updatedAt: InstantSchema,
});
export type ComplaintSummary = z.infer<typeof ComplaintSummarySchema>;

export const ComplaintSchema = ComplaintSummarySchema.extend({
  description: z.string(),
  channel: z.enum(['sms', 'email']).optional(),
  files: z.array(UploadedFileSchema),
  timeline: z.array(ComplaintTimelineEntrySchema),
  extension: z.object({ reason: z.string(), at: InstantSchema }).optional(),
  answer: z.object({ text: z.string(), outcome: ComplaintOutcomeSchema, at: InstantSchema }).optional(),
  feedback: z.object({ satisfied: z.boolean(), reason: z.string().optional(), at: InstantSchema }).optional(),
  /** When escalated: LAPS SJK and OJK's consumer portal. */
  externalRoutes: z.array(ExternalRouteSchema).optional(),
  /** The tanda terima pengaduan (a PDF), once made: `GET /v1/complaints/{id}/receipt`. */
  receiptDocumentId: ResourceIdSchema.optional(),
  closedAt: InstantSchema.optional(),
});
export type Complaint = z.infer<typeof ComplaintSchema>;

export const ComplaintListSchema = z.object({
  complaints: z.array(ComplaintSummarySchema),
  nextCursor: z.string().optional(),
});
export type ComplaintList = z.infer<typeof ComplaintListSchema>;

export const ComplaintListQuerySchema = PageQuerySchema;

// --- Back office -------------------------------------------------------------------------------

export const AdminComplaintListQuerySchema = PageQuerySchema.extend({
  status: ComplaintStatusSchema.optional(),
  category: ComplaintCategorySchema.optional(),
  /** Only those past their due date and not answered (`true`), or only the others (`false`). */
  overdue: z.enum(['true', 'false']).optional(),
  /** Only those still open whose due date is at most this many working days away. */
  dueWithin: z.coerce.number().int().min(0).max(60).optional(),
  /** The one with this number (the command line's way to a complaint). */
  number: z
    .string()
    .regex(/^ADU-\d{4}-\d{6}$/u, 'complaint number')
    .optional(),
});
export type AdminComplaintListQuery = z.infer<typeof AdminComplaintListQuerySchema>;

export const ComplaintTransitionSchema = z.strictObject({
  to: z.enum(['in_progress', 'extended', 'answered']),
  reason: z.string().trim().min(1).max(1000).optional(),
  answer: z.string().trim().min(1).max(COMPLAINT_TEXT_MAX).optional(),
  outcome: ComplaintOutcomeSchema.optional(),
});
export type ComplaintTransition = z.infer<typeof ComplaintTransitionSchema>;

export const QuarterSchema = z.string().regex(/^\d{4}Q[1-4]$/u, 'quarter, as 2026Q4');

export const ComplaintReportQuerySchema = z.strictObject({
  quarter: QuarterSchema,
  format: z.enum(['json', 'csv']).optional(),
});

const ReportCounts = z.object({
  /** Received in the quarter. */
  received: z.number().int().nonnegative(),
  /** Of those, answered by the quarter's end, by outcome. */
  upheld: z.number().int().nonnegative(),
  partlyUpheld: z.number().int().nonnegative(),
  notUpheld: z.number().int().nonnegative(),
  /** Answered on or before their due date, and after it. */
  answeredInTime: z.number().int().nonnegative(),
  answeredLate: z.number().int().nonnegative(),
  /** Withdrawn by the person. */
  withdrawn: z.number().int().nonnegative(),
  /** Not answered by the quarter's end. */
  open: z.number().int().nonnegative(),
  /** Median working days from receipt to answer, of those answered; absent when none was. */
  medianWorkingDaysToAnswer: z.number().optional(),
});

/**
 * The figures of the quarterly report to OJK: the complaints received in the quarter (Jakarta
 * dates) and what had become of them by its last day, so a report made later says the same.
 */
export const ComplaintReportSchema = z.object({
  quarter: QuarterSchema,
  from: IsoDateSchema,
  to: IsoDateSchema,
  byCategory: z.array(ReportCounts.extend({ category: ComplaintCategorySchema })),
  total: ReportCounts,
});
export type ComplaintReport = z.infer<typeof ComplaintReportSchema>;

/** The data of a `complaint.updated` event. */
export const ComplaintUpdatedEventSchema = z.object({
  complaintId: ResourceIdSchema,
  complaintNumber: z.string(),
  status: ComplaintStatusSchema,
});
