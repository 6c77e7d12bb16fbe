import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, Database } from '../../store/schema';
import { hashPassword, needsRehash } from './password-hashing';
import { canonicalUsername, generateUsername } from './usernames';

export type Account = Selectable<AccountsTable>;

/**
 * The account a typed username names: its current username, or its old one from
 * the previous system while the grace period lasts.
 */
export async function findAccountByUsername(
  db: Kysely<Database>,
  typed: string,
  now: number,
): Promise<{ account: Account; fullName: string; viaLegacyName: boolean } | undefined> {
  const name = canonicalUsername(typed);
  const rows = await db
    .selectFrom('accounts')
    .innerJoin('customers', 'customers.id', 'accounts.customer_id')
    .selectAll('accounts')
    .select('customers.full_name')
    .where((eb) =>
      eb.or([
        eb('accounts.username', '=', name),
        eb.and([eb('accounts.legacy_username', '=', name), eb('accounts.legacy_username_until', '>', now)]),
      ]),
    )
    // A closed account has no login (its username is a tombstone already; this says it twice).
    .where('accounts.closed_at', 'is', null)
    .execute();
  const row = rows.find((r) => r.username === name) ?? rows[0];
  if (!row) return undefined;
  const { full_name: fullName, ...account } = row;
  return { account, fullName, viaLegacyName: row.username !== name };
}

/**
 * A generated username nobody has, neither as a current nor as an old name, nor drawn by a
 * registration still under way. (Two draws can still meet: account creation settles that.)
 */
export async function freeUsername(db: Kysely<Database>): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const candidate = generateUsername();
    const taken = await db
      .selectFrom('accounts')
      .select('id')
      .where((eb) => eb.or([eb('username', '=', candidate), eb('legacy_username', '=', candidate)]))
      .union(
        db
          .selectFrom('flows')
          .select('id')
          .where('kind', '=', 'registration')
          .where('state', '=', 'password')
          .where('username', '=', candidate),
      )
      .executeTakeFirst();
    if (!taken) return candidate;
  }
  throw new Error('no free username after 20 tries');
}

/** After a right password: a hash in an older form (imported bcrypt, PBKDF2) becomes argon2id. */
export async function upgradeHashIfDue(
  db: Kysely<Database>,
  accountId: string,
  stored: string,
  password: string,
): Promise<void> {
  if (!needsRehash(stored)) return;
  await db
    .updateTable('accounts')
    .set({ password_hash: await hashPassword(password) })
    .where('id', '=', accountId)
    .execute();
}
