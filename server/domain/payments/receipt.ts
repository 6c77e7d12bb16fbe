import { rupiah } from '../../../contract/money';
import { heading, renderPdf, row, tanggal } from '../documents/render-pdf';
import { terbilang } from './terbilang';

const METHOD_NAMES: Record<string, string> = {
  va_bca: 'Virtual Account BCA',
  va_mandiri: 'Virtual Account Mandiri',
  va_bni: 'Virtual Account BNI',
  va_bri: 'Virtual Account BRI',
  va_permata: 'Virtual Account Permata',
  qris: 'QRIS',
  gopay: 'GoPay',
  shopeepay: 'ShopeePay',
  card: 'Kartu kredit/debit',
};

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

/** The kwitansi of a paid bill (payments.md): a generated PDF, in Indonesian. */
export function renderReceipt(r: ReceiptFacts): Promise<Buffer> {
  const paid = `${new Intl.DateTimeFormat('id-ID', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Asia/Jakarta',
  }).format(r.paidAt)} WIB`;
  const words = terbilang(r.amount);
  return renderPdf(
    `Kwitansi ${r.number}`,
    (doc) => {
      heading(doc, 'KWITANSI');
      row(doc, 'Nomor', r.number);
      doc.moveDown(0.5);
      row(doc, 'Telah terima dari', r.payer);
      row(doc, 'Uang sejumlah', `${words.charAt(0).toUpperCase()}${words.slice(1)}`);
      row(
        doc,
        'Untuk pembayaran',
        `${r.label === 'kontribusi' ? 'Kontribusi' : 'Premi'} polis ${r.policyNumber} periode ${tanggal(r.period.from)} s.d. ${tanggal(r.period.to)}`,
      );
      row(doc, 'Metode pembayaran', METHOD_NAMES[r.method] ?? r.method);
      row(doc, 'Dibayar pada', paid);
      doc.moveDown();
      doc.fontSize(16).text(`Jumlah: ${rupiah(r.amount, 'id')}`);
      doc.moveDown();
      doc.fontSize(9).text('Kwitansi ini dibuat secara elektronik dan sah tanpa tanda tangan.');
    },
    undefined,
    { standardFonts: true },
  );
}
