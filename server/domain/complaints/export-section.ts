import type { ExportSection } from '../privacy/export/sections';
import { allPages, zipName } from '../privacy/export/sections';
import type { Complaints } from './complaints';

/** The person's complaints with their timelines, files and receipts. */
export function complaintsExportSection(complaints: Complaints): ExportSection {
  return {
    key: 'complaints',
    title: { id: 'Pengaduan', en: 'Complaints' },
    async collect(p, sink) {
      const list = await allPages(async (cursor) => {
        const page = await complaints.list(p, { limit: 100, cursor });
        return { items: page.complaints, nextCursor: page.nextCursor };
      });
      const full = [];
      for (const c of list) full.push(await complaints.get(p, c.complaintId));
      sink.json('complaints', full);
      for (const c of full) {
        for (const f of c.files)
          sink.file(
            `complaints/${c.complaintNumber}/${f.fileId}-${zipName(f.fileName)}`,
            async () => (await complaints.readFile(p, c.complaintId, f.fileId)).body,
          );
        if (c.receiptDocumentId)
          sink.file(
            `complaints/${c.complaintNumber}/tanda-terima.pdf`,
            async () => (await complaints.receipt(p, c.complaintId)).body,
          );
      }
      return full.length;
    },
  };
}
