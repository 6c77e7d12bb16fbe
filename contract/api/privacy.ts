import { z } from 'zod';
import { InstantSchema, ResourceIdSchema } from './common';
import { PageQuerySchema } from './events';

/** Data Saya (complaints-privacy.md): the purposes a person consents to, one by one (UU 27/2022). */
export const ConsentPurposeSchema = z.enum([
  'marketing_sms',
  'marketing_email',
  'share_with_providers',
  'service_improvement',
]);
export type ConsentPurpose = z.infer<typeof ConsentPurposeSchema>;

export const ConsentSchema = z.object({
  purpose: ConsentPurposeSchema,
  /** The text's version now; a new text is a new version. */
  version: z.number().int().positive(),
  /** The text the person agrees to, in their language. */
  text: z.string(),
  granted: z.boolean(),
  /** When the person last said yes or no (absent: never asked, so not granted). */
  at: InstantSchema.optional(),
  /** The person answered an earlier version: the app asks again at sign-in. */
  review: z.boolean(),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const ConsentListSchema = z.object({ purposes: z.array(ConsentSchema) });
export type ConsentList = z.infer<typeof ConsentListSchema>;

export const ConsentPurposeParamsSchema = z.strictObject({ purpose: ConsentPurposeSchema });
export const ConsentUpdateSchema = z.strictObject({
  granted: z.boolean(),
  /** The version the person read (the app sends what it showed); another is refused, 409. Absent: the one in force. */
  version: z.number().int().positive().optional(),
});
export type ConsentUpdate = z.infer<typeof ConsentUpdateSchema>;

export const ConsentChangeSchema = z.object({
  purpose: ConsentPurposeSchema,
  version: z.number().int().positive(),
  granted: z.boolean(),
  at: InstantSchema,
});
export const ConsentHistorySchema = z.object({
  changes: z.array(ConsentChangeSchema),
  nextCursor: z.string().optional(),
});
export type ConsentHistory = z.infer<typeof ConsentHistorySchema>;
export const ConsentHistoryQuerySchema = PageQuerySchema;

/**
 * Every back-office call that reads or moves a person's data says why (complaints-privacy.md,
 * Who looked at my data); the reason is kept and shown to the person. Plain text in the header.
 */
export const AdminReasonHeadersSchema = z.object({
  'x-reason': z.string().trim().min(3).max(300).describe('Why the back office reads or moves this person’s data'),
});

export const AccessSubjectKindSchema = z.enum(['claim', 'complaint', 'request', 'consultation', 'profile']);
export type AccessSubjectKind = z.infer<typeof AccessSubjectKindSchema>;
export const AccessActionSchema = z.enum(['read', 'move', 'create']);
export type AccessAction = z.infer<typeof AccessActionSchema>;

export const AccessEntrySchema = z.object({
  at: InstantSchema,
  /** The back-office key's name (a team or a person), as the operator named it in `ADMIN_API_KEYS`. */
  keyName: z.string(),
  action: AccessActionSchema,
  subject: z.object({
    kind: AccessSubjectKindSchema,
    id: z.string(),
    /** The number the person knows it by (KLM-…, ADU-…, TRX-…), when it has one. */
    number: z.string().optional(),
  }),
  reason: z.string(),
});
export type AccessEntry = z.infer<typeof AccessEntrySchema>;
export const AccessLogSchema = z.object({ entries: z.array(AccessEntrySchema), nextCursor: z.string().optional() });
export type AccessLog = z.infer<typeof AccessLogSchema>;
export const AccessLogQuerySchema = PageQuerySchema;

/** `POST /v1/me/closure` (step-up): every session ends now; the erasure follows as a job. */
export const AccountClosureSchema = z.object({
  status: z.literal('closing'),
  closedAt: InstantSchema,
});
export type AccountClosure = z.infer<typeof AccountClosureSchema>;

/** A copy of my data (complaints-privacy.md): a ZIP made by a job, downloadable for 7 days. */
export const DataExportStatusSchema = z.enum(['preparing', 'ready', 'expired']);
export type DataExportStatus = z.infer<typeof DataExportStatusSchema>;
export const DataExportSchema = z.object({
  exportId: ResourceIdSchema,
  status: DataExportStatusSchema,
  /** Extension: when it was asked for. */
  createdAt: InstantSchema,
  readyAt: InstantSchema.optional(),
  expiresAt: InstantSchema.optional(),
  /** Extension: the ZIP's size once ready, for the download's progress. */
  sizeBytes: z.number().int().nonnegative().optional(),
});
export type DataExport = z.infer<typeof DataExportSchema>;
/** Extension: the person's exports, newest first (the app shows the latest). */
export const DataExportListSchema = z.object({ exports: z.array(DataExportSchema) });
export type DataExportList = z.infer<typeof DataExportListSchema>;
export const DataExportIdParamsSchema = z.strictObject({ exportId: ResourceIdSchema });
