/**
 * The gateway's payment methods and their Indonesian names, without zod: the renderer's first
 * screen reads the names (its Indonesian texts) and should not load the schemas to do so.
 */
export const PAYMENT_METHODS = [
  'va_bca',
  'va_mandiri',
  'va_bni',
  'va_bri',
  'va_permata',
  'qris',
  'gopay',
  'shopeepay',
  'card',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The methods as Indonesian receipts and screens name them. */
export const PAYMENT_METHOD_NAMES_ID: Record<PaymentMethod, string> = {
  va_bca: 'Virtual Account BCA',
  va_mandiri: 'Virtual Account Mandiri',
  va_bni: 'Virtual Account BNI',
  va_bri: 'Virtual Account BRI',
  va_permata: 'Virtual Account Permata',
  qris: 'QRIS',
  gopay: 'GoPay',
  shopeepay: 'ShopeePay',
  card: 'Kartu kredit/debit',
};
