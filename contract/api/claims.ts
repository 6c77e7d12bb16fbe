import { z } from 'zod';
import { PageQuerySchema } from './events';
import { InstantSchema, IsoDateSchema, PolicyNumberSchema, ResourceIdSchema, RupiahSchema } from './common';

/** Claims (claims.md): types, methods, statuses and the document kinds of the checklist. */
export const ClaimTypeSchema = z.enum(['hospitalization', 'outpatient', 'critical_illness', 'death', 'disability']);
export type ClaimType = z.infer<typeof ClaimTypeSchema>;
export const ClaimMethodSchema = z.enum(['reimbursement', 'cashless']);
export type ClaimMethod = z.infer<typeof ClaimMethodSchema>;
export const ClaimStatusSchema = z.enum([
  'draft',
  'submitted',
  'verifying',
  'documents_requested',
  'assessing',
  'approved',
  'rejected',
  'paid',
  'withdrawn',
]);
export type ClaimStatus = z.infer<typeof ClaimStatusSchema>;
/** Statuses a claim is still being handled in (Beranda's "claims in progress"). */
export const OPEN_CLAIM_STATUSES: readonly ClaimStatus[] = [
  'submitted',
  'verifying',
  'documents_requested',
  'assessing',
  'approved',
];

export const ClaimDocumentKindSchema = z.enum([
  'claim_form',
  'receipt',
  'medical_resume',
  'doctor_statement',
  'lab_result',
  'id_card',
  'family_card',
  'death_certificate',
  'police_report',
  'bank_book',
  'other',
]);
export type ClaimDocumentKind = z.infer<typeof ClaimDocumentKindSchema>;

/** What a claim may ask for: more than this is not a claim anyone files (Rp 50 billion). */
export const MAX_CLAIM_AMOUNT = 50_000_000_000;
export const ClaimAmountSchema = z.number().int().min(1).max(MAX_CLAIM_AMOUNT);

/** Claim files: one per request, at most this many bytes and this many a claim (api-v1.md, claims.md). */
export const CLAIM_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const CLAIM_FILES_MAX = 20;
export const UploadContentTypeSchema = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type UploadContentType = z.infer<typeof UploadContentTypeSchema>;

/** ICD-10 as printed on an Indonesian medical resume: `A09`, `J18.9`. */
const Icd10Schema = z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/u, 'icd10_invalid');
/** A provider of the network (network.md); until that area lands, a name typed by the person. */
const ProviderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/u, 'provider id');
const PersonIdSchema = ResourceIdSchema;

const nullable = <T extends z.ZodType>(s: T) => s.nullable().optional();

/** The event of a claim; every field may still be missing in a draft (null clears it on PATCH). */
export const ClaimEventInputSchema = z.strictObject({
  date: nullable(IsoDateSchema),
  admissionDate: nullable(IsoDateSchema),
  dischargeDate: nullable(IsoDateSchema),
  providerId: nullable(ProviderIdSchema),
  providerName: nullable(z.string().trim().min(2).max(200)),
  diagnosis: nullable(z.string().trim().min(2).max(500)),
  icd10: nullable(Icd10Schema),
});

export const BankCodeSchema = z.string().regex(/^\d{3}$/u, 'bank code');
export const PayoutInputSchema = z.strictObject({
  bankCode: BankCodeSchema,
  accountNumber: z.string().regex(/^\d{5,20}$/u, 'account_number_invalid'),
  accountHolder: z.string().trim().min(2).max(100),
});

export const ClaimCreateSchema = z.strictObject({
  policyNumber: PolicyNumberSchema,
  personId: PersonIdSchema,
  type: ClaimTypeSchema,
  event: ClaimEventInputSchema.optional(),
  amountClaimed: nullable(ClaimAmountSchema),
  payout: nullable(PayoutInputSchema),
});
export type ClaimCreate = z.infer<typeof ClaimCreateSchema>;

