import { perLanguage } from './per-language';

/**
 * Integer rupiah as people read them: `Rp 750.000` in Indonesian, `IDR 750,000` in English.
 * The one formatter for the app's screens and the service's documents alike.
 */
export const rupiah = (n: number, lang: string): string => RUPIAH(lang).format(n);

// English says the code (IDR), Indonesian the symbol (Rp).
const RUPIAH = perLanguage(
  (locale) =>
    new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'IDR',
      currencyDisplay: locale === 'en-GB' ? 'code' : 'symbol',
      maximumFractionDigits: 0,
    }),
);
