import { z } from 'zod';
import { PAYMENT_METHODS, PAYMENT_RECORD_METHODS } from '../payment-methods';
import { PageQuerySchema } from './events';
import { InstantSchema, IsoDateSchema, PolicyNumberSchema, ResourceIdSchema, RupiahSchema } from './common';

/** Premium payment (payments.md): bills, payments, the gateway's methods. */
export const BillStatusSchema = z.enum(['upcoming', 'due', 'overdue', 'paid', 'lapsed']);
export type BillStatus = z.infer<typeof BillStatusSchema>;
export const BillKindSchema = z.enum(['premium', 'top_up']);

export const BillSchema = z.object({
  billId: ResourceIdSchema,
  policyNumber: z.string(),
  /** Extension: the policy's product, so a bill is named by what it is for. */
  productName: z.string(),
  kind: BillKindSchema,
  /** Sharia policies call it kontribusi. */
  label: z.enum(['premi', 'kontribusi']),
  period: z.object({ from: IsoDateSchema, to: IsoDateSchema }),
  dueDate: IsoDateSchema,
  amount: RupiahSchema,
  status: BillStatusSchema,
  graceEndsOn: IsoDateSchema,
  paidAt: InstantSchema.optional(),
  paymentId: ResourceIdSchema.optional(),
  /** Extension: the methods this bill may be paid with (a method over its limit is absent). */
  methods: z.array(z.string()),
});
export type Bill = z.infer<typeof BillSchema>;

export const BillListQuerySchema = z.strictObject({
  policyNumber: PolicyNumberSchema.optional(),
  status: BillStatusSchema.optional(),
});
export const BillListSchema = z.object({ bills: z.array(BillSchema) });
export const BillIdParamsSchema = z.strictObject({ billId: ResourceIdSchema });

export const PaymentMethodSchema = z.enum(PAYMENT_METHODS);
export { PAYMENT_METHOD_NAMES_ID, type PaymentMethod, type PaymentRecordMethod } from '../payment-methods';
export const PaymentStatusSchema = z.enum(['pending', 'paid', 'expired', 'failed', 'cancelled']);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

export const PayRequestSchema = z.strictObject({ method: PaymentMethodSchema });
/** `Idempotency-Key: <uuid>`: the same key answers the same payment. */
export const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z.uuid(),
});

export const PaymentSchema = z.object({
  paymentId: ResourceIdSchema,
  billId: ResourceIdSchema,
  /** Extended: an autodebit's collection is `autodebit_card` or `autodebit_bca`. */
  method: z.enum(PAYMENT_RECORD_METHODS),
  amount: RupiahSchema,
  status: PaymentStatusSchema,
  expiresAt: InstantSchema,
  instructions: z.object({
    vaNumber: z.string().optional(),
    bankCode: z.string().optional(),
    qrString: z.string().optional(),
    redirectUrl: z.url().optional(),
  }),
  createdAt: InstantSchema,
  paidAt: InstantSchema.optional(),
  /** Extension: the receipt among the policy's documents, once paid (the app opens it in its reader). */
  receiptDocumentId: ResourceIdSchema.optional(),
  /** Extension: the policy and period the payment is for, as the history lists them. */
  policyNumber: z.string(),
  period: z.object({ from: IsoDateSchema, to: IsoDateSchema }),
});
export type Payment = z.infer<typeof PaymentSchema>;

export const PaymentIdParamsSchema = z.strictObject({ paymentId: ResourceIdSchema });
export const PaymentListQuerySchema = PageQuerySchema.extend({ policyNumber: PolicyNumberSchema.optional() });
export const PaymentListSchema = z.object({ payments: z.array(PaymentSchema), nextCursor: z.string().optional() });

/** The data of a `payment.updated` event. */
export const PaymentUpdatedEventSchema = z.object({
  paymentId: ResourceIdSchema,
  billId: ResourceIdSchema,
  status: PaymentStatusSchema,
});
export type PaymentUpdatedEvent = z.infer<typeof PaymentUpdatedEventSchema>;
