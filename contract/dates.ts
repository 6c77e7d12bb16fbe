/**
 * A calendar date (`2026-12-01`) as people read it: `1 Desember 2026` in Indonesian, `1 December 2026`
 * in English. The one formatter for the app's screens and the service's texts alike (like money.ts).
 */
export const longDate = (iso: string, lang: string): string =>
  (lang === 'en' ? DATE_EN : DATE_ID).format(new Date(`${iso}T00:00:00Z`));

/** Units of a fund (an exact decimal string such as `"7617.2839"`), with their four places, grouped the language's way. */
export const units4 = (exact: string, lang: string): string =>
  (lang === 'en' ? UNITS_EN : UNITS_ID).format(exact as `${number}`);

const DATE_ID = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_EN = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
// Intl formats a numeric string exactly, without a float in between.
const UNITS_ID = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
const UNITS_EN = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
