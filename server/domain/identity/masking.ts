import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ChannelOption } from '../../../contract/api/identity';
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

export function maskedChannels(contacts: { phone: string; email: string }): ChannelOption[] {
  return [
    { channel: 'sms', destination: maskPhone(contacts.phone) },
    { channel: 'email', destination: maskEmail(contacts.email) },
  ];
}

const DECOY_DOMAINS = ['gmail.com', 'yahoo.co.id', 'yahoo.com', 'outlook.com', 'ymail.com', 'hotmail.com'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Masked contacts for a username that has no account: derived from the server key
 * and the username, so asking twice shows the same, and nothing says they are made up.
 */
export function decoyChannels(keyed: Keyed, username: string): ChannelOption[] {
  const h = Buffer.from(keyed.mac('decoy-contacts', username), 'hex');
  const digits = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(h[from + i]! % 10)).join('');
  const phone = `+62 81${h[0]! % 10}-****-${digits(1, 4)}`;
  const email = `${LETTERS[h[5]! % 26]}***${LETTERS[h[6]! % 26]}@${DECOY_DOMAINS[h[7]! % DECOY_DOMAINS.length]}`;
  return [
    { channel: 'sms', destination: phone },
    { channel: 'email', destination: email },
  ];
}

/** E.164 for an Indonesian number written any common way; null when it is no phone number. */
export function normalisePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, 'ID');
  return parsed?.isValid() ? parsed.number : null;
}
