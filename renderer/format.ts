/** Money in rupiah (one formatter, shared with the service's documents) and dates in the Indonesian way (or the English one). */
import { perLanguage } from '../contract/per-language';

export { rupiah } from '../contract/money';
export { longDate, longDateTime, longDay, units4 as decimal4 } from '../contract/dates';

export const fileSize = (bytes: number, lang: string): string =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    style: 'unit',
    unit: bytes >= 1048576 ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(bytes >= 1048576 ? bytes / 1048576 : Math.max(1, bytes / 1024));

/** A virtual account number as people read it off a screen: groups of four (`8808 1234 5678 9012`). */
export const vaGroups = (digits: string): string => digits.replace(/(\d{4})(?=\d)/gu, '$1 ');

/** Whole rupiah as typed, grouped the language's way as one types (`12.500.000`, `12,500,000`). */
export const groupedAmount = (n: number, lang: string): string => GROUPED(lang).format(n);
// Kept, as money.ts's: the field formats on every key.
const GROUPED = perLanguage((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));

/** The whole rupiah a person typed, whatever separators they used; null when there are no digits. */
export const typedAmount = (text: string): number | null => {
  const digits = text.replace(/\D/gu, '');
  return digits ? Number(digits) : null;
};

/**
 * Where a sign-in came from, in words a person reads: this computer (loopback), a local network
 * (a private range: home, office, a branch) or the internet. The address itself stays in a detail.
 */
export const networkPlace = (address: string): 'this_computer' | 'local' | 'internet' => {
  const a = address.replace(/^::ffff:/u, '');
  if (a === '::1' || /^127\./u.test(a)) return 'this_computer';
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|f[cd][0-9a-f]{2}:|fe80:)/iu.test(a)) return 'local';
  return 'internet';
};
