import { distance } from 'fastest-levenshtein';

/** At most this many words of a query are searched; more say nothing the first ones do not. */
const MAX_WORDS = 8;
/** Words of a provider's text: no limit. */
const ALL_WORDS = Number.MAX_SAFE_INTEGER;
/** Shorter words are matched as typed: one letter off in three is another word. */
export const TYPO_MIN_LENGTH = 4;

/**
 * The words of a search box's text, lower-cased and without diacritics. Everything else,
 * the full-text engines' own syntax among it (`"`, `*`, `:`, `&`, parentheses), is a
 * separator; `NEAR` and `OR` are words like any other, as each word is quoted below.
 */
export function searchWords(q: string, max = MAX_WORDS): string[] {
  const plain = q.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  return [...new Set(plain.match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, max);
}

/**
 * SQLite FTS5: the words as typed, each with its alternatives (typing-error fallback). Only the
 * last is a prefix, as typing goes on there: a word followed by another is finished ("jl" then
 * a street is the word Jl., not every word beginning so — on PostgreSQL a prefix that common
 * gathered every provider before the street narrowed them, a fifth of a search's time).
 */
export function fts5Match(words: string[], alternatives: Map<string, string[]> = new Map()): string {
  return words
    .map((w, i) => {
      const alts = (alternatives.get(w) ?? []).map((t) => `"${t}"`);
      const typed = i === words.length - 1 ? `"${w}"*` : `"${w}"`;
      return alts.length ? `(${typed} OR ${alts.join(' OR ')})` : typed;
    })
    .join(' AND ');
}

/** PostgreSQL `to_tsquery('simple', …)`: as fts5Match, the last word a prefix. */
export function tsQuery(words: string[], alternatives: Map<string, string[]> = new Map()): string {
  return words
    .map((w, i) => {
      const alts = (alternatives.get(w) ?? []).map((t) => `'${t}'`);
      const typed = i === words.length - 1 ? `'${w}':*` : `'${w}'`;
      return alts.length ? `(${typed} | ${alts.join(' | ')})` : typed;
    })
    .join(' & ');
}

/** The words of a provider's name, address and city, as the typing-error fallback knows them. */
export function providerTerms(...texts: string[]): string[] {
  return searchWords(texts.join(' '), ALL_WORDS).filter((w) => w.length >= TYPO_MIN_LENGTH - 1);
}

/**
 * The typing-error fallback: the providers' own terms one edit (insert, delete or replace a
 * letter) from a word, or whose beginning is one edit from it (typing goes on).
 */
export function oneEditAway(word: string, terms: Iterable<string>): string[] {
  if (word.length < TYPO_MIN_LENGTH) return [];
  const found: string[] = [];
  for (const t of terms) {
    if (t === word) continue;
    if (distance(word, t) <= 1 || (t.length > word.length && distance(word, t.slice(0, word.length)) <= 1)) {
      found.push(t);
    }
  }
  return found;
}
