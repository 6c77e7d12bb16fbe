import type * as zxcvbnCommonModule from '@zxcvbn-ts/language-common';
import { lazyRequire } from '../../lazy';
import type { PasswordWeakReason } from '../../../contract/errors';
import { normalisePolicyNumber } from '../../../contract/api/common';

// The maintained common-password list of zxcvbn-ts (about 49,000 entries), read at the first check.
const zxcvbnCommon = lazyRequire<typeof zxcvbnCommonModule>('@zxcvbn-ts/language-common');
let blockList: ReadonlySet<string> | undefined;
const isCommon = (lower: string): boolean =>
  (blockList ??= new Set((zxcvbnCommon().dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()))).has(
    lower,
  );

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** The password as it is hashed and checked: Unicode NFKC. */
export const normalisePassword = (p: string): string => p.normalize('NFKC');

/** The ways a date of birth is written inside passwords. */
function dateForms(isoDate: string): string[] {
  const [y, m, d] = isoDate.split('-') as [string, string, string];
  return [`${y}${m}${d}`, `${d}${m}${y}`, `${m}${d}${y}`, `${d}${m}${y.slice(2)}`, `${y.slice(2)}${m}${d}`];
}

export interface PasswordContext {
  username: string;
  policyNumbers: string[];
  dateOfBirth: string;
}

/** Every rule of api-v1.md "Passwords" the password breaks; empty when it is fine. */
export function passwordWeaknesses(password: string, ctx: PasswordContext): PasswordWeakReason[] {
  const p = normalisePassword(password);
  const length = [...p].length;
  const reasons: PasswordWeakReason[] = [];
  if (length < PASSWORD_MIN) reasons.push('too_short');
  if (length > PASSWORD_MAX) reasons.push('too_long');
  const lower = p.toLowerCase();
  if (isCommon(lower)) reasons.push('common');
  if (ctx.username && lower.includes(ctx.username.toLowerCase())) reasons.push('contains_username');
  const compact = normalisePolicyNumber(p);
  if (ctx.policyNumbers.some((n) => n.length > 0 && compact.includes(normalisePolicyNumber(n)))) {
    reasons.push('contains_policy_number');
  }
  const digitsOnly = p.replace(/[^0-9]/gu, '');
  if (dateForms(ctx.dateOfBirth).some((f) => digitsOnly.includes(f))) reasons.push('contains_date_of_birth');
  return reasons;
}
