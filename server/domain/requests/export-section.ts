import type { ExportSection } from '../privacy/export/sections';
import { allPages, zipName } from '../privacy/export/sections';
import type { RequestFiles } from './request-files';
import type { Requests } from './requests';

/** The person's policy requests (Transaksi Polis), as submitted, with where each stands and their documents. */
export function requestsExportSection(requests: Requests, files: RequestFiles): ExportSection {
  return {
    key: 'requests',
    title: { id: 'Transaksi polis', en: 'Policy requests' },
    async collect(p, sink) {
      const list = await allPages(async (cursor) => {
        const page = await requests.list(p, { limit: 100, cursor });
        return { items: page.requests, nextCursor: page.nextCursor };
      });
      sink.json('requests', list);
      for (const r of list)
        for (const f of r.files ?? [])
          sink.file(
            `requests/${r.number}/${f.fileId}-${zipName(f.fileName)}`,
            async () => (await files.read(p, r.requestId, f.fileId)).body,
          );
      return list.length;
    },
  };
}
