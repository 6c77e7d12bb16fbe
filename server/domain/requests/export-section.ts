import type { ExportSection } from '../privacy/export/sections';
import { allPages } from '../privacy/export/sections';
import type { Requests } from './requests';

/** The person's policy requests (Transaksi Polis), as submitted, with where each stands. */
export function requestsExportSection(requests: Requests): ExportSection {
  return {
    key: 'requests',
    title: { id: 'Transaksi polis', en: 'Policy requests' },
    async collect(p, sink) {
      const list = await allPages(async (cursor) => {
        const page = await requests.list(p, { limit: 100, cursor });
        return { items: page.requests, nextCursor: page.nextCursor };
      });
      sink.json('requests', list);
      return list.length;
    },
  };
}
