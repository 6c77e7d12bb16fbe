import type { Language } from '../../../contract/api/common';
import { longDate, units4 } from '../../../contract/dates';
import { decimal4FromE4 } from '../../../contract/api/common';
import { rupiah } from '../../../contract/money';
import type { UnitMovementKind } from '../../../contract/api/statements';
import { heading, renderPdf, row } from '../documents/render-pdf';

export interface Holding {
  fundCode: string;
  name: string;
  unitsE4: bigint;
  priceE4: bigint | null;
  value: number;
}

export interface StatementFacts {
  language: Language;
  policyNumber: string;
  holder: string;
  productName: string;
  from: string;
  to: string;
  opening: Holding[];
  closing: Holding[];
  movements: Array<{
    date: string;
    kind: UnitMovementKind;
    fund: string;
    unitsE4: bigint;
    priceE4: bigint;
    amount: number;
  }>;
  paid: Array<{ date: string; what: 'premium' | 'top_up'; amount: number }>;
  madeOn: string;
}

const WORDS = {
  id: {
    title: 'Laporan Perkembangan Dana dan Transaksi',
    policy: 'Nomor Polis',
    holder: 'Pemegang Polis',
    product: 'Produk',
    period: 'Periode',
    opening: 'Posisi awal',
    closing: 'Posisi akhir',
    fund: 'Dana',
    units: 'Unit',
    price: 'Harga unit',
    value: 'Nilai',
    total: 'Jumlah',
    movements: 'Transaksi unit',
    none: 'Tidak ada transaksi pada periode ini.',
    date: 'Tanggal',
    kind: 'Jenis',
    amount: 'Nilai transaksi',
    paid: 'Premi dan top up yang dibayar',
    noPaid: 'Tidak ada pembayaran pada periode ini.',
    premium: 'Premi',
    top_up: 'Tambah dana (top up)',
    noPrice: 'belum ada harga',
    note: 'Laporan ini dibuat secara elektronik dan sah tanpa tanda tangan. Nilai dana berubah mengikuti harga unit; kinerja masa lalu tidak menjamin kinerja masa depan.',
    kinds: {
      premium_allocation: 'Alokasi premi',
      top_up: 'Tambah dana',
      switch_out: 'Pengalihan keluar',
      switch_in: 'Pengalihan masuk',
      withdrawal: 'Penarikan',
    },
    made: 'Dibuat',
  },
  en: {
    title: 'Fund and Transaction Statement',
    policy: 'Policy number',
    holder: 'Policyholder',
    product: 'Product',
    period: 'Period',
    opening: 'Opening position',
    closing: 'Closing position',
    fund: 'Fund',
    units: 'Units',
    price: 'Unit price',
    value: 'Value',
    total: 'Total',
    movements: 'Unit transactions',
    none: 'No transactions in this period.',
    date: 'Date',
    kind: 'Kind',
    amount: 'Amount',
    paid: 'Premiums and top-ups paid',
    noPaid: 'No payments in this period.',
    premium: 'Premium',
    top_up: 'Top-up',
    noPrice: 'no price yet',
    note: 'This statement is made electronically and is valid without a signature. Fund values move with unit prices; past performance does not promise future performance.',
    kinds: {
      premium_allocation: 'Premium allocation',
      top_up: 'Top-up',
      switch_out: 'Switch out',
      switch_in: 'Switch in',
      withdrawal: 'Withdrawal',
    },
    made: 'Made on',
  },
} as const;

/**
 * The statement (statements.md): opening and closing units and values per fund, every movement
 * with its price, the premiums and top-ups paid — in the person's language, with the app's font.
 */
export function renderStatement(f: StatementFacts): Promise<Buffer> {
  const w = WORDS[f.language];
  const lang = f.language;
  const units = (e4: bigint) => units4(decimal4FromE4(e4 < 0n ? -e4 : e4), lang);
  const position = (doc: PDFKit.PDFDocument, title: string, rows: Holding[]) => {
    doc.fontSize(13).text(title).fontSize(10).moveDown(0.3);
    doc.table({
      columnStyles: ['*', 80, 80, 100],
      data: [
        [w.fund, w.units, w.price, w.value],
        ...rows.map((h) => [
          h.name,
          units(h.unitsE4),
          h.priceE4 === null ? w.noPrice : units(h.priceE4),
          rupiah(h.value, lang),
        ]),
        [
          w.total,
          '',
          '',
          rupiah(
            rows.reduce((s, h) => s + h.value, 0),
            lang,
          ),
        ],
      ],
    });
    doc.moveDown();
  };
  return renderPdf(
    `${w.title} ${f.policyNumber}`,
    (doc) => {
      heading(doc, w.title);
      row(doc, w.policy, f.policyNumber);
      row(doc, w.holder, f.holder);
      row(doc, w.product, f.productName);
      row(doc, w.period, `${longDate(f.from, lang)} – ${longDate(f.to, lang)}`);
      doc.moveDown();
      position(doc, `${w.opening} (${longDate(f.from, lang)})`, f.opening);
      position(doc, `${w.closing} (${longDate(f.to, lang)})`, f.closing);
      doc.fontSize(13).text(w.movements).fontSize(10).moveDown(0.3);
      if (f.movements.length === 0) doc.text(w.none);
      else
        doc.table({
          columnStyles: [80, 95, '*', 65, 65, 85],
          data: [
            [w.date, w.kind, w.fund, w.units, w.price, w.amount],
            ...f.movements.map((m) => [
              longDate(m.date, lang),
              w.kinds[m.kind],
              m.fund,
              `${m.unitsE4 < 0n ? '−' : ''}${units(m.unitsE4)}`,
              units(m.priceE4),
              rupiah(m.amount, lang),
            ]),
          ],
        });
      doc.moveDown();
      doc.fontSize(13).text(w.paid).fontSize(10).moveDown(0.3);
      if (f.paid.length === 0) doc.text(w.noPaid);
      else
        doc.table({
          columnStyles: [120, '*', 120],
          data: [
            [w.date, w.kind, w.amount],
            ...f.paid.map((p) => [longDate(p.date, lang), w[p.what], rupiah(p.amount, lang)]),
          ],
        });
      doc.moveDown();
      doc.fontSize(9).text(`${w.made} ${longDate(f.madeOn, lang)}. ${w.note}`);
    },
    undefined,
    lang === 'id' ? 'id-ID' : 'en-GB',
  );
}
