import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';

/** A draft submitted while it was being deleted: the caller's transaction must roll back. */
export class DraftGone extends Error {
  constructor(readonly claimId: string) {
    super(`claim ${claimId} is no longer a draft`);
  }
}

/**
 * Deletes a draft claim's rows (its files, its timeline, the claim) inside the caller's
 * transaction and answers its files' storage keys, for the caller to delete once committed.
 * Throws `DraftGone` (rolling the transaction back) when it is a draft no longer.
 */
export async function deleteDraftRows(trx: Kysely<Database>, claimId: string): Promise<string[]> {
  const files = await trx.selectFrom('claim_files').select('storage_key').where('claim_id', '=', claimId).execute();
  await trx.deleteFrom('claim_files').where('claim_id', '=', claimId).execute();
  await trx.deleteFrom('claim_timeline').where('claim_id', '=', claimId).execute();
  const gone = await trx
    .deleteFrom('claims')
    .where('id', '=', claimId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) !== 1) throw new DraftGone(claimId);
  return files.map((f) => f.storage_key);
}
