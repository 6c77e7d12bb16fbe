/**
 * One formatter per language, made on first use and kept: a formatter is costly to make (the first
 * one loads ICU's data, about 30 ms in Chromium) and cheap to use, and the login screen formats
 * nothing, so none is made while the app starts.
 */
export function perLanguage<T>(make: (locale: 'id-ID' | 'en-GB') => T): (lang: string) => T {
  let id: T | undefined;
  let en: T | undefined;
  // Not en-ID for English: ICU gives it Indonesia's own symbols and grouping ("Rp 750.000").
  return (lang) => (lang === 'en' ? (en ??= make('en-GB')) : (id ??= make('id-ID')));
}
