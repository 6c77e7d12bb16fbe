import type { Kysely } from 'kysely';
import type { Language } from '../../../contract/api/common';
import type { Database } from '../../store/schema';

/** The language an account reads the service in (Indonesian unless it chose English). */
export async function accountLanguage(db: Kysely<Database>, accountId: string): Promise<Language> {
  const row = await db.selectFrom('accounts').select('language').where('id', '=', accountId).executeTakeFirst();
  return row?.language === 'en' ? 'en' : 'id';
}
