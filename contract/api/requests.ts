import { z } from 'zod';
import {
  Decimal4Schema,
  InstantSchema,
  IsoDateSchema,
  MAX_RUPIAH,
  PolicyNumberSchema,
  ResourceIdSchema,
} from './common';
import { BankCodeSchema, UploadedFileSchema } from './claims';

/** Online policy transactions (policy-requests.md): requests, their types and rules, the history. */
export const RequestTypeSchema = z.enum([
  'address_change',
  'beneficiary_change',
  'payment_method_change',
  'fund_switch',
  'top_up',
  'withdrawal',
  'policy_book_duplicate',
  'reinstatement',
  'data_correction',
]);
export type RequestType = z.infer<typeof RequestTypeSchema>;

/** The ★ types of the spec: a password proof of the last 5 minutes first (api-v1.md, Step-up). */
export const STEP_UP_TYPES: readonly RequestType[] = [
  'beneficiary_change',
  'payment_method_change',
  'fund_switch',
  'withdrawal',
  'data_correction',
];

export const RequestStatusSchema = z.enum(['submitted', 'in_process', 'done', 'rejected', 'cancelled']);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

const Text = (max: number) => z.string().trim().min(1).max(max);

export const RELATIONSHIPS = ['Suami', 'Istri', 'Anak', 'Ayah', 'Ibu', 'Saudara Kandung'] as const;

export const AddressPayloadSchema = z.strictObject({
  line1: Text(200),
  line2: z.string().trim().max(200).optional(),
  city: Text(100),
  province: Text(100),
  /** A message that is a rule's name is that rule, on the service and on the form alike. */
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}$/u, 'postal_code_invalid'),
});
export const BeneficiaryPayloadSchema = z.strictObject({
  beneficiaries: z
    .array(
      z.strictObject({
        fullName: Text(120),
        relationship: z.string().trim(),
        dateOfBirth: IsoDateSchema,
        sharePercent: z.number(),
      }),
    )
    .max(50),
});
/** The debit days the banks offer (policy-requests.md): card 5, 10, 15, 20 or 27; a BCA account 5, 15 or 27. */
export const DEBIT_DAYS = {
  auto_debit_card: [5, 10, 15, 20, 27],
  auto_debit_bca: [5, 15, 27],
  virtual_account: [],
} as const;

/** A BCA account number: ten digits. */
export const BcaAccountNumberSchema = z.string().regex(/^\d{10}$/u, 'a BCA account number: ten digits');

export const PaymentMethodPayloadSchema = z.strictObject({
  method: z.enum(['auto_debit_card', 'auto_debit_bca', 'virtual_account']),
  debitDay: z.number().int().optional(),
  /**
   * Extension: the account a BCA autodebit is collected from (required for `auto_debit_bca`,
   * rule `debit_account_required`; absent otherwise). The holder is the policyholder
   * (`payout_holder_mismatch`, the rule of claims.md).
   */
  account: z
    .strictObject({ accountNumber: BcaAccountNumberSchema, accountHolder: z.string().trim().min(1).max(120) })
    .optional(),
});
export const PolicyBookPayloadSchema = z.strictObject({ delivery: z.enum(['email', 'post']) });
export const ReinstatementPayloadSchema = z.strictObject({
  healthDeclaration: z.strictObject({
    hospitalizedLast12Months: z.boolean(),
    underTreatment: z.boolean(),
    notes: z.string().trim().max(1000).optional(),
  }),
});

/**
 * Name, date of birth and identity number (NIK) as the insurer's records should read them
 * (complaints-privacy.md, Correction; UU 27/2022): at least one, with the reason, and a
 * document that shows it (KTP, akta kelahiran) uploaded to the request before it is done.
 */
export const NIK_PATTERN = /^\d{16}$/u;
export const DataCorrectionPayloadSchema = z
  .strictObject({
    fullName: Text(120).optional(),
    dateOfBirth: IsoDateSchema.optional(),
    idNumber: z.string().trim().regex(NIK_PATTERN, 'id_number_invalid').optional(),
    reason: Text(500),
  })
  .refine((c) => c.fullName !== undefined || c.dateOfBirth !== undefined || c.idNumber !== undefined, {
    message: 'correction_empty',
    path: ['fullName'],
  });
/** A correction's documents: at most this many, while it is submitted. */
export const REQUEST_FILES_MAX = 3;

const FundPercentSchema = z.strictObject({
  fundCode: z.string().regex(/^[A-Z_]{2,20}$/u, 'fund code'),
  percent: z.number(),
});
export const FundSwitchPayloadSchema = z.strictObject({
  from: z.array(FundPercentSchema).min(1).max(10),
  to: z.array(FundPercentSchema).min(1).max(10),
});
/**
 * The most one online top-up may be: Rp 1 billion (a larger single premium is arranged at a
 * branch). With unit prices of at least 1.0000 it buys fewer than 10^13 ten-thousandths of a unit.
 */
