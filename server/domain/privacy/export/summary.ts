import type { Language } from '../../../../contract/api/common';
import { longDateTime } from '../../../../contract/dates';
import { heading, renderPdf, row, strong } from '../../documents/render-pdf';

export interface SummaryFacts {
  name: string;
  madeAt: number;
  language: Language;
  sections: Array<{ key: string; title: { id: string; en: string }; count: number }>;
  files: number;
}

/** The file the summary goes by in the ZIP, in the person's language. */
export const summaryName = (lang: Language) => (lang === 'id' ? 'ringkasan-data-saya.pdf' : 'my-data-summary.pdf');

/**
 * The readable part of a copy of one's data (complaints-privacy.md): what the ZIP holds, area by
 * area, how many of each, and where in it, in the person's language with the app's font.
 */
export function renderExportSummary(f: SummaryFacts): Promise<Buffer> {
  const id = f.language === 'id';
  const title = id ? 'Ringkasan Data Saya' : 'Summary of My Data';
  return renderPdf(title, (doc) => {
    heading(doc, title);
    row(doc, id ? 'Nama' : 'Name', f.name);
    row(doc, id ? 'Dibuat' : 'Made', longDateTime(f.madeAt, f.language));
    doc.moveDown();
    doc.text(
      id
        ? 'Berkas ZIP ini berisi salinan data pribadi Anda yang kami simpan untuk Portal Nasabah, sesuai hak Anda menurut UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi. Setiap bagian adalah satu berkas JSON; berkas yang Anda unggah dan dokumen yang kami buat ada di folder bagian itu.'
        : 'This ZIP file holds a copy of the personal data we keep for Portal Nasabah, as is your right under Law No. 27 of 2022 on Personal Data Protection. Each part is one JSON file; the files you uploaded and the documents we made are in that part’s folder.',
    );
    doc.moveDown();
    strong(doc, id ? 'Isi' : 'Contents');
    doc.moveDown(0.3);
    for (const s of f.sections) {
      row(doc, s.title[f.language], `${s.count.toLocaleString(id ? 'id-ID' : 'en-GB')} — ${s.key}.json`);
    }
    row(doc, id ? 'Berkas terlampir' : 'Files attached', f.files.toLocaleString(id ? 'id-ID' : 'en-GB'));
    doc.moveDown();
    doc.text(
      id
        ? 'Salinan ini dapat diunduh selama 7 hari, lalu kami hapus. Simpan di tempat yang aman: isinya termasuk data kesehatan Anda. Data yang keliru dapat Anda minta diperbaiki melalui Transaksi Polis.'
        : 'This copy can be downloaded for 7 days; then we delete it. Keep it somewhere safe: it includes your health data. Data that is wrong can be corrected through Policy requests.',
    );
  });
}
