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

/**
 * How a payment was made, as its record says: a method the person chose, or an autodebit's
 * collection (payments.md, Reminders and autodebit), which nobody chooses for one bill.
 */
export const PAYMENT_RECORD_METHODS = [...PAYMENT_METHODS, 'autodebit_card', 'autodebit_bca'] as const;
export type PaymentRecordMethod = (typeof PAYMENT_RECORD_METHODS)[number];

/** The methods as Indonesian receipts and screens name them. */
export const PAYMENT_METHOD_NAMES_ID: Record<PaymentRecordMethod, string> = {
  va_bca: 'Virtual Account BCA',
  va_mandiri: 'Virtual Account Mandiri',
  va_bni: 'Virtual Account BNI',
  va_bri: 'Virtual Account BRI',
  va_permata: 'Virtual Account Permata',
  qris: 'QRIS',
  gopay: 'GoPay',
  shopeepay: 'ShopeePay',
  card: 'Kartu kredit/debit',
  autodebit_card: 'Autodebet kartu kredit',
  autodebit_bca: 'Autodebet rekening BCA',
};
