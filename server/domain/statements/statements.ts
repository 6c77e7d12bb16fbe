import { sql, type Kysely, type Selectable } from 'kysely';
import type { Statement } from '../../../contract/api/statements';
import { longDate } from '../../../contract/dates';
import type { JobHandler, Jobs } from '../../jobs/jobs';
import type { Database, StatementsTable } from '../../store/schema';
import { addDays, type WorkingDays } from '../calendar/working-days';
import { iso, jakartaDate, jakartaInstant, type Clock } from '../clock';
import type { Documents } from '../documents/documents';
import { brokenRules } from '../errors';
import type { Inbox } from '../events/inbox';
import type { Principal } from '../identity/sessions';
import { newId } from '../identity/secrets';
import { addMonths } from '../payments/bills';
import { fundsOf } from '../requests/funds';
import type { FundedPolicy, FundValues } from './fund-values';
import { rupiahOf } from './movements';
import { renderStatement, type Holding } from './statement-pdf';

export const STATEMENT_JOB = 'statement.build';
export const YEARLY_STATEMENTS_JOB = 'statements.yearly';
/** The yearly statements go in the first five working days of January. */
const YEARLY_WORKING_DAYS = 5;

type StatementRow = Selectable<StatementsTable>;

/**
 * Statements (statements.md): asked for a period of at most twelve months, or made for every
 * unit-linked policy each January; built as a PDF by a job, kept among the policy's documents,
 * announced in Kotak Masuk.
 */
