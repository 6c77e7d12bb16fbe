import { z } from 'zod';
import {
  Decimal4Schema,
  IsoDateSchema,
  ResourceIdSchema,
  PolicyNumberSchema,
  PolicyTypeSchema,
  RupiahSchema,
} from './common';

export const PolicyStatusSchema = z.enum(['active', 'grace_period', 'lapsed', 'terminated']);
export type PolicyStatus = z.infer<typeof PolicyStatusSchema>;
export const PremiumFrequencySchema = z.enum(['monthly', 'quarterly', 'semiannual', 'annual', 'single']);

export const PolicyNumberParamsSchema = z.strictObject({ policyNumber: PolicyNumberSchema });

export const PolicySummarySchema = z.object({
  /** As the insurer prints it (`IND-2019-000123`); requests take it in any spacing. */
  policyNumber: z.string(),
  policyType: PolicyTypeSchema,
  productName: z.string(),
  status: PolicyStatusSchema,
  policyholderName: z.string(),
  insuredNames: z.array(z.string()),
  startDate: IsoDateSchema,
  sumAssured: RupiahSchema,
  premium: z.object({
    amount: RupiahSchema,
    frequency: PremiumFrequencySchema,
    nextDueDate: IsoDateSchema.nullable(),
  }),
  /** Extension (network.md): a health or group policy in force has a Kartu Peserta. */
  memberCard: z.boolean(),
});
export type PolicySummary = z.infer<typeof PolicySummarySchema>;

export const PolicyListSchema = z.object({ policies: z.array(PolicySummarySchema) });

/** The whole policy: holder, insured people, beneficiaries, coverages and riders, premium, funds. */
export const PolicyDetailSchema = PolicySummarySchema.extend({
  memberNumber: z.string().nullable(),
  insured: z.array(z.object({ fullName: z.string(), memberNumber: z.string().nullable() })),
  premium: PolicySummarySchema.shape.premium.extend({ paymentMethod: z.string().nullable() }),
  /** Sharia: the part of each contribution that goes to the tabarru' (mutual help) fund. */
  tabarruAmount: RupiahSchema.nullable(),
  beneficiaries: z.array(z.object({ fullName: z.string(), relationship: z.string(), sharePercent: z.number().int() })),
  coverages: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['basic', 'rider']),
      sumAssured: RupiahSchema,
      insuredName: z.string().nullable(),
    }),
  ),
  /** Extension (policy-requests.md): the address a done address change set; absent before one. */
  correspondenceAddress: z
    .object({
      line1: z.string(),
      line2: z.string().optional(),
      city: z.string(),
      province: z.string(),
      postalCode: z.string(),
    })
    .optional(),
  /** Unit-linked products only; null for others. */
  funds: z
    .array(
      z.object({
        fundName: z.string(),
        units: Decimal4Schema,
        unitPrice: Decimal4Schema,
        value: RupiahSchema,
        priceDate: IsoDateSchema,
      }),
    )
    .nullable(),
});
export type PolicyDetail = z.infer<typeof PolicyDetailSchema>;

export const PolicyAnswerSchema = z.object({ policy: PolicyDetailSchema });

export const DocumentCategorySchema = z.enum(['schedule', 'conditions', 'statement', 'member_card', 'other']);

export const DocumentSummarySchema = z.object({
  documentId: z.string(),
  title: z.string(),
  category: DocumentCategorySchema,
  issuedAt: IsoDateSchema,
  pageCount: z.number().int().nonnegative(),
  sizeBytes: z.number().int().nonnegative(),
  passwordProtected: z.boolean(),
});
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;

export const DocumentListSchema = z.object({ documents: z.array(DocumentSummarySchema) });

export const DocumentIdParamsSchema = z.strictObject({
  documentId: ResourceIdSchema,
});
