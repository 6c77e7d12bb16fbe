/**
 * Titles Indonesians write around a name: honorifics before it (Bapak, Ibu, H., Dr.),
 * degrees after a comma (S.E., M.M.). Compared without them (claims.md, payout holder).
 */
const HONORIFICS = new Set([
  'bapak',
  'bpk',
  'bp',
  'ibu',
  'ib',
  'tn',
  'tuan',
  'ny',
  'nyonya',
  'nn',
  'nona',
  'sdr',
  'sdri',
  'saudara',
  'saudari',
  'h',
  'hj',
  'haji',
  'hajjah',
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'kh',
  'mr',
  'mrs',
  'ms',
]);

/** A name as the payout rule compares it: no case, titles, degrees, accents or punctuation. */
export function comparableName(raw: string): string {
  const beforeDegrees = raw.split(',')[0] ?? '';
  const words = beforeDegrees
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s.]/gu, ' ')
    .split(/[\s.]+/u)
    .filter(Boolean);
  let start = 0;
  while (start < words.length - 1 && HONORIFICS.has(words[start]!)) start++;
  return words.slice(start).join(' ');
}

export function sameName(a: string, b: string): boolean {
  const x = comparableName(a);
  return x.length > 0 && x === comparableName(b);
}