export class Statements {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly values: FundValues,
    private readonly documents: Documents,
    private readonly jobs: Jobs,
    private readonly inbox: Inbox,
    private readonly workingDays: WorkingDays,
  ) {}

  async request(p: Principal, policyNumber: string, period: { from: string; to: string }): Promise<Statement> {
    const policy = await this.values.funded(p.customerId, policyNumber);
    const today = jakartaDate(this.clock.now());
    const rules: string[] = [];
    if (period.from > period.to) rules.push('range_reversed');
    else if (addMonths(period.from, 12) <= period.to) rules.push('period_too_long');
    if (period.to > today) rules.push('period_in_future');
    if (rules.length > 0) throw brokenRules(rules);
    const account = await this.db
      .selectFrom('accounts')
      .select('language')
      .where('id', '=', p.accountId)
      .executeTakeFirstOrThrow();
    const now = this.clock.now();
    const row: StatementRow = {
      id: newId(),
      policy_number: policy.policyNumber,
      account_id: p.accountId,
      kind: 'requested',
      period_from: period.from,
      period_to: period.to,
      language: account.language,
      status: 'preparing',
      document_id: null,
      created_at: now,
      ready_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('statements').values(row).execute();
      await this.jobs.add(trx, now, {
        kind: STATEMENT_JOB,
        key: `statement:${row.id}`,
        payload: { statementId: row.id },
      });
    });
    return present(row);
  }

  /** The yearly statements of `year`, one per unit-linked policy in force then (made once, by a partial unique index). */
  async planYearly(year: number): Promise<number> {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const policies = await this.db
      .selectFrom('policies')
      .innerJoin('policy_parties', (j) =>
        j.onRef('policy_parties.policy_number', '=', 'policies.policy_number').on('policy_parties.role', '=', 'holder'),
      )
      .leftJoin('accounts', (j) =>
        j.onRef('accounts.customer_id', '=', 'policy_parties.customer_id').on('accounts.closed_at', 'is', null),
      )
      .select(['policies.policy_number', 'policies.product_name', 'accounts.id as account_id', 'accounts.language'])
      .where('policies.status', '!=', 'terminated')
      .where('policies.start_date', '<=', to)
      .execute();
    const now = this.clock.now();
    let made = 0;
    for (const p of policies) {
      if (!fundsOf(p.product_name)) continue;
      const id = newId();
      const inserted = await this.db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('statements')
          .values({
            id,
            policy_number: p.policy_number,
            account_id: p.account_id ?? null,
            kind: 'yearly',
            period_from: from,
            period_to: to,
            language: p.language ?? 'id',
            status: 'preparing',
            document_id: null,
            created_at: now,
            ready_at: null,
          })
          .onConflict((oc) =>
            // The partial index's own predicate, as text: SQLite matches a conflict target's WHERE to
            // the index only when it is written the same (a bound parameter is not).
            oc
              .columns(['policy_number', 'period_from'])
              .where(sql<boolean>`kind = 'yearly'`)
              .doNothing(),
          )
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
        await this.jobs.add(trx, now, { kind: STATEMENT_JOB, key: `statement:${id}`, payload: { statementId: id } });
        return true;
      });
      if (inserted) made += 1;
    }
    return made;
  }

  /** Whether `date` is one of January's first five working days (when the yearly statements go). */
  isYearlyDay(date: string): boolean {
    if (date.slice(5, 7) !== '01' || !this.workingDays.isWorkingDay(date)) return false;
    let n = 0;
    for (let d = `${date.slice(0, 4)}-01-01`; d <= date; d = addDays(d, 1))
      if (this.workingDays.isWorkingDay(d)) n += 1;
    return n <= YEARLY_WORKING_DAYS;
  }

  /** The statement's facts on the policy's movements and prices: opening, closing, movements, payments. */
  async facts(row: Pick<StatementRow, 'policy_number' | 'period_from' | 'period_to' | 'language'>) {
    const policy = await this.values.fundedPolicy(row.policy_number);
    const opening = await this.holdingsAt(policy, addDays(row.period_from, -1));
    const closing = await this.holdingsAt(policy, row.period_to);
    const movements = await this.db
      .selectFrom('unit_movements')
      .selectAll()
      .where('policy_number', '=', policy.policyNumber)
      .where('price_date', '>=', row.period_from)
      .where('price_date', '<=', row.period_to)
      .orderBy('price_date')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    // Paid within the period's Jakarta days.
    const paid = await this.db
      .selectFrom('bills')
      .select(['kind', 'amount', 'paid_at'])
      .where('policy_number', '=', policy.policyNumber)
      .where('paid_at', '>=', jakartaInstant(row.period_from, 0))
      .where('paid_at', '<', jakartaInstant(addDays(row.period_to, 1), 0))
      .where('voided_at', 'is', null)
      .orderBy('paid_at')
      .execute();
    const name = (code: string) => policy.funds.find((f) => f.code === code)?.name ?? code;
    return {
      language: row.language,
      policyNumber: policy.printedNumber,
      holder: policy.holder,
      productName: policy.productName,
      from: row.period_from,
      to: row.period_to,
      opening,
      closing,
      movements: movements.map((m) => ({
        date: m.price_date,
        kind: m.kind,
        fund: name(m.fund_code),
        unitsE4: BigInt(m.units_e4),
        priceE4: BigInt(m.price_e4),
        amount: m.amount,
      })),
      paid: paid.map((b) => ({ date: jakartaDate(b.paid_at!), what: b.kind, amount: b.amount })),
      madeOn: jakartaDate(this.clock.now()),
    };
  }

  /** The funds held at the end of `date`, valued at their last price on or before it. */
  private async holdingsAt(policy: FundedPolicy, date: string): Promise<Holding[]> {
    const out: Holding[] = [];
    for (const [code, h] of await this.values.holdingsAt(policy, date)) {
      if (h.units <= 0n) continue;
      out.push({
        fundCode: code,
        name: policy.funds.find((f) => f.code === code)?.name ?? code,
        unitsE4: h.units,
        priceE4: h.price ?? null,
        value: h.price === undefined ? 0 : Number(rupiahOf(h.units, h.price)),
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Builds a statement's PDF once, keeps it among the policy's documents, and tells the person. */
  handler(): JobHandler<{ statementId: string }> {
    return {
      kind: STATEMENT_JOB,
      retry: { maxAttempts: 30 },
      // A PDF is the CPU's: one at a time, requests answered first.
      concurrency: 1,
      run: async ({ statementId }) => {
        const row = await this.db.selectFrom('statements').selectAll().where('id', '=', statementId).executeTakeFirst();
        if (!row || row.status === 'ready') return;
        const facts = await this.facts(row);
        const bytes = await renderStatement(facts);
        const documentId = `stm-${row.id}`;
        // A title people read: the period in words, never ISO.
        const period = `${longDate(facts.from, row.language)} – ${longDate(facts.to, row.language)}`;
        await this.documents.putOnce(
          documentId,
          {
            policyNumber: row.policy_number,
            title: row.language === 'en' ? `Fund Statement ${period}` : `Laporan Perkembangan Dana ${period}`,
            category: 'statement',
            issuedAt: facts.madeOn,
            bytes,
          },
          this.clock.now(),
        );
        const now = this.clock.now();
        await this.db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable('statements')
            .set({ status: 'ready', document_id: documentId, ready_at: now })
            .where('id', '=', row.id)
            .where('status', '=', 'preparing')
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1 || !row.account_id) return;
          await this.inbox.deliver(
            trx,
            {
              accountId: row.account_id,
              category: 'policy',
              template: 'statement_ready',
              params: { policyNumber: facts.policyNumber, date: facts.from, status: row.kind, note: facts.to },
              link: { kind: 'document', id: documentId },
              send: true,
            },
            now,
          );
        });
      },
    };
  }
}

function present(r: StatementRow): Statement {
  return {
    statementId: r.id,
    from: r.period_from,
    to: r.period_to,
    status: r.status,
    ...(r.document_id ? { documentId: r.document_id } : {}),
    createdAt: iso(r.created_at),
  };
}