export const ClaimPatchSchema = z.strictObject({
  personId: PersonIdSchema.optional(),
  type: ClaimTypeSchema.optional(),
  event: ClaimEventInputSchema.optional(),
  amountClaimed: nullable(ClaimAmountSchema),
  payout: nullable(PayoutInputSchema),
});
export type ClaimPatch = z.infer<typeof ClaimPatchSchema>;

export const ClaimIdParamsSchema = z.strictObject({ claimId: ResourceIdSchema });
export const ClaimFileParamsSchema = z.strictObject({ claimId: ResourceIdSchema, fileId: ResourceIdSchema });
export const ClaimFileQuerySchema = z.strictObject({ kind: ClaimDocumentKindSchema });
export const ClaimAnswerSchema = z.strictObject({ note: z.string().trim().min(1).max(1000) });

export const ClaimFileSchema = z.object({
  fileId: ResourceIdSchema,
  kind: ClaimDocumentKindSchema,
  fileName: z.string(),
  contentType: UploadContentTypeSchema,
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
  /** Extension: when it arrived (the answer to a request needs a file after the request). */
  uploadedAt: InstantSchema,
});
export type ClaimFile = z.infer<typeof ClaimFileSchema>;
/** A file a person sent that has no claim document kind (a complaint's, a data correction's). */
export const UploadedFileSchema = ClaimFileSchema.omit({ kind: true });
export type UploadedFile = z.infer<typeof UploadedFileSchema>;

export const ClaimTimelineEntrySchema = z.object({
  status: ClaimStatusSchema,
  at: InstantSchema,
  note: z.string().optional(),
});

export const ClaimEventSchema = z.object({
  date: IsoDateSchema.optional(),
  admissionDate: IsoDateSchema.optional(),
  dischargeDate: IsoDateSchema.optional(),
  providerId: z.string().optional(),
  providerName: z.string().optional(),
  diagnosis: z.string().optional(),
  icd10: z.string().optional(),
});

export const ClaimPersonSchema = z.object({ personId: PersonIdSchema, fullName: z.string() });

export const ClaimSchema = z.object({
  claimId: ResourceIdSchema,
  claimNumber: z.string(),
  policyNumber: z.string(),
  person: ClaimPersonSchema,
  type: ClaimTypeSchema,
  method: ClaimMethodSchema,
  status: ClaimStatusSchema,
  event: ClaimEventSchema,
  amountClaimed: RupiahSchema.optional(),
  approvedAmount: RupiahSchema.optional(),
  paidAmount: RupiahSchema.optional(),
  paidAt: InstantSchema.optional(),
  /** Absent in a draft not yet filled, and on a cashless claim (the insurer pays the provider). */
  payout: z.object({ bankCode: z.string(), accountNumberMasked: z.string(), accountHolder: z.string() }).optional(),
  files: z.array(ClaimFileSchema),
  timeline: z.array(ClaimTimelineEntrySchema),
  pendingRequest: z
    .object({ note: z.string(), documentKinds: z.array(ClaimDocumentKindSchema), at: InstantSchema })
    .optional(),
  expectedDecisionDate: IsoDateSchema.optional(),
  createdAt: InstantSchema,
  submittedAt: InstantSchema.optional(),
  /** Extensions: the reason of a rejection, the payment's reference, a cashless claim's guarantee letter. */
  rejectionReason: z.string().optional(),
  paymentReference: z.string().optional(),
  guaranteeLetterDocumentId: ResourceIdSchema.optional(),
  /** Extension: the deadline of this claim's submission (claims.md, Deadline), once the dates are known. */
  submitDeadline: IsoDateSchema.optional(),
});
export type Claim = z.infer<typeof ClaimSchema>;

export const ClaimSummarySchema = ClaimSchema.pick({
  claimId: true,
  claimNumber: true,
  policyNumber: true,
  person: true,
  type: true,
  method: true,
  status: true,
  amountClaimed: true,
  approvedAmount: true,
  paidAmount: true,
  expectedDecisionDate: true,
  createdAt: true,
  submittedAt: true,
}).extend({
  eventDate: IsoDateSchema.optional(),
  providerName: z.string().optional(),
  updatedAt: InstantSchema,
});
export type ClaimSummary = z.infer<typeof ClaimSummarySchema>;

