import { AccountClosure } from '../domain/privacy/closure';
import { Consents } from '../domain/privacy/consents';
import { DataExports } from '../domain/privacy/export/data-exports';
import { ownExportSections } from '../domain/privacy/export/own-sections';
import { marketingJob } from '../domain/privacy/marketing';
import { privacyRoutes } from '../http/routes/privacy';
import type { Foundation } from './foundation';

/**
 * Data Saya (complaints-privacy.md): consents per purpose and the marketing messages they govern,
 * the access log, a copy of one's data (every area's section, registered as the areas were
 * built: this area comes last), and closing the account.
 */
export async function privacyArea(f: Foundation): Promise<{ consents: Consents }> {
  const consents = new Consents(f.store.db, f.clock, f.store.kind);
  const closure = new AccountClosure(f.ctx, f.account, consents, f.jobs, f.runner, f.store.kind);
  const sections = [
    ...ownExportSections({
      db: f.store.db,
      policies: f.policies,
      inbox: f.inbox,
      account: f.account,
      consents,
      accessLog: f.accessLog,
    }),
    ...f.exportSections,
  ];
  const exports = new DataExports(f.store.db, f.clock, f.account, f.jobs, f.documentStore, f.inbox, sections);
  await f.app.register(privacyRoutes({ consents, accessLog: f.accessLog, closure, exports }, f.sessions));
  f.runner.register(closure.eraseJob(f.documentStore));
  f.runner.register(exports.buildJob());
  f.runner.register(exports.expireJob());
  // Marketing messages go only to those who consented, asked again as each goes.
  f.runner.register(marketingJob(f.store.db, consents, f.inbox, f.clock));
  return { consents };
}
