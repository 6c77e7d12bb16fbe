import fs from 'node:fs';
import { z } from 'zod';
import {
  IsoDateSchema,
  normalisePolicyNumber,
  PolicyNumberSchema,
  PolicyTypeSchema,
  RupiahSchema,
} from '../../contract/api/common';
import { PolicyStatusSchema, PremiumFrequencySchema } from '../../contract/api/policies';

/**
 * `resources/demo/customers.json`: the shape of api-v1.md, plus the policy facts
 * the policy screens show (product, status, premium), which the spec leaves open.
 */
export const DemoCustomersSchema = z.array(
  z.strictObject({
    fullName: z.string().min(1),
    dateOfBirth: IsoDateSchema,
    email: z.email(),
    phone: z.string().regex(/^\+62\d{8,13}$/u, 'E.164, +62…'),
    policies: z
      .array(
        z
          .strictObject({
            /** As the insurer prints it; kept for answers, normalised for keys. */
            policyNumber: z
              .string()
              .trim()
              .refine((v) => PolicyNumberSchema.safeParse(v).success, 'policy number: 4 to 32 letters or digits'),
            policyType: PolicyTypeSchema,
            memberNumber: z.string().min(1).optional(),
            policyholderName: z.string().min(1).optional(),
            productName: z.string().min(1),
            status: PolicyStatusSchema,
            startDate: IsoDateSchema,
            sumAssured: RupiahSchema,
            premium: z.strictObject({
              amount: RupiahSchema,
              frequency: PremiumFrequencySchema,
              nextDueDate: IsoDateSchema.nullable(),
            }),
            paymentMethod: z.string().min(1).optional(),
            tabarruAmount: RupiahSchema.optional(),
            riders: z.array(z.strictObject({ name: z.string().min(1), sumAssured: RupiahSchema })).optional(),
            beneficiaries: z
              .array(
                z.strictObject({
                  fullName: z.string().min(1),
                  relationship: z.string().min(1),
                  sharePercent: z.number().int().min(1).max(100),
                }),
              )
              .refine(
                (bs) => bs.reduce((sum, b) => sum + b.sharePercent, 0) === 100,
                'beneficiary shares must add up to 100',
              )
              .optional(),
            funds: z
              .array(
                z.strictObject({
                  fundName: z.string().min(1),
                  units: z.number().nonnegative(),
                  unitPrice: z.number().positive(),
                  priceDate: IsoDateSchema,
                }),
              )
              .optional(),
          })
          .transform((p) => ({
            ...p,
            printedNumber: p.policyNumber,
            policyNumber: normalisePolicyNumber(p.policyNumber),
          })),
      )
      .min(1),
  }),
);
export type DemoCustomers = z.infer<typeof DemoCustomersSchema>;

/** The old system's accounts; `password` is there only in the demo file. */
export const LegacyAccountsSchema = z.array(
  z.strictObject({
    oldUsername: z.string().trim().min(1).max(64),
    passwordHash: z.string().min(1),
    policyNumber: PolicyNumberSchema,
    password: z.string().optional(),
  }),
);
export type LegacyAccounts = z.infer<typeof LegacyAccountsSchema>;

/** Reads and validates a JSON file, naming the file and the place of any fault. */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`${file}: ${first.path.join('.') || '(top)'}: ${first.message}`);
  }
  return parsed.data;
}
