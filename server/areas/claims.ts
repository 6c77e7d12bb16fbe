import { claimsExportSection } from '../domain/claims/export-section';
import { ClaimsBackOffice, guaranteeLetterJob } from '../domain/claims/back-office';
import { BenefitLimits } from '../domain/claims/benefits';
import { Claims } from '../domain/claims/claims';
import { ClaimRecords } from '../domain/claims/records';
import { adminClaimRoutes } from '../http/routes/admin-claims';
import { claimRoutes } from '../http/routes/claims';
import type { Foundation } from './foundation';

/** Klaim (claims.md): the person's claims and files, the back office's moves, the guarantee letter. */
export async function claimsArea(f: Foundation): Promise<{ claims: Claims }> {
  const records = new ClaimRecords(f.store.db, f.clock, f.hub, f.inbox, f.workingDays, f.store.kind);
  const claims = new Claims(records, f.policies, f.uploads, f.documentStore, f.config.claimDeadlineDays, f.account);
  const benefits = new BenefitLimits(f.store.db, f.policies, f.clock);
  await f.app.register(claimRoutes(claims, benefits, f.sessions));
  await f.app.register(
    adminClaimRoutes(
      new ClaimsBackOffice(records, claims, f.policies, benefits, f.jobs, f.runner),
      f.adminKeys,
      f.accessLog,
    ),
  );
  f.runner.register(guaranteeLetterJob(records, f.policies, f.documents));
  f.exportSections.push(claimsExportSection(claims));
  return { claims };
}
