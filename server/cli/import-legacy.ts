import type { Kysely } from 'kysely';
import { hashScheme } from '../domain/identity/password-hashing';
import { newId } from '../domain/identity/secrets';
import { canonicalUsername } from '../domain/identity/usernames';
import { freeUsername } from '../domain/identity/accounts';
import type { Database } from '../store/schema';
import type { LegacyAccounts } from './demo-data';

export interface ImportResult {
  oldUsername: string;
  status: 'imported' | 'already_imported' | 'refused';
  newUsername?: string;
  reason?: string;
}

/**
 * Brings accounts over from the old system: each keeps its password hash (bcrypt or
 * PBKDF2-SHA256, rehashed to argon2id at the first login) and gets a new generated
 * username; the old one keeps working until `now + graceMs`.
 */
export async function importLegacyAccounts(
  db: Kysely<Database>,
  records: LegacyAccounts,
  now: number,
  graceMs: number,
): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const r of records) {
    const oldName = canonicalUsername(r.oldUsername);
    // The checks and the insert are one transaction, and the insert itself refuses any taken
    // customer or name: two imports at once (or an import racing a registration) cannot both
    // create an account, nor stop half-way through a file on a constraint error.
    results.push(await db.transaction().execute((trx) => importOne(trx, r, oldName, now, graceMs)));
  }
  return results;
}

async function importOne(
  db: Kysely<Database>,
  r: LegacyAccounts[number],
  oldName: string,
  now: number,
  graceMs: number,
): Promise<ImportResult> {
  const refuse = (reason: string): ImportResult => ({ oldUsername: r.oldUsername, status: 'refused', reason });
  const scheme = hashScheme(r.passwordHash);
  if (scheme !== 'bcrypt' && scheme !== 'pbkdf2_sha256') return refuse('hash is neither bcrypt nor pbkdf2_sha256');
  const holder = await db
    .selectFrom('policy_parties')
    .select('customer_id')
    .where('policy_number', '=', r.policyNumber)
    .where('role', '=', 'holder')
    .executeTakeFirst();
  if (!holder) return refuse(`no individual or sharia policy ${r.policyNumber}`);
  // One statement, so the person's account and the name's owner are read from one moment.
  const classify = async (): Promise<ImportResult | undefined> => {
    const rows = await db
      .selectFrom('accounts')
      .select(['customer_id', 'username', 'legacy_username'])
      .where((eb) =>
        eb.or([
          eb('customer_id', '=', holder.customer_id),
          eb('username', '=', oldName),
          eb('legacy_username', '=', oldName),
        ]),
      )
      .execute();
    const existing = rows.find((r) => r.customer_id === holder.customer_id);
    if (existing) {
      return existing.legacy_username === oldName
        ? { oldUsername: r.oldUsername, status: 'already_imported', newUsername: existing.username }
        : refuse('the policyholder already has an account');
    }
    return rows.length > 0 ? refuse('the old username collides with another account') : undefined;
  };
  const refused = await classify();
  if (refused) return refused;
  const username = await freeUsername(db);
  const inserted = await db
    .insertInto('accounts')
    .values({
      id: newId(),
      customer_id: holder.customer_id,
      username,
      password_hash: r.passwordHash,
      language: 'id',
      legacy_username: oldName,
      legacy_username_until: now + graceMs,
      created_at: now,
      password_changed_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { oldUsername: r.oldUsername, status: 'imported', newUsername: username };
  // Someone else got there between the checks and the insert: say what they made.
  return (await classify()) ?? refuse('the generated username was taken; run the import again');
}
