/**
 * What never reaches a log file: tokens, passwords, one-time codes and secrets whole;
 * policy and member numbers beyond their last four characters.
 */
const SECRET_KEY = /token|password|passwd|secret|authorization|cookie|^code$|otp|pin$/iu;
const POLICY_KEY = /policy.?number|member.?number|nomor.?polis|nomor.?peserta/iu;

const REDACTED = '[disembunyikan]';

/** Keeps the last four characters: enough to tell policies apart in a log, not to use one. */
export function maskTail(value: string): string {
  const plain = value.replace(/[-\s]/gu, '');
  return plain.length <= 4 ? '*'.repeat(plain.length) : `${'*'.repeat(plain.length - 4)}${plain.slice(-4)}`;
}

const TEXT_RULES: Array<[RegExp, (match: string, ...groups: string[]) => string]> = [
  // Authorization headers and bare bearer tokens.
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/giu, (_m, word) => `${word} ${REDACTED}`],
  // key=value and "key": "value" pairs whose key is a secret.
  [
    /\b(access_?token|refresh_?token|token|password|secret|otp|code|kode)(["']?\s*[:=]\s*["']?)([^\s"',&}]+)/giu,
    (_m, key, sep) => `${key}${sep}${REDACTED}`,
  ],
  // A one-time code named as such in a sentence: "kode 123456", "code: 123456".
  [/\b(kode|code|otp)(\s+(?:anda\s+|is\s+)?)(\d{6})\b/giu, (_m, word, gap) => `${word}${gap}${REDACTED}`],
  // Policy numbers as people write them: IND2019000123, IND-2019-000123, KMP 2022 000045.
  [/\b[A-Z]{2,4}[-\s]?\d{4}[-\s]?\d{3,9}\b/gu, (m) => maskTail(m)],
  // A policy number in a URL path.
  [/(\/policies\/)([^/?#\s]+)/giu, (_m, prefix, id) => `${prefix}${maskTail(decodeOrKeep(id))}`],
];

/** A log line must never throw: a malformed escape is masked as it stands. */
function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replace] of TEXT_RULES) out = out.replace(pattern, replace as (m: string) => string);
  return out;
}

/** A copy of any log argument with every secret hidden; the original is left as it was. */
export function redact(value: unknown, key = '', seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key)) return REDACTED;
    if (POLICY_KEY.test(key)) return maskTail(value);
    return redactText(value);
  }
  if (typeof value === 'number' && SECRET_KEY.test(key)) return REDACTED;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, key, seen));
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
    return `[${value.constructor.name}]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redact(v, k, seen);
  return out;
}
