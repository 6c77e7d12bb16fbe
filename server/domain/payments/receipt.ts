import { longDateTime } from '../../../contract/dates';
import { rupiah } from '../../../contract/money';
import { PAYMENT_METHOD_NAMES_ID, type PaymentMethod } from '../../../contract/api/payments';
import { heading, renderPdf, row, tanggal } from '../documents/render-pdf';
import { terbilang } from './terbilang';

export interface ReceiptFacts {
  number: string;
  payer: string;
  policyNumber: string;
  label: 'premi' | 'kontribusi';
  period: { from: string; to: string };
  amount: number;
  method: string;
  paidAt: number;
}

/** The kuitansi of a paid bill (payments.md): a generated PDF, in Indonesian. */
export function renderReceipt(r: ReceiptFacts): Promise<Buffer> {
  const paid = longDateTime(r.paidAt, 'id');
  const words = terbilang(r.amount);
  return renderPdf(`Kuitansi ${r.number}`, (doc) => {
    heading(doc, 'KUITANSI');
    row(doc, 'Nomor', r.number);
    doc.moveDown(0.5);
    row(doc, 'Telah terima dari', r.payer);
    row(doc, 'Uang sejumlah', `${words.charAt(0).toUpperCase()}${words.slice(1)}`);
    row(
      doc,
      'Untuk pembayaran',
      `${r.label === 'kontribusi' ? 'Kontribusi' : 'Premi'} polis ${r.policyNumber} periode ${tanggal(r.period.from)} s.d. ${tanggal(r.period.to)}`,
    );
    row(doc, 'Metode pembayaran', PAYMENT_METHOD_NAMES_ID[r.method as PaymentMethod] ?? r.method);
    row(doc, 'Dibayar pada', paid);
    doc.moveDown();
    doc.fontSize(16).text(`Jumlah: ${rupiah(r.amount, 'id')}`);
    doc.moveDown();
    doc.fontSize(9).text('Kuitansi ini dibuat secara elektronik dan sah tanpa tanda tangan.');
  });
}
