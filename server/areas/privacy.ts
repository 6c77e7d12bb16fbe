import { Consents } from '../domain/privacy/consents';
import { privacyRoutes } from '../http/routes/privacy';
import type { Foundation } from './foundation';

/** Data Saya (complaints-privacy.md): the person's consents per purpose. */
export async function privacyArea(f: Foundation): Promise<{ consents: Consents }> {
  const consents = new Consents(f.store.db, f.clock);
  const languageOf = async (accountId: string) => {
    const row = await f.store.db
      .selectFrom('accounts')
      .select('language')
      .where('id', '=', accountId)
      .executeTakeFirst();
    return row?.language === 'en' ? ('en' as const) : ('id' as const);
  };
  await f.app.register(privacyRoutes(consents, f.sessions, languageOf));
  return { consents };
}
