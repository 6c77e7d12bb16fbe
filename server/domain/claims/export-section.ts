import type { ExportSection } from '../privacy/export/sections';
import { allPages, zipName } from '../privacy/export/sections';
import type { Claims } from './claims';

/** The person's claims as they see them (drafts too), each with its files. */
export function claimsExportSection(claims: Claims): ExportSection {
  return {
    key: 'claims',
    title: { id: 'Klaim dan berkasnya', en: 'Claims and their files' },
    async collect(p, sink) {
      const list = await allPages(async (cursor) => {
        const page = await claims.list(p, { limit: 100, cursor });
        return { items: page.claims, nextCursor: page.nextCursor };
      });
      const full = [];
      for (const c of list) full.push(await claims.get(p, c.claimId));
      sink.json('claims', full);
      for (const c of full) {
        for (const f of c.files) {
          sink.file(
            `claims/${c.claimNumber || c.claimId}/${f.fileId}-${zipName(f.fileName)}`,
            async () => (await claims.readFile(p, c.claimId, f.fileId)).body,
          );
        }
      }
      return full.length;
    },
  };
}
