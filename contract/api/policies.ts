import { z } from 'zod';
import { IsoDateSchema, PolicyNumberSchema, PolicyTypeSchema, RupiahSchema } from './common';

export const PolicyStatusSchema = z.enum(['active', 'grace_period', 'lapsed', 'terminated']);
export const PremiumFrequencySchema = z.enum(['monthly', 'quarterly', 'semiannual', 'annual', 'single']);

export const PolicyNumberParamsSchema = z.strictObject({ policyNumber: PolicyNumberSchema });

export const PolicySummarySchema = z.object({
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
});
export type PolicySummary = z.infer<typeof PolicySummarySchema>;

export const PolicyListSchema = z.object({ policies: z.array(PolicySummarySchema) });

/** The whole policy; later areas add beneficiaries, coverages, riders and funds. */
export const PolicyDetailSchema = PolicySummarySchema.extend({
  memberNumber: z.string().nullable(),
  insured: z.array(z.object({ fullName: z.string(), memberNumber: z.string().nullable() })),
});
export type PolicyDetail = z.infer<typeof PolicyDetailSchema>;

export const PolicyAnswerSchema = z.object({ policy: PolicyDetailSchema });
