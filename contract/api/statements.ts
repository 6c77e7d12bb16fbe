import { z } from 'zod';
import { Decimal4Schema, InstantSchema, IsoDateSchema, ResourceIdSchema, RupiahSchema } from './common';
import { PageQuerySchema } from './events';

/** Fund prices, policy values and statements of unit-linked policies (statements.md). */
export const FundCodeParamsSchema = z.strictObject({ fundCode: z.string().regex(/^[A-Z_]{2,20}$/u, 'fund code') });

/**
 * A period of dates: `from` and `to` (both optional: the last year up to today). At most five years
 * a call (`range_too_long`); `from` after `to` is refused (`range_reversed`).
 */
export const DateRangeQuerySchema = z.strictObject({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional() });

export const FundPricesSchema = z.object({
  fundCode: z.string(),
  name: z.string(),
  currency: z.literal('IDR'),
  /** Working days only: a day without a price is absent, not repeated. */
  prices: z.array(z.object({ date: IsoDateSchema, price: Decimal4Schema })),
});
export type FundPrices = z.infer<typeof FundPricesSchema>;

export const PolicyValueSchema = z.object({
  /** Each price date: units as held at the end of that date, values in integer rupiah (half up). */
  points: z.array(
    z.object({
      date: IsoDateSchema,
      total: RupiahSchema,
      funds: z.array(
        z.object({ fundCode: z.string(), units: Decimal4Schema, price: Decimal4Schema, value: RupiahSchema }),
      ),
    }),
  ),
  /** Extension: the funds' names, by code, for a legend. */
  fundNames: z.record(z.string(), z.string()),
});
export type PolicyValue = z.infer<typeof PolicyValueSchema>;

export const UnitMovementKindSchema = z.enum(['premium_allocation', 'top_up', 'switch_out', 'switch_in', 'withdrawal']);
export type UnitMovementKind = z.infer<typeof UnitMovementKindSchema>;

export const TransactionListQuerySchema = PageQuerySchema.extend({
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
});
export const UnitMovementSchema = z.object({
  date: IsoDateSchema,
  kind: UnitMovementKindSchema,
  fundCode: z.string(),
  /** The movement's value in integer rupiah. */
  amount: RupiahSchema,
  /** Units bought (allocation, top-up, switch in) or sold (switch out, withdrawal): the kind says which. */
  units: Decimal4Schema,
  price: Decimal4Schema,
  requestNumber: z.string().optional(),
});
export type UnitMovement = z.infer<typeof UnitMovementSchema>;
export const TransactionListSchema = z.object({
  items: z.array(UnitMovementSchema),
  nextCursor: z.string().optional(),
});

/** `POST /v1/policies/{policyNumber}/statements`: at most twelve months (`period_too_long`). */
export const StatementRequestSchema = z.strictObject({ from: IsoDateSchema, to: IsoDateSchema });
export const StatementSchema = z.object({
  statementId: ResourceIdSchema,
  from: IsoDateSchema,
  to: IsoDateSchema,
  status: z.enum(['preparing', 'ready']),
  /** Once ready: the PDF among the policy's documents. */
  documentId: ResourceIdSchema.optional(),
  createdAt: InstantSchema,
});
export type Statement = z.infer<typeof StatementSchema>;
