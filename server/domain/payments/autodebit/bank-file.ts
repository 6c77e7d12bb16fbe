import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../store/schema';
import type { Clock } from '../../clock';
import { newId } from '../../identity/secrets';
import { BILL_FACTS, newPaymentRow, Undone, type BillFacts, type Booking } from '../booking';
import type { Autodebits, AttemptRow } from './autodebits';

/** The exchange layout with the bank (payments.md): a CSV with a header, one instruction a line. */
export const INSTRUCTION_COLUMNS = [
  'instruction_id',
  'policy_number',
  'bill_id',
  'account_number',
  'account_holder',
  'amount',
  'debit_date',
] as const;
export const RESULT_COLUMNS = [...INSTRUCTION_COLUMNS, 'status', 'reason'] as const;

export type Instruction = Record<(typeof INSTRUCTION_COLUMNS)[number], string>;

/** One line of the bank's result file, as read. */
export const ResultLineSchema = z.object({
  instruction_id: z.string().min(1).max(64),
  policy_number: z.string().max(64),
  bill_id: z.string().max(64),
  account_number: z.string().max(32),
  account_holder: z.string().max(200),
  amount: z.string().regex(/^\d{1,15}$/u, 'whole rupiah'),
  debit_date: z.iso.date(),
  status: z.enum(['debited', 'failed']),
  reason: z.string().max(300).optional().default(''),
});
export type ResultLine = z.infer<typeof ResultLineSchema>;

export interface ImportReport {
  /** Nothing was booked: the file contradicts the instructions (each problem by its line). */
  refused: boolean;
  problems: string[];
  debited: number;
  failed: number;
  /** Lines of instructions already imported (a file imported twice): nothing booked again. */
  alreadyImported: number;
  /** Debited bills someone had paid meanwhile: the money is to be returned (kept for reconciliation). */
  refunds: Array<{ line: number; instructionId: string }>;
  /** Lines that match no instruction of ours: reported, not booked. */
  unmatched: Array<{ line: number; instructionId: string }>;
}

