import crypto from 'node:crypto';
import { ConfigError, type Config } from '../../config';
import type { Keyed } from '../identity/secrets';
import { CardClaimsSchema, type CardClaims, type CardKey } from '../../../contract/api/network';

/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * `CARD_SIGNING_KEY`: a PKCS#8 PEM (`openssl genpkey -algorithm ed25519`) or the 32-byte seed
 * in hex. Anything else, or a key of another algorithm, is refused at start.
 */
export function cardKeyFromSetting(value: string): crypto.KeyObject {
  const key = /^[0-9a-fA-F]{64}$/u.test(value.trim())
    ? crypto.createPrivateKey({
        key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(value.trim(), 'hex')]),
        format: 'der',
        type: 'pkcs8',
      })
    : crypto.createPrivateKey(value.replace(/\\n/gu, '\n'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('CARD_SIGNING_KEY is not an Ed25519 key');
  return key;
}

/** Development mode: a key from the server key, so every instance sharing OTP_HMAC_KEY signs alike. */
export function derivedCardKey(seed: Buffer): crypto.KeyObject {
  return crypto.createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The public half as a JWK, with its RFC 7638 thumbprint as `kid`. */
export function publicJwk(key: crypto.KeyObject): CardKey {
  const pub = crypto.createPublicKey(key).export({ format: 'jwk' }) as { x: string };
  // Thumbprint input: the required members in lexicographic order, no spaces.
  const thumb = crypto.createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${pub.x}"}`).digest('base64url');
  return { kty: 'OKP', crv: 'Ed25519', x: pub.x, kid: thumb };
}

/** A compact JWS (RFC 7515) with `alg: EdDSA` over the card's claims. */
export function signCard(key: crypto.KeyObject, claims: CardClaims): string {
  const header = { alg: 'EdDSA', typ: 'JWT', kid: publicJwk(key).kid };
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${crypto.sign(null, Buffer.from(input), key).toString('base64url')}`;
}

export type CardVerdict =
  | { valid: true; claims: CardClaims }
  | { valid: false; reason: 'malformed' | 'wrong_key' | 'bad_signature' | 'expired' };

/**
 * What a front desk checks offline with the published key: the shape, the algorithm, the
 * key id, the signature, then the expiry. A changed byte anywhere fails the signature.
 */
export function verifyCard(token: string, jwk: CardKey, nowMs: number): CardVerdict {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((x) => !/^[A-Za-z0-9_-]+$/u.test(x)))
    return { valid: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: unknown; kid?: unknown };
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header;
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  // The algorithm is fixed, never taken from the token ("alg: none" and friends fail here).
  if (header.alg !== 'EdDSA') return { valid: false, reason: 'malformed' };
  if (header.kid !== jwk.kid) return { valid: false, reason: 'wrong_key' };
  const pub = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  if (!crypto.verify(null, Buffer.from(`${h}.${p}`), pub, Buffer.from(s, 'base64url'))) {
    return { valid: false, reason: 'bad_signature' };
  }
  const claims = CardClaimsSchema.safeParse(payload);
  if (!claims.success) return { valid: false, reason: 'malformed' };
  if (claims.data.exp * 1000 <= nowMs) return { valid: false, reason: 'expired' };
  return { valid: true, claims: claims.data };
}

/** The member cards' key: the setting, or in development one derived from the server key. */
export function cardSigningKey(config: Config, keyed: Keyed): crypto.KeyObject {
  if (!config.cardSigningKey) {
    if (config.mode === 'production') throw new ConfigError('production mode needs the setting CARD_SIGNING_KEY');
    return derivedCardKey(Buffer.from(keyed.mac('card-signing-key'), 'hex'));
  }
  try {
    return cardKeyFromSetting(config.cardSigningKey);
  } catch (err) {
    throw new ConfigError(`setting CARD_SIGNING_KEY: ${err instanceof Error ? err.message : String(err)}`);
  }
}
