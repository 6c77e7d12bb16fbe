import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { ServiceError, tooMany } from '../errors';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/**
 * Failed logins in a row, per account, and per typed name where no account has it,
 * so that an unknown username locks exactly as a known one does.
 */
export const lockoutKey = (accountId: string | undefined, name: string): string =>
  accountId ? `account:${accountId}` : `name:${name}`;

/** Throws `account_locked` while a lock lasts; otherwise answers the failures counted so far. */
export async function assertNotLocked(db: Kysely<Database>, key: string, now: number): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select(['failures', 'locked_until'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (row?.locked_until != null && row.locked_until > now) {
    throw tooMany(
      'account_locked',
      'Too many failed logins; the account is locked for a while.',
      row.locked_until - now,
    );
  }
  return row?.failures ?? 0;
}

/**
 * Counts one failure in one statement and returns when the account is locked
 * (after the fifth in a row), or null. A lock that has run out starts a new count.
 */
export async function countFailure(db: Kysely<Database>, key: string, now: number): Promise<number | null> {
  const lockUntil = now + LOCKOUT_MS;
  const row = await db
    .insertInto('login_failures')
    .values({ key, failures: 1, locked_until: null, updated_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when login_failures.locked_until is not null and login_failures.locked_until <= ${now} then 1 else login_failures.failures + 1 end`,
        locked_until: sql<number | null>`case
          when login_failures.locked_until is not null and login_failures.locked_until <= ${now} then null
          when login_failures.failures + 1 >= ${MAX_FAILED_LOGINS} then ${lockUntil}
          else login_failures.locked_until end`,
        updated_at: now,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  return row.locked_until;
}

export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/**
 * A wrong password, at a login or a step-up alike: counted in one statement, then refused as
 * `account_locked` when that count locks the account, `invalid_credentials` before.
 * `counted` hears whether it locked (the sign-ins list records it).
 */
export async function refuseWrongPassword(
  db: Kysely<Database>,
  key: string,
  failedAt: number,
  counted: (locked: boolean, at: number) => Promise<void> = async () => {},
): Promise<never> {
  // One instant for the count and the answer, so the wait said is the lock's own 15 minutes.
  const lockedUntil = await countFailure(db, key, failedAt);
  await counted(lockedUntil !== null, failedAt);
  if (lockedUntil !== null) {
    throw tooMany(
      'account_locked',
      'Too many wrong passwords; the account is locked for a while.',
      lockedUntil - failedAt,
    );
  }
  throw new ServiceError('invalid_credentials', 'The username or password is not right.');
}
