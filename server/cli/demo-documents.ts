import { rupiah } from '../../contract/money';
import { jakartaDate } from '../domain/clock';
import type { Kysely } from 'kysely';
import type { Documents } from '../domain/documents/documents';
import { heading, renderPdf, row, tanggal } from '../domain/documents/render-pdf';
import type { Database } from '../store/schema';

/** The demo policyholders read Indonesian: every word of their documents is Indonesian. */
const FREQUENCY: Record<string, string> = {
  monthly: 'bulanan',
  quarterly: 'triwulanan',
  semiannual: 'semesteran',
  annual: 'tahunan',
  single: 'sekaligus',
};

const PASAL = [
  'Ketentuan Umum',
  'Definisi',
  'Masa Berlaku Polis',
  '{premi} dan Masa Leluasa',
  'Pemulihan Polis',
  'Manfaat Asuransi',
  'Pengecualian',
  'Pengajuan Klaim',
  'Perubahan Polis',
  'Pembatalan Polis',
  'Penyelesaian Perselisihan',
  'Ketentuan Penutup',
];

/** "Ketentuan Umum Polis": a long document with an outline, one chapter per article. */
function drawConditions(doc: PDFKit.PDFDocument, product: string, pages: number, premi: 'Premi' | 'Kontribusi') {
  const perChapter = Math.max(1, Math.floor(pages / PASAL.length));
  for (let page = 1; page <= pages; page++) {
    if (page > 1) doc.addPage();
    const chapter = Math.min(PASAL.length - 1, Math.floor((page - 1) / perChapter));
    if ((page - 1) % perChapter === 0 && chapter === Math.floor((page - 1) / perChapter)) {
      const title = `Pasal ${chapter + 1}. ${PASAL[chapter]!.replace('{premi}', premi)}`;
      doc.outline.addItem(title);
      heading(doc, title);
    }
    doc
      .fontSize(9)
      .fillColor('#555')
      .text(`${product} — Ketentuan Umum Polis — halaman ${page} dari ${pages}`)
      .fillColor('#000')
      .moveDown();
    doc
      .fontSize(11)
      .text(
        `Ayat ${page}. Penanggung akan membayarkan Manfaat Asuransi sesuai Ikhtisar Polis apabila Tertanggung mengalami risiko yang dipertanggungkan selama Polis aktif dan ${premi} telah dibayar. ` +
          'Pemegang Polis wajib memberikan keterangan yang benar dan lengkap. Keterangan yang tidak benar dapat mengakibatkan klaim ditolak atau Polis dibatalkan. ' +
          `Masa leluasa pembayaran ${premi} adalah 45 (empat puluh lima) hari kalender sejak tanggal jatuh tempo. Selama masa leluasa, Polis tetap berlaku. `,
        { align: 'justify' },
      );
  }
}

/**
 * The demo documents of every demo policy, in Indonesian: the policy schedule
 * (Ikhtisar Polis), the general conditions (320 pages with an outline for one product),
 * a premium statement, and a member card for each group member. Budi Santoso's first
 * schedule is protected with his birth date, DDMMYYYY.
 */
