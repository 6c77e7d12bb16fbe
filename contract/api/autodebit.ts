import { z } from 'zod';
import { IsoDateSchema, InstantSchema, ResourceIdSchema, RupiahSchema } from './common';

/** Autodebit (payments.md, Reminders and autodebit): what a policy's premiums are collected by. */
export const AutodebitMethodSchema = z.enum(['auto_debit_card', 'auto_debit_bca']);
export type AutodebitMethod = z.infer<typeof AutodebitMethodSchema>;
export const AutodebitStatusSchema = z.enum(['active', 'pending_first_payment', 'ended']);

/** One collection of one bill on one debit day. */
export const AutodebitAttemptSchema = z.object({
  date: IsoDateSchema,
  billId: ResourceIdSchema,
  amount: RupiahSchema,
  /** `pending`: charged at the gateway or sent to the bank, the answer not in yet. */
  status: z.enum(['pending', 'debited', 'failed']),
  /** Why it failed, as the card's issuer or the bank said it (free text). */
  reason: z.string().optional(),
});

export const AutodebitSchema = z.object({
  method: AutodebitMethodSchema,
  debitDay: z.number().int(),
  /** The saved card, only as its brand and last four digits. */
  card: z.object({ brand: z.string(), last4: z.string().regex(/^\d{4}$/u) }).optional(),
  /** Extension: a BCA account, its number masked but for the last four. */
  bank: z.object({ bankCode: z.literal('bca'), accountNumberMasked: z.string(), accountHolder: z.string() }).optional(),
  status: AutodebitStatusSchema,
  lastAttempt: AutodebitAttemptSchema.optional(),
  /** Extension: failed collections in a row (three end it). */
  failuresInARow: z.number().int().nonnegative(),
  /** Extension: since when, and, once ended, when and why. */
  startedAt: InstantSchema,
  endedAt: InstantSchema.optional(),
  endedReason: z.enum(['customer', 'failures', 'replaced']).optional(),
});
export type Autodebit = z.infer<typeof AutodebitSchema>;

/** The back office's file exchange with the bank (payments.md): `bank` names the layout. */
export const AutodebitInstructionsQuerySchema = z.strictObject({ bank: z.literal('bca'), date: IsoDateSchema });
export const AutodebitResultsQuerySchema = z.strictObject({ bank: z.literal('bca') });
const LineRefSchema = z.object({ line: z.number().int(), instructionId: z.string() });
export const AutodebitImportReportSchema = z.object({
  /** Nothing was booked: the file contradicts the instructions (each problem by its line). */
  refused: z.boolean(),
  problems: z.array(z.string()),
  debited: z.number().int(),
  failed: z.number().int(),
  /** Lines already imported before (the same file again): nothing booked twice. */
  alreadyImported: z.number().int(),
  /** Debited bills that had been paid otherwise meanwhile: to be returned, not booked. */
  refunds: z.array(LineRefSchema),
  /** Lines naming no instruction of ours: reported, not booked. */
  unmatched: z.array(LineRefSchema),
});
export type AutodebitImportReport = z.infer<typeof AutodebitImportReportSchema>;
