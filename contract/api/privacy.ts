import { z } from 'zod';
import { InstantSchema } from './common';
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
