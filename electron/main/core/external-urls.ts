/**
 * What may leave the app for the system: https pages, and a telephone number the main
 * process wrote itself from a provider's phone (`tel:+62…`, digits only). Nothing else.
 */
export function externalUrlAllowed(url: string): boolean {
  if (/^tel:\+\d{6,15}$/u.test(url)) return true;
  return URL.canParse(url) && new URL(url).protocol === 'https:';
}

/** An Indonesian number as printed (`(021) 555-0123`, `0812…`, `+62…`) as a `tel:` link; undefined if it is none. */
export function telLink(phone: string): string | undefined {
  const digits = phone.replace(/[\s().-]/gu, '');
  if (!/^\+?\d{6,15}$/u.test(digits)) return undefined;
  const international = digits.startsWith('+')
    ? digits
    : digits.startsWith('0')
      ? `+62${digits.slice(1)}`
      : `+62${digits}`;
  return /^\+\d{6,15}$/u.test(international) ? `tel:${international}` : undefined;
}
