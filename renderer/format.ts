/** Money in rupiah (one formatter, shared with the service's documents) and dates in the Indonesian way (or the English one). */
export { rupiah } from '../contract/money';

export const longDate = (iso: string, lang: string): string =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));

/** An instant as a person in Indonesia reads it: date and time in Jakarta, named WIB. */
export const longDateTime = (iso: string, lang: string): string =>
  `${new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Asia/Jakarta',
  }).format(new Date(iso))} WIB`;

export const fileSize = (bytes: number, lang: string): string =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    style: 'unit',
    unit: bytes >= 1048576 ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(bytes >= 1048576 ? bytes / 1048576 : Math.max(1, bytes / 1024));

/**
 * An exact decimal from the contract (`"2875.4312"`) with its four places, grouped the
 * Indonesian way (`2.875,4312`). Intl formats a numeric string exactly, without a float between.
 */
export const decimal4 = (exact: `${number}` | string, lang: string): string =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    minimumFractionDigits: 4,
    maximumFractionDigits: 4,
  }).format(exact as `${number}`);
