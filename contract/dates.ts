import { perLanguage } from './per-language';

/**
 * A calendar date (`2026-12-01`) as people read it: `1 Desember 2026` in Indonesian, `1 December 2026`
 * in English. The one formatter for the app's screens and the service's texts alike (like money.ts).
 */
export const longDate = (iso: string, lang: string): string => DATE(lang).format(new Date(`${iso}T00:00:00Z`));

/** An instant as a person in Indonesia reads it: date and time in Jakarta, named WIB. */
export const longDateTime = (instant: string | number, lang: string): string =>
  `${DATE_TIME(lang).format(new Date(instant))} WIB`;

/** The day of an instant on the insurer's calendar (Jakarta), not UTC's: a claim moved at 01.00 WIB moved that day. */
export const longDay = (instant: string | number, lang: string): string => DAY(lang).format(new Date(instant));

/** Units of a fund (an exact decimal string such as `"7617.2839"`), with their four places, grouped the language's way. */
export const units4 = (exact: string, lang: string): string => UNITS(lang).format(exact as `${number}`);

const JAKARTA = 'Asia/Jakarta';
const DATE = perLanguage(
  (locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
);
const DATE_TIME = perLanguage(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: JAKARTA }),
);
const DAY = perLanguage(
  (locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: JAKARTA }),
);
// Intl formats a numeric string exactly, without a float in between.
const UNITS = perLanguage(
  (locale) => new Intl.NumberFormat(locale, { minimumFractionDigits: 4, maximumFractionDigits: 4 }),
);