/** A CSV field as the bank reads it: quoted when it holds a comma, a quote or a line break. */
function csvField(v: string): string {
  return /[",\r\n]/u.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function instructionsCsv(rows: Instruction[]): string {
  return [INSTRUCTION_COLUMNS.join(','), ...rows.map((r) => INSTRUCTION_COLUMNS.map((c) => csvField(r[c])).join(','))]
    .join('\r\n')
    .concat('\r\n');
}

/** SQLite takes at most 32,766 values a statement: rows are written in slices. */
const SLICE = 500;

/**
 * The BCA account autodebit's file exchange (payments.md): the day's debit instructions out,
 * the bank's results in. Each instruction is an attempt (one per bill and debit day, made once
 * however often the day is exported); a result books its bill through the same booking as a
 * gateway's payment, all lines in one transaction.
 */
export class BankFile {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly autodebits: Autodebits,
    private readonly booking: Booking,
    /** A bill's open payments cancelled at the gateway (booked, if one was paid after all); true if paid. */
    private readonly cancelOpen: (billId: string) => Promise<boolean>,
  ) {}

  /** The instructions of date D: every bill a BCA autodebit collects that day (made on the first export). */
  async export(date: string): Promise<Instruction[]> {
    const now = this.clock.now();
    const due = await this.autodebits.due(date, 'auto_debit_bca');
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < due.length; i += SLICE) {
        const slice: AttemptRow[] = due.slice(i, i + SLICE).map((b) => ({
          id: newId(),
          policy_number: b.policyNumber,
          bill_id: b.billId,
          debit_date: date,
          method: 'auto_debit_bca',
          amount: b.amount,
          status: 'exported',
          payment_id: null,
          reason: null,
          created_at: now,
          settled_at: null,
        }));
        await trx
          .insertInto('autodebit_attempts')
          .values(slice)
          .onConflict((oc) => oc.columns(['bill_id', 'debit_date']).doNothing())
          .execute();
      }
    });
    const rows = await this.db
      .selectFrom('autodebit_attempts')
      .innerJoin('autodebits', 'autodebits.policy_number', 'autodebit_attempts.policy_number')
      .innerJoin('policies', 'policies.policy_number', 'autodebit_attempts.policy_number')
      .select([
        'autodebit_attempts.id',
        'autodebit_attempts.bill_id',
        'autodebit_attempts.amount',
        'autodebit_attempts.debit_date',
        'policies.printed_number',
        'autodebits.bank_account_number',
        'autodebits.bank_account_holder',
      ])
      .where('autodebit_attempts.debit_date', '=', date)
      .where('autodebit_attempts.method', '=', 'auto_debit_bca')
      .orderBy('policies.printed_number')
      .orderBy('autodebit_attempts.bill_id')
      .execute();
    return rows.map((r) => ({
      instruction_id: r.id,
      policy_number: r.printed_number,
      bill_id: r.bill_id,
      account_number: r.bank_account_number ?? '',
      account_holder: r.bank_account_holder ?? '',
      amount: String(r.amount),
      debit_date: r.debit_date,
    }));
  }

  /**
   * The bank's results: every line checked against its instruction first — one that contradicts
   * it refuses the file, one naming no instruction of ours is reported — then all booked in one
   * transaction. An instruction already settled books nothing again.
   */
  async import(lines: Array<{ line: number; row: ResultLine }>): Promise<ImportReport> {
    const report: ImportReport = {
      refused: false,
      problems: [],
      debited: 0,
      failed: 0,
      alreadyImported: 0,
      refunds: [],
      unmatched: [],
    };
    const attempts = new Map<string, AttemptRow & { printed_number: string; bank_account_number: string | null }>();
    const ids = [...new Set(lines.map((l) => l.row.instruction_id))];
    for (let i = 0; i < ids.length; i += SLICE) {
      const found = await this.db
        .selectFrom('autodebit_attempts')
        .innerJoin('policies', 'policies.policy_number', 'autodebit_attempts.policy_number')
        .innerJoin('autodebits', 'autodebits.policy_number', 'autodebit_attempts.policy_number')
        .selectAll('autodebit_attempts')
        .select(['policies.printed_number', 'autodebits.bank_account_number'])
        .where('autodebit_attempts.id', 'in', ids.slice(i, i + SLICE))
        .where('autodebit_attempts.method', '=', 'auto_debit_bca')
        .execute();
      for (const a of found) attempts.set(a.id, a);
    }
    const seen = new Set<string>();
    const matched: Array<{ line: number; row: ResultLine; attempt: AttemptRow }> = [];
    for (const { line, row } of lines) {
      const a = attempts.get(row.instruction_id);
      if (!a) {
        report.unmatched.push({ line, instructionId: row.instruction_id });
        continue;
      }
      if (seen.has(a.id)) report.problems.push(`line ${line}: instruction ${a.id} appears twice`);
      seen.add(a.id);
      const differs = [
        ['policy_number', a.printed_number],
        ['bill_id', a.bill_id],
        ['amount', String(a.amount)],
        ['debit_date', a.debit_date],
        ['account_number', a.bank_account_number ?? ''],
      ].filter(([k, v]) => row[k as keyof ResultLine] !== v);
      for (const [k, v] of differs) report.problems.push(`line ${line}: ${k} is not the instruction's (${String(v)})`);
      matched.push({ line, row, attempt: a });
    }
    if (report.problems.length > 0) return { ...report, refused: true };

    // A payment the person began for a debited bill is given up first (the bank has the money),
    // outside the transaction: it asks the gateway.
    const debitedBills = matched.filter((m) => m.row.status === 'debited').map((m) => m.attempt.bill_id);
    for (let i = 0; i < debitedBills.length; i += SLICE) {
      const open = await this.db
        .selectFrom('payments')
        .select('bill_id')
        .distinct()
        .where('bill_id', 'in', debitedBills.slice(i, i + SLICE))
        .where('status', 'in', ['creating', 'pending'])
        .execute();
      for (const o of open) await this.cancelOpen(o.bill_id);
    }
    const now = this.clock.now();
    const tally = await this.db.transaction().execute(async (trx) => {
      const t = { debited: 0, failed: 0, alreadyImported: 0, refunds: [] as ImportReport['refunds'] };
      for (const m of matched) {
        const outcome = await this.settleLine(trx, m.attempt, m.row, now);
        if (outcome === 'already') t.alreadyImported += 1;
        else if (outcome === 'refund') t.refunds.push({ line: m.line, instructionId: m.attempt.id });
        else t[outcome] += 1;
      }
      return t;
    });
    for (let i = 0; i < tally.debited; i++) this.booking.countBooked();
    for (const r of tally.refunds)
      await this.booking.note(
        { order_id: r.instructionId, transaction_status: 'settlement', gross_amount: 'bca' },
        'bill_already_paid',
      );
    return { ...report, ...tally };
  }

  private async settleLine(
    trx: Kysely<Database>,
    attempt: AttemptRow,
    row: ResultLine,
    now: number,
  ): Promise<'debited' | 'failed' | 'already' | 'refund'> {
    const current = await trx
      .selectFrom('autodebit_attempts')
      .select('status')
      .where('id', '=', attempt.id)
      .executeTakeFirstOrThrow();
    if (current.status !== 'exported') return 'already';
    if (row.status === 'failed') {
      await this.autodebits.settle(trx, attempt, 'failed', row.reason || 'failed at the bank', now);
      return 'failed';
    }
    const bill = await trx
      .selectFrom('bills')
      .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
      .innerJoin('autodebits', 'autodebits.policy_number', 'bills.policy_number')
      .select([...BILL_FACTS, 'autodebits.account_id'])
      .where('bills.id', '=', attempt.bill_id)
      .executeTakeFirstOrThrow();
    const payment = newPaymentRow({
      id: newId(),
      billId: attempt.bill_id,
      accountId: bill.account_id,
      key: `autodebit:${attempt.bill_id}:${attempt.debit_date}`,
      method: 'autodebit_bca',
      amount: attempt.amount,
      expiresAt: now,
      now,
      bankCode: 'bca',
    });
    await trx.insertInto('payments').values(payment).execute();
    try {
      await this.booking.bookWithin(
        trx,
        payment,
        bill satisfies BillFacts,
        {
          orderId: payment.id,
          transactionId: `BCA-${attempt.id}`,
          transactionStatus: 'settlement',
          statusCode: '200',
          grossAmount: `${attempt.amount}.00`,
        },
        now,
      );
    } catch (err) {
      if (!(err instanceof Undone)) throw err;
      // The person paid the bill otherwise meanwhile: the debit is to be returned, not booked.
      await trx.deleteFrom('payments').where('id', '=', payment.id).execute();
      await trx
        .updateTable('autodebit_attempts')
        .set({ status: 'debited', reason: 'bill_already_paid', settled_at: now })
        .where('id', '=', attempt.id)
        .execute();
      return 'refund';
    }
    await trx.updateTable('autodebit_attempts').set({ payment_id: payment.id }).where('id', '=', attempt.id).execute();
    await this.autodebits.settle(trx, attempt, 'debited', null, now);
    return 'debited';
  }
}