export const ClaimListQuerySchema = PageQuerySchema.extend({
  policyNumber: PolicyNumberSchema.optional(),
  status: ClaimStatusSchema.optional(),
});
export const ClaimListSchema = z.object({ claims: z.array(ClaimSummarySchema), nextCursor: z.string().optional() });
export type ClaimList = z.infer<typeof ClaimListSchema>;

export const ClaimOptionsQuerySchema = z.strictObject({ policyNumber: PolicyNumberSchema });
export const ClaimOptionsSchema = z.object({
  people: z.array(z.object({ personId: PersonIdSchema, fullName: z.string(), role: z.string() })),
  types: z.array(
    z.object({
      type: ClaimTypeSchema,
      methods: z.array(ClaimMethodSchema),
      documents: z.array(z.object({ kind: ClaimDocumentKindSchema, required: z.boolean(), label: z.string() })),
      /** Extension: the people this type may be claimed for (a death claim is the holder's or a beneficiary's). */
      personIds: z.array(PersonIdSchema),
    }),
  ),
  deadlineDays: z.number().int().positive(),
});
export type ClaimOptions = z.infer<typeof ClaimOptionsSchema>;

export const BankListSchema = z.object({ banks: z.array(z.object({ code: BankCodeSchema, name: z.string() })) });
export type BankList = z.infer<typeof BankListSchema>;

export const BenefitsQuerySchema = z.strictObject({ personId: PersonIdSchema.optional() });
export const BenefitsSchema = z.object({
  period: z.object({ from: IsoDateSchema, to: IsoDateSchema }),
  benefits: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      limit: RupiahSchema,
      per: z.enum(['year', 'day', 'case']),
      used: RupiahSchema,
      remaining: RupiahSchema,
    }),
  ),
});
export type Benefits = z.infer<typeof BenefitsSchema>;

// --- Back office ------------------------------------------------------------------------------

export const ClaimTransitionSchema = z.strictObject({
  to: ClaimStatusSchema,
  note: z.string().trim().min(1).max(1000).optional(),
  approvedAmount: ClaimAmountSchema.optional(),
  reason: z.string().trim().min(1).max(1000).optional(),
  documentKinds: z.array(ClaimDocumentKindSchema).min(1).max(11).optional(),
  paidAmount: ClaimAmountSchema.optional(),
  paidAt: InstantSchema.optional(),
  reference: z.string().trim().min(1).max(64).optional(),
});
export type ClaimTransition = z.infer<typeof ClaimTransitionSchema>;

export const CashlessClaimCreateSchema = z.strictObject({
  policyNumber: PolicyNumberSchema,
  memberNumber: z.string().trim().min(1).max(32),
  type: z.enum(['hospitalization', 'outpatient']),
  event: z.strictObject({
    date: IsoDateSchema,
    admissionDate: IsoDateSchema.optional(),
    dischargeDate: IsoDateSchema.optional(),
    providerId: ProviderIdSchema.optional(),
    providerName: z.string().trim().min(2).max(200),
    diagnosis: z.string().trim().min(2).max(500),
    icd10: Icd10Schema.optional(),
  }),
  /** What the insurer guarantees to the provider. */
  guaranteedAmount: ClaimAmountSchema,
});
export type CashlessClaimCreate = z.infer<typeof CashlessClaimCreateSchema>;

export const AdminClaimListQuerySchema = PageQuerySchema.extend({ status: ClaimStatusSchema.optional() });

/** The data of a `claim.updated` event. */
export const ClaimUpdatedEventSchema = z.object({
  claimId: ResourceIdSchema,
  claimNumber: z.string(),
  status: ClaimStatusSchema,
});
export type ClaimUpdatedEvent = z.infer<typeof ClaimUpdatedEventSchema>;
