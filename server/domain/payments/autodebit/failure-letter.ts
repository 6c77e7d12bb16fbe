import type { Kysely } from 'kysely';
import { longDate } from '../../../../contract/dates';
import { rupiah } from '../../../../contract/money';
import type { JobHandler } from '../../../jobs/jobs';
import type { Database } from '../../../store/schema';
import { addDays } from '../../calendar/working-days';
import { jakartaDate, type Clock } from '../../clock';
import type { Documents } from '../../documents/documents';
import { heading, renderPdf, row, tanggal } from '../../documents/render-pdf';
import { LETTER_JOB } from './autodebits';

export interface FailureLetterFacts {
  holder: string;
  policyNumber: string;
  label: 'premi' | 'kontribusi';
  method: 'auto_debit_card' | 'auto_debit_bca';
  source: string;
  amount: number;
  debitDate: string;
  dueDate: string;
  graceEndsOn: string;
  reason: string | null;
  ended: boolean;
  writtenOn: string;
}

/** *Pemberitahuan gagal autodebet*: the letter an insurer sends, in Indonesian, as a generated PDF. */
export function renderFailureLetter(f: FailureLetterFacts): Promise<Buffer> {
  const what = f.label === 'kontribusi' ? 'kontribusi' : 'premi';
  return renderPdf('Pemberitahuan Gagal Autodebet', (doc) => {
    doc
      .fontSize(10)
      .text(`Jakarta, ${tanggal(f.writtenOn)}`, { align: 'right' })
      .moveDown();
    heading(doc, 'PEMBERITAHUAN GAGAL AUTODEBET');
    row(doc, 'Kepada', f.holder);
    row(doc, 'Nomor polis', f.policyNumber);
    doc.moveDown(0.5);
    doc.text(
      `Dengan hormat, penagihan ${what} melalui autodebet ${f.source} pada ${longDate(f.debitDate, 'id')} tidak berhasil.`,
    );
    doc.moveDown(0.5);
    row(doc, `Jumlah ${what}`, rupiah(f.amount, 'id'));
    row(doc, 'Jatuh tempo', tanggal(f.dueDate));
    if (f.reason) row(doc, 'Keterangan dari bank', f.reason);
    doc.moveDown(0.5);
    doc.text(
      f.ended
        ? `Karena tiga penagihan berturut-turut tidak berhasil, autodebet polis ini kami hentikan. Mohon bayar ${what} melalui menu Pembayaran di Portal Nasabah sebelum ${tanggal(f.graceEndsOn)} agar polis tetap aktif.`
        : `Mohon bayar ${what} melalui menu Pembayaran di Portal Nasabah (Bayar sekarang), atau pastikan ${f.method === 'auto_debit_bca' ? 'saldo rekening' : 'kartu'} Anda dapat didebit: kami akan mencoba lagi pada tanggal debit berikutnya selama masa tenggang, yang berakhir ${tanggal(f.graceEndsOn)}.`,
    );
    doc.moveDown();
    doc.fontSize(9).text('Surat ini dibuat secara elektronik dan sah tanpa tanda tangan.');
  });
}

/**
 * The letter of a failed collection, among the policy's documents (the holder's): rendered
 * once under the attempt's own document id, so a run again after a crash finds it made.
 */
export function failureLetterJob(
  db: Kysely<Database>,
  documents: Documents,
  clock: Clock,
  graceDays: number,
): JobHandler<{ attemptId: string }> {
  return {
    kind: LETTER_JOB,
    retry: { maxAttempts: 30 },
    concurrency: 1,
    async run({ attemptId }) {
      const a = await db
        .selectFrom('autodebit_attempts')
        .innerJoin('bills', 'bills.id', 'autodebit_attempts.bill_id')
        .innerJoin('policies', 'policies.policy_number', 'autodebit_attempts.policy_number')
        .innerJoin('autodebits', 'autodebits.policy_number', 'autodebit_attempts.policy_number')
        .select([
          'autodebit_attempts.id',
          'autodebit_attempts.policy_number',
          'autodebit_attempts.debit_date',
          'autodebit_attempts.amount',
          'autodebit_attempts.reason',
          'autodebit_attempts.method',
          'autodebit_attempts.settled_at',
          'bills.due_date',
          'policies.printed_number',
          'policies.policyholder_name',
          'policies.policy_type',
          'autodebits.card_brand',
          'autodebits.card_last4',
          'autodebits.ended_reason',
          'autodebits.status',
        ])
        .where('autodebit_attempts.id', '=', attemptId)
        .executeTakeFirst();
      if (!a || a.settled_at === null) return;
      const bytes = await renderFailureLetter({
        holder: a.policyholder_name,
        policyNumber: a.printed_number,
        label: a.policy_type === 'sharia' ? 'kontribusi' : 'premi',
        method: a.method,
        source:
          a.method === 'auto_debit_bca'
            ? 'rekening BCA'
            : a.card_brand
              ? `kartu ${a.card_brand} berakhiran ${a.card_last4}`
              : 'kartu kredit',
        amount: a.amount,
        debitDate: a.debit_date,
        dueDate: a.due_date,
        graceEndsOn: addDays(a.due_date, graceDays),
        reason: a.reason,
        ended: a.status === 'ended' && a.ended_reason === 'failures',
        writtenOn: jakartaDate(a.settled_at),
      });
      await documents.putOnce(
        `adl-${a.id}`,
        {
          policyNumber: a.policy_number,
          title: `Pemberitahuan Gagal Autodebet ${longDate(a.debit_date, 'id')}`,
          category: 'other',
          issuedAt: jakartaDate(a.settled_at),
          bytes,
        },
        clock.now(),
      );
    },
  };
}
