import crypto from 'node:crypto';

// Plain Indonesian words: easy to read aloud at a branch counter, nothing from
// the person's own data (not the policy number, not the birth date).
const NOUNS = [
  'anggrek', 'bambu', 'beringin', 'bintang', 'camar', 'cemara', 'danau', 'delima', 'elang', 'embun',
  'gelombang', 'gunung', 'jati', 'kenari', 'kenanga', 'kijang', 'kupu', 'lembah', 'mawar', 'melati',
  'merak', 'merpati', 'mentari', 'nuri', 'ombak', 'padi', 'pelangi', 'pinus', 'rajawali', 'rusa',
  'samudra', 'seruni', 'sungai', 'tanjung', 'teratai', 'telaga', 'awan', 'bulan', 'cendana', 'dahlia',
  'pantai', 'rimba', 'angsa', 'kelapa', 'mangga', 'kapas', 'lonceng', 'perahu', 'kompas', 'lentera',
];
const ADJECTIVES = [
  'biru', 'hijau', 'jingga', 'ungu', 'putih', 'emas', 'perak', 'cerah', 'teduh', 'tenang',
  'riang', 'sejuk', 'hangat', 'indah', 'megah', 'gesit', 'lincah', 'tangguh', 'bijak', 'ceria',
  'damai', 'elok', 'harum', 'jernih', 'kokoh', 'lembut', 'manis', 'mulia', 'segar', 'setia',
];

const pick = (list: readonly string[]): string => list[crypto.randomInt(list.length)]!;

/** A readable username such as `elang-biru-4821`: lower case, so the same in any case. */
export function generateUsername(): string {
  return `${pick(NOUNS)}-${pick(ADJECTIVES)}-${crypto.randomInt(1000, 10000)}`;
}

/** Usernames compare without regard to case or surrounding spaces. */
export const canonicalUsername = (u: string): string => u.trim().normalize('NFKC').toLowerCase();
