import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ChannelOption } from '../../../contract/api/identity';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { Keyed } from './secrets';

/** `+6281234567890` → `+62 812-****-7890` */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const cc = parsed?.countryCallingCode ?? '';
  const national = parsed?.nationalNumber ?? e164.replace(/\D/gu, '');
  return `+${cc} ${national.slice(0, 3)}-****-${national.slice(-4)}`;
}

/** `budi.santoso@example.co.id` → `b***o@example.co.id` */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const first = [...local][0] ?? '';
  const last = [...local].at(-1) ?? '';
  return `${first}***${local.length > 1 ? last : ''}@${domain}`;
}

/** A contact as it is shown: a mobile number or an e-mail address, masked. */
export function maskContact(channel: 'sms' | 'email', value: string): string {
  return channel === 'sms' ? maskPhone(value) : maskEmail(value);
}

export function maskedChannels(contacts: { phone: string; email: string }): ChannelOption[] {
  return [
    { channel: 'sms', destination: maskContact('sms', contacts.phone) },
    { channel: 'email', destination: maskContact('email', contacts.email) },
  ];
}

const FALLBACK = { phone: '+6281200000000', email: 'nasabah@gmail.com' };

/**
 * Masked contacts for a username that has no account, drawn so that nothing tells them
 * from a real customer's: each visible feature (the number's prefix, the address's first
 * and last letters, its domain) is taken from a different real customer, chosen by the
 * server key and the username, so the features follow the customer base's own mix and
 * asking twice shows the same. The hidden digits come from the key alone.
 */
export async function decoyChannels(db: Kysely<Database>, keyed: Keyed, username: string): Promise<ChannelOption[]> {
  const h = Buffer.from(keyed.mac('decoy-contacts', username), 'hex');
  const pick = async (n: number) => {
    // The customer whose id comes next after a point the key sets: stable while customers come and go elsewhere.
    const point = Buffer.from(keyed.mac('decoy-point', username, String(n)), 'hex')
      .toString('base64url')
      .slice(0, 22);
    const next = (op: '>=' | '<') =>
      db
        .selectFrom('customers')
        .select(['phone', 'email'])
        .where('id', op, point)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
    return (await next('>=')) ?? (await next('<')) ?? FALLBACK;
  };
  const [forPrefix, forFirst, forLast, forDomain] = await Promise.all([pick(0), pick(1), pick(2), pick(3)]);
  const prefix = maskPhone(forPrefix.phone).slice(0, -4);
  const digits = Array.from({ length: 4 }, (_, i) => String(h[i]! % 10)).join('');
  const local = (email: string) => email.slice(0, email.lastIndexOf('@'));
  const first = [...local(forFirst.email)][0] ?? 'a';
  const lastOf = [...local(forLast.email)];
  const last = lastOf.length > 1 ? lastOf.at(-1)! : '';
  const domain = forDomain.email.slice(forDomain.email.lastIndexOf('@') + 1);
  return [
    { channel: 'sms', destination: `${prefix}${digits}` },
    { channel: 'email', destination: `${first}***${last}@${domain}` },
  ];
}

/** E.164 for an Indonesian number written any common way; null when it is no phone number. */
export function normalisePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, 'ID');
  return parsed?.isValid() ? parsed.number : null;
}
