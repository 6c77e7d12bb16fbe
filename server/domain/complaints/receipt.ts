import type { Language } from '../../../contract/api/common';
import type { ComplaintCategory } from '../../../contract/api/complaints';
import { longDate, longDateTime } from '../../../contract/dates';
import { heading, renderPdf, row, strong } from '../documents/render-pdf';

const CATEGORY: Record<ComplaintCategory, { id: string; en: string }> = {
  claim: { id: 'Klaim', en: 'Claim' },
  payment: { id: 'Pembayaran', en: 'Payment' },
  policy_change: { id: 'Perubahan polis', en: 'Policy change' },
  service: { id: 'Layanan', en: 'Service' },
  product: { id: 'Produk', en: 'Product' },
  personal_data: { id: 'Data pribadi', en: 'Personal data' },
  other: { id: 'Lainnya', en: 'Other' },
};

export interface ReceiptFacts {
  number: string;
  name: string;
  receivedAt: number;
  category: ComplaintCategory;
  description: string;
  dueDate: string;
  language: Language;
}

/**
 * Tanda terima pengaduan: the person's proof that the complaint was received, when, about what,
 * in the words they filed, and by when it is answered (POJK 18/2018), in their language, with
 * the app's embedded font (render-pdf.ts).
 */
export function renderComplaintReceipt(f: ReceiptFacts): Promise<Buffer> {
  const id = f.language === 'id';
  const title = id ? `Tanda Terima Pengaduan ${f.number}` : `Complaint Receipt ${f.number}`;
  return renderPdf(title, (doc) => {
    heading(doc, id ? 'Tanda Terima Pengaduan' : 'Complaint Receipt');
    row(doc, id ? 'Nomor pengaduan' : 'Complaint number', f.number);
    row(doc, id ? 'Nama' : 'Name', f.name);
    row(doc, id ? 'Diterima' : 'Received', longDateTime(f.receivedAt, f.language));
    row(doc, id ? 'Kategori' : 'Category', CATEGORY[f.category][f.language]);
    row(doc, id ? 'Dijawab paling lambat' : 'Answered by', longDate(f.dueDate, f.language));
    doc.moveDown();
    strong(doc, id ? 'Isi pengaduan' : 'The complaint as filed');
    doc.moveDown(0.3);
    doc.text(f.description);
    doc.moveDown();
    doc.text(
      id
        ? 'Pengaduan tertulis dijawab paling lambat 20 hari kerja sejak diterima, dan dapat diperpanjang satu kali paling lama 20 hari kerja dengan pemberitahuan alasannya. Status pengaduan dapat dilihat setiap saat di menu Pengaduan.'
        : 'A written complaint is answered within 20 working days of its receipt; this may be extended once, by at most 20 working days, with the reason told to you. You can follow its status at any time under Complaints.',
    );
  });
}
