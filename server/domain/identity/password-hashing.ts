import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { lazy } from '../../lazy';

// Only accounts imported from the old system have bcrypt hashes (until their first sign-in).
const bcrypt = lazy(() => import('bcryptjs').then((m) => m.default));
import { normalisePassword } from './password-rules';

const pbkdf2 = promisify(crypto.pbkdf2);

/** OWASP's argon2id floor: m = 19 MiB, t = 2, p = 1 (api-v1.md). */
export const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(normalisePassword(password), ARGON2_OPTIONS);
}

/** What kind of stored hash this is: ours, or one imported from the old system. */
export function hashScheme(stored: string): 'argon2id' | 'bcrypt' | 'pbkdf2_sha256' | 'unknown' {
  if (stored.startsWith('$argon2id$')) return 'argon2id';
  if (/^\$2[aby]\$\d\d\$/u.test(stored)) return 'bcrypt';
  if (stored.startsWith('pbkdf2_sha256$')) return 'pbkdf2_sha256';
  return 'unknown';
}

/** Checks `password` against any stored form; false for a form it does not know. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  switch (hashScheme(stored)) {
    case 'argon2id':
      return argon2Verify(stored, normalisePassword(password));
    case 'bcrypt':
      // The old system hashed what the person typed, without normalisation.
      return (await bcrypt()).compare(password, stored);
    case 'pbkdf2_sha256':
      return verifyPbkdf2(stored, password);
    default:
      return false;
  }
}

/** `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, as the old system stored it. */
async function verifyPbkdf2(stored: string, password: string): Promise<boolean> {
  const [, iterText, salt, expectedB64] = stored.split('$');
  const iterations = Number(iterText);
  if (!Number.isInteger(iterations) || iterations < 1 || !salt || !expectedB64) return false;
  const expected = Buffer.from(expectedB64, 'base64');
  if (expected.length === 0) return false;
  const actual = await pbkdf2(password, salt, iterations, expected.length, 'sha256');
  return crypto.timingSafeEqual(actual, expected);
}

/** Stored hashes weaker than argon2id at our cost are replaced at the next good login. */
export function needsRehash(stored: string): boolean {
  if (hashScheme(stored) !== 'argon2id') return true;
  const m = /m=(\d+),t=(\d+),p=(\d+)/u.exec(stored);
  return !m || Number(m[1]) < ARGON2_OPTIONS.memoryCost || Number(m[2]) < ARGON2_OPTIONS.timeCost;
}

/** Makes a PBKDF2 hash in the old system's form; for demo data and tests of the import. */
export async function pbkdf2LegacyHash(password: string, salt: string, iterations: number): Promise<string> {
  const dk = await pbkdf2(password, salt, iterations, 32, 'sha256');
  return `pbkdf2_sha256$${iterations}$${salt}$${dk.toString('base64')}`;
}
