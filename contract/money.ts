/**
 * Integer rupiah as people read them: `Rp 750.000` in Indonesian, `IDR 750,000` in English.
 * The one formatter for the app's screens and the service's documents alike.
 */
export const rupiah = (n: number, lang: string): string => (lang === 'en' ? RUPIAH_EN : RUPIAH_ID).format(n);

// Made once: a formatter is costly to make and cheap to use.
const RUPIAH_ID = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
// Not en-ID: ICU gives it Indonesia's own symbol and grouping ("Rp 750.000").
const RUPIAH_EN = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'IDR',
  currencyDisplay: 'code',
  maximumFractionDigits: 0,
});
