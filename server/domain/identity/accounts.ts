import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, Database } from '../../store/schema';
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
): Promise<{ account: Account; viaLegacyName: boolean } | undefined> {
  const name = canonicalUsername(typed);
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('username', '=', name),
        eb.and([eb('legacy_username', '=', name), eb('legacy_username_until', '>', now)]),
      ]),
    )
    .execute();
  const current = rows.find((r) => r.username === name);
  if (current) return { account: current, viaLegacyName: false };
  const legacy = rows[0];
  return legacy ? { account: legacy, viaLegacyName: true } : undefined;
}

/** A generated username nobody has, neither as a current nor as an old name. */
export async function freeUsername(db: Kysely<Database>): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const candidate = generateUsername();
    const taken = await db
      .selectFrom('accounts')
      .select('id')
      .where((eb) => eb.or([eb('username', '=', candidate), eb('legacy_username', '=', candidate)]))
      .executeTakeFirst();
    if (!taken) return candidate;
  }
  throw new Error('no free username after 20 tries');
}
