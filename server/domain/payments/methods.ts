import type { PaymentMethod } from '../../../contract/api/payments';

/**
 * The methods (payments.md) and their rules: how long a payment waits, and the most a
 * single payment may be (QRIS transactions are capped at Rp 10 million by Bank Indonesia;
 * e-wallets at Rp 2 million for an unverified account, the safe assumption).
 */
export const METHODS: Record<
  PaymentMethod,
  { expiresInMs: number; maxAmount?: number; kind: 'va' | 'qris' | 'redirect' }
> = {
  va_bca: { expiresInMs: 24 * 3_600_000, kind: 'va' },
  va_mandiri: { expiresInMs: 24 * 3_600_000, kind: 'va' },
  va_bni: { expiresInMs: 24 * 3_600_000, kind: 'va' },
  va_bri: { expiresInMs: 24 * 3_600_000, kind: 'va' },
  va_permata: { expiresInMs: 24 * 3_600_000, kind: 'va' },
  qris: { expiresInMs: 15 * 60_000, maxAmount: 10_000_000, kind: 'qris' },
  gopay: { expiresInMs: 15 * 60_000, maxAmount: 2_000_000, kind: 'redirect' },
  shopeepay: { expiresInMs: 15 * 60_000, maxAmount: 2_000_000, kind: 'redirect' },
  card: { expiresInMs: 3_600_000, kind: 'redirect' },
};

/** The methods a bill of this amount may be paid with. */
export function methodsFor(amount: number): PaymentMethod[] {
  return (Object.keys(METHODS) as PaymentMethod[]).filter((m) => (METHODS[m].maxAmount ?? Infinity) >= amount);
}
