import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** An opaque, unguessable string (base64url of `bytes` random bytes). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/**
 * A new row id: 16 random bytes, url-safe. Taken from a pool filled 4 KiB at a time (the
 * same source, fewer calls into it: ids are made several times in every request).
 */
export function newId(): string {
  if (poolAt + 16 > pool.length) {
    crypto.randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.toString('base64url', poolAt - 16, poolAt);
}
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** Tokens are high-entropy, so a plain SHA-256 is the right at-rest form. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The server key behind one-time code hashes and the stable decoys of unknown
 * usernames: from the setting when given (several instances share it), else made
 * once and kept in the data folder, readable by this user only.
 */
export function loadServerKey(dataDir: string, fromSetting?: string): Buffer {
  if (fromSetting) return Buffer.from(fromSetting, 'hex');
  const file = path.join(dataDir, 'server-key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/u.test(hex)) throw new Error(`the server key in ${file} is damaged`);
  return Buffer.from(hex, 'hex');
}

/** Keyed hashing with the server key: one-time codes at rest and decoy data. */
export class Keyed {
  constructor(private readonly key: Buffer) {}

  mac(...parts: string[]): string {
    return crypto.createHmac('sha256', this.key).update(parts.join('\u0000'), 'utf8').digest('hex');
  }

  /**
   * A secret the service must use again, not only compare (a gateway's saved-card token):
   * AES-256-GCM under a key derived from the server key for `purpose`, so a copy of the
   * database alone does not hold it.
   */
  seal(purpose: string, plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.purposeKey(purpose), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((x) => (typeof x === 'string' ? x : x.toString('base64url')))
      .join('.');
  }

  /** The secret `seal` kept; throws when it was not sealed with this key for this purpose. */
  open(purpose: string, sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.purposeKey(purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  private purposeKey(purpose: string): Buffer {
    return crypto.createHmac('sha256', this.key).update(`seal\u0000${purpose}`, 'utf8').digest();
  }

  equal(a: string, b: string): boolean {
    const x = Buffer.from(a, 'hex');
    const y = Buffer.from(b, 'hex');
    return x.length === y.length && crypto.timingSafeEqual(x, y);
  }
}

/** A six-digit code from the cryptographic source, leading zeros kept. */
export function newOtpCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
}