export const MAX_TOP_UP = 1_000_000_000;
export const TopUpPayloadSchema = z.strictObject({
  amount: z.number().int().max(MAX_TOP_UP),
  allocation: z.array(FundPercentSchema).min(1).max(10),
});
export const WithdrawalPayloadSchema = z
  .strictObject({
    amount: z.number().int().positive().max(MAX_RUPIAH).optional(),
    units: z
      .array(z.strictObject({ fundCode: z.string().regex(/^[A-Z_]{2,20}$/u, 'fund code'), units: Decimal4Schema }))
      .min(1)
      .max(10)
      .optional(),
    payout: z.strictObject({
      bankCode: BankCodeSchema,
      accountNumber: z.string().regex(/^\d{6,20}$/u, 'account_number_invalid'),
      accountHolder: Text(120),
    }),
  })
  // An amount or units, one of them.
  .refine((w) => (w.amount === undefined) !== (w.units === undefined), { message: 'amount_invalid', path: ['amount'] });

/** The payload of each type. */
export const PAYLOAD_SCHEMAS: Partial<Record<RequestType, z.ZodType>> = {
  fund_switch: FundSwitchPayloadSchema,
  top_up: TopUpPayloadSchema,
  withdrawal: WithdrawalPayloadSchema,
  address_change: AddressPayloadSchema,
  beneficiary_change: BeneficiaryPayloadSchema,
  payment_method_change: PaymentMethodPayloadSchema,
  policy_book_duplicate: PolicyBookPayloadSchema,
  reinstatement: ReinstatementPayloadSchema,
  data_correction: DataCorrectionPayloadSchema,
};

export const RequestCreateSchema = z.strictObject({
  policyNumber: PolicyNumberSchema,
  type: RequestTypeSchema,
  payload: z.record(z.string(), z.unknown()),
});
export type RequestCreate = z.output<typeof RequestCreateSchema>;

export const RequestSchema = z.object({
  requestId: ResourceIdSchema,
  number: z.string(),
  policyNumber: z.string(),
  type: RequestTypeSchema,
  status: RequestStatusSchema,
  payload: z.record(z.string(), z.unknown()),
  timeline: z.array(z.object({ status: RequestStatusSchema, at: InstantSchema, note: z.string().optional() })),
  effectiveDate: IsoDateSchema.optional(),
  rejectionReason: z.string().optional(),
  /** Extension: a top-up's bill, to pay in Pembayaran; the request is done when it is paid. */
  billId: ResourceIdSchema.optional(),
  /** Extension: the documents sent with it (a data correction's KTP), `GET /v1/requests/{id}/files/{fileId}`. */
  files: z.array(UploadedFileSchema).optional(),
  createdAt: InstantSchema,
});
export type PolicyRequest = z.infer<typeof RequestSchema>;

export const RequestIdParamsSchema = z.strictObject({ requestId: ResourceIdSchema });
export const RequestFileParamsSchema = z.strictObject({ requestId: ResourceIdSchema, fileId: ResourceIdSchema });
export const RequestListQuerySchema = z.strictObject({
  policyNumber: PolicyNumberSchema.optional(),
  status: RequestStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/u, 'cursor')
    .optional(),
});
export const RequestListSchema = z.object({ requests: z.array(RequestSchema), nextCursor: z.string().optional() });

export const RequestTypesSchema = z.object({
  types: z.array(z.object({ type: RequestTypeSchema, allowed: z.boolean(), reason: z.string().optional() })),
  /** Extension: a unit-linked policy's funds (the product's), with what is held, for the fund forms. */
  funds: z
    .array(
      z.object({
        fundCode: z.string(),
        fundName: z.string(),
        units: Decimal4Schema,
        value: z.number().int().nonnegative(),
      }),
    )
    .optional(),
  /** Extension: the name a payout account must carry (the policyholder's). */
  policyholderName: z.string(),
});

export const AdminRequestListQuerySchema = z.strictObject({
  status: RequestStatusSchema.optional(),
  number: z
    .string()
    .regex(/^TRX-\d{4}-\d{6}$/u, 'request number')
    .optional(),
});

export const RequestTransitionSchema = z.strictObject({
  to: z.enum(['in_process', 'done', 'rejected']),
  note: z.string().trim().max(1000).optional(),
  reason: z.string().trim().max(1000).optional(),
});

export const PolicyHistorySchema = z.object({
  entries: z.array(z.object({ at: InstantSchema, what: z.string(), requestNumber: z.string() })),
});

export const RequestUpdatedEventSchema = z.object({
  requestId: ResourceIdSchema,
  number: z.string(),
  policyNumber: z.string(),
  status: RequestStatusSchema,
});
