import { Consents } from '../domain/privacy/consents';
import { marketingJob } from '../domain/privacy/marketing';
import { privacyRoutes } from '../http/routes/privacy';
import type { Foundation } from './foundation';

/** Data Saya (complaints-privacy.md): the person's consents per purpose, and the marketing messages they govern. */
export async function privacyArea(f: Foundation): Promise<{ consents: Consents }> {
  const consents = new Consents(f.store.db, f.clock);
  await f.app.register(privacyRoutes(consents, f.sessions));
  // Marketing messages go only to those who consented, asked again as each goes.
  f.runner.register(marketingJob(f.store.db, consents, f.inbox, f.clock));
  return { consents };
}
