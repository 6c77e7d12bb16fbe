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
    const scheme = hashScheme(r.passwordHash);
    if (scheme !== 'bcrypt' && scheme !== 'pbkdf2_sha256') {
      results.push({
        oldUsername: r.oldUsername,
        status: 'refused',
        reason: 'hash is neither bcrypt nor pbkdf2_sha256',
      });
      continue;
    }
    const holder = await db
      .selectFrom('policy_parties')
      .select('customer_id')
      .where('policy_number', '=', r.policyNumber)
      .where('role', '=', 'holder')
      .executeTakeFirst();
    if (!holder) {
      results.push({
        oldUsername: r.oldUsername,
        status: 'refused',
        reason: `no individual or sharia policy ${r.policyNumber}`,
      });
      continue;
    }
    const existing = await db
      .selectFrom('accounts')
      .select(['username', 'legacy_username'])
      .where('customer_id', '=', holder.customer_id)
      .executeTakeFirst();
    if (existing) {
      results.push(
        existing.legacy_username === oldName
          ? { oldUsername: r.oldUsername, status: 'already_imported', newUsername: existing.username }
          : { oldUsername: r.oldUsername, status: 'refused', reason: 'the policyholder already has an account' },
      );
      continue;
    }
    const taken = await db
      .selectFrom('accounts')
      .select('id')
      .where((eb) => eb.or([eb('username', '=', oldName), eb('legacy_username', '=', oldName)]))
      .executeTakeFirst();
    if (taken) {
      results.push({
        oldUsername: r.oldUsername,
        status: 'refused',
        reason: 'the old username collides with another account',
      });
      continue;
    }
    const username = await freeUsername(db);
    await db
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
      .execute();
    results.push({ oldUsername: r.oldUsername, status: 'imported', newUsername: username });
  }
  return results;
}