export async function seedDemoDocuments(db: Kysely<Database>, documents: Documents, now: number): Promise<number> {
  const any = await db.selectFrom('documents').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const parties = await db
    .selectFrom('policy_parties')
    .innerJoin('policies', 'policies.policy_number', 'policy_parties.policy_number')
    .innerJoin('customers', 'customers.id', 'policy_parties.customer_id')
    .select([
      'policies.policy_number',
      'policies.printed_number',
      'policies.policy_type',
      'policies.product_name',
      'policies.start_date',
      'policies.sum_assured',
      'policies.premium_amount',
      'policies.premium_frequency',
      'policies.policyholder_name',
      'policy_parties.role',
      'policy_parties.member_number',
      'customers.id as customer_id',
      'customers.full_name',
      'customers.date_of_birth',
    ])
    .where('policy_parties.role', 'in', ['holder', 'member'])
    .orderBy('policies.policy_number')
    .execute();

  let added = 0;
  const issued = jakartaDate(now);
  const done = new Set<string>();
  for (const p of parties) {
    const sharia = p.policy_type === 'sharia';
    const premi = sharia ? ('Kontribusi' as const) : ('Premi' as const);
    if (p.role === 'member') {
      const card = await renderPdf('Kartu Peserta', (doc) => {
        heading(doc, 'Kartu Peserta Asuransi Kumpulan');
        row(doc, 'Nama Peserta', p.full_name);
        row(doc, 'Nomor Peserta', p.member_number ?? '-');
        row(doc, 'Nomor Polis', p.printed_number);
        row(doc, 'Pemegang Polis', p.policyholder_name);
        row(doc, 'Produk', p.product_name);
        row(doc, 'Uang Pertanggungan', rupiah(p.sum_assured, 'id'));
        doc.moveDown().text('Tunjukkan kartu ini di rumah sakit rekanan saat berobat.');
      });
      await documents.add(
        {
          policyNumber: p.policy_number,
          customerId: p.customer_id,
          title: 'Kartu Peserta',
          category: 'member_card',
          issuedAt: issued,
          bytes: card,
        },
        now,
      );
      added++;
    }
    if (done.has(p.policy_number)) continue;
    done.add(p.policy_number);

    const [d, m, y] = [p.date_of_birth.slice(8, 10), p.date_of_birth.slice(5, 7), p.date_of_birth.slice(0, 4)];
    const protect = p.policy_number === 'IND2019000123' ? `${d}${m}${y}` : undefined;
    const schedule = await renderPdf(
      'Ikhtisar Polis',
      (doc) => {
        heading(doc, sharia ? 'Ikhtisar Polis Asuransi Jiwa Syariah' : 'Ikhtisar Polis');
        row(doc, 'Nomor Polis', p.printed_number);
        row(doc, 'Produk', p.product_name);
        row(doc, 'Pemegang Polis', p.policyholder_name);
        row(doc, 'Mulai Berlaku', tanggal(p.start_date));
        row(doc, 'Uang Pertanggungan', rupiah(p.sum_assured, 'id'));
        row(doc, premi, `${rupiah(p.premium_amount, 'id')} (${FREQUENCY[p.premium_frequency]})`);
        if (sharia)
          doc.moveDown().text("Sebagian Kontribusi dialokasikan ke Dana Tabarru' untuk saling menolong antarpeserta.");
        doc.addPage();
        heading(doc, 'Catatan');
        doc.text('Ikhtisar Polis ini merupakan bagian yang tidak terpisahkan dari Polis.');
      },
      protect,
    );
    await documents.add(
      {
        policyNumber: p.policy_number,
        title: 'Ikhtisar Polis',
        category: 'schedule',
        issuedAt: p.start_date,
        bytes: schedule,
      },
      now,
    );
    const statement = await renderPdf(`Rincian ${premi}`, (doc) => {
      heading(doc, `Rincian Pembayaran ${premi}`);
      row(doc, 'Nomor Polis', p.printed_number);
      for (let i = 1; i <= 6; i++) doc.text(`${i}. ${premi} ${rupiah(p.premium_amount, 'id')} — diterima`);
    });
    await documents.add(
      {
        policyNumber: p.policy_number,
        title: `Rincian ${premi}`,
        category: 'statement',
        issuedAt: issued,
        bytes: statement,
      },
      now,
    );
    const long = p.policy_number === 'IND2019000123';
    const conditions = await renderPdf('Ketentuan Umum Polis', (doc) =>
      drawConditions(doc, p.product_name, long ? 320 : 12, premi),
    );
    await documents.add(
      {
        policyNumber: p.policy_number,
        title: 'Ketentuan Umum Polis',
        category: 'conditions',
        issuedAt: p.start_date,
        bytes: conditions,
      },
      now,
    );
    added += 3;
  }
  return added;
}
