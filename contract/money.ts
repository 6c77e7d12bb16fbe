/**
 * Integer rupiah as people read them: `Rp 750.000` in Indonesian, `IDR 750,000` in English.
 * The one formatter for the app's screens and the service's documents alike.
 */
export const rupiah = (n: number, lang: string): string =>
  new Intl.NumberFormat(lang === 'en' ? 'en-ID' : 'id-ID', {
    style: 'currency',
    currency: 'IDR',
    maximumFractionDigits: 0,
  }).format(n);
