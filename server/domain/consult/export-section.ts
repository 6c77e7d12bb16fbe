import type { ExportSection } from '../privacy/export/sections';
import { allPages } from '../privacy/export/sections';
import type { Consultations } from './consultations';

const PAGE = 100;

/** The person's consultations with every message and photo (medical records: the person's own only). */
export function consultationsExportSection(consultations: Consultations): ExportSection {
  return {
    key: 'consultations',
    title: { id: 'Konsultasi, pesan dan foto', en: 'Consultations, messages and photos' },
    async collect(p, sink) {
      const list = await allPages(async (cursor) => {
        const page = await consultations.list(p, { limit: 100, cursor });
        return { items: page.consultations, nextCursor: page.nextCursor };
      });
      const out = [];
      for (const c of list) {
        const messages = [];
        for (let after = 0; ;) {
          const page = await consultations.messages(p, c.consultationId, after, PAGE);
          messages.push(...page);
          if (page.length < PAGE) break;
          after = page.at(-1)!.seq;
        }
        out.push({ ...c, messages });
        for (const m of messages) {
          if (!m.file) continue;
          const ext = m.file.contentType === 'image/png' ? 'png' : 'jpg';
          sink.file(
            `consultations/${c.number}/${m.seq}-${m.file.fileId}.${ext}`,
            async () => (await consultations.readImage(p, c.consultationId, m.file!.fileId)).body,
          );
        }
      }
      sink.json('consultations', out);
      return out.length;
    },
  };
}
