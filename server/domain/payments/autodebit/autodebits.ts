import type { Kysely, Selectable } from 'kysely';
import type { Autodebit } from '../../../../contract/api/autodebit';
import type { NewJob, Jobs } from '../../../jobs/jobs';
import type { AutodebitAttemptsTable, AutodebitsTable, Database } from '../../../store/schema';
import { addDays } from '../../calendar/working-days';
import { iso, jakartaDate, jakartaInstant, type Clock } from '../../clock';
import { ServiceError } from '../../errors';
import type { Inbox } from '../../events/inbox';
import type { Account } from '../../account/account';
import type { Principal } from '../../identity/sessions';
import type { Keyed } from '../../identity/secrets';
import type { Policies } from '../../policies/policies';
import type { Bills } from '../bills';
import type { PaymentRow } from '../booking';
import type { GatewayTransaction } from '../gateway';

export type AutodebitRow = Selectable<AutodebitsTable>;
export type AttemptRow = Selectable<AutodebitAttemptsTable>;

export const COLLECT_JOB = 'autodebit.collect';
export const LETTER_JOB = 'autodebit.letter';
/** Three failed collections in a row end an autodebit (payments.md). */
export const FAILURES_TO_END = 3;
/** A bill is collected from this many days before its due date (while it is `due`: payments.md, Bills). */
export const COLLECT_AHEAD_DAYS = 30;
/** Card collections run at 07:00 WIB on the debit day. */
const COLLECT_HOUR = 7;
const TOKEN_PURPOSE = 'gateway-card-token';

/** A card collection's job: one per bill and debit day. */
export const collectionJobKey = (billId: string, debitDate: string) => `autodebit:${billId}:${debitDate}`;

/** `481111-1114` → Visa, 1114 (the brand by the number's first digits). */
export function cardOf(masked: string): { brand: string; last4: string } | null {
  const digits = masked.replace(/\D/gu, '');
  if (digits.length < 5) return null;
  const last4 = digits.slice(-4);
  const brand = digits.startsWith('4')
    ? 'Visa'
    : /^(5[1-5]|2[2-7])/u.test(digits)
      ? 'Mastercard'
      : /^35/u.test(digits)
        ? 'JCB'
        : /^3[47]/u.test(digits)
          ? 'American Express'
          : 'Kartu';
  return { brand, last4 };
}

/** What a policy's collection on a date may take: unpaid premium bills, due (up to 30 days ahead) or in grace. */
export function collectableOn(debitDate: string, graceDays: number) {
  return { dueFrom: addDays(debitDate, -graceDays), dueTo: addDays(debitDate, COLLECT_AHEAD_DAYS) };
}

/**
 * Autodebit (payments.md, Reminders and autodebit): the policy's state as its holder sees it,
 * ending it, the card saved by the first payment, and each collection's outcome settled once —
 * a success resets the count, a failure makes the notice and the letter, the third in a row
 * ends it.
 */
export class Autodebits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly keyed: Keyed,
    private readonly policies: Policies,
    private readonly bills: Bills,
    private readonly jobs: Jobs,
    private readonly inbox: Inbox,
    private readonly account: Pick<Account, 'requireStepUp'>,
  ) {}

  /** The holder's view; `not_found` for a policy without one, or not held by the caller. */
  async get(customerId: string, policyNumber: string): Promise<Autodebit> {
    return this.withLastAttempt(await this.held(customerId, policyNumber));
  }

  /** The autodebit as its holder sees it, with the last collection since it started. */
  private async withLastAttempt(row: AutodebitRow): Promise<Autodebit> {
    const last = await this.db
      .selectFrom('autodebit_attempts')
      .selectAll()
      .where('policy_number', '=', row.policy_number)
      .where('created_at', '>=', row.started_at)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return present(row, last);
  }

  /** Every autodebit of the policies the person holds, with its policy (a copy of the person's data). */
  async heldBy(customerId: string): Promise<Array<Autodebit & { policyNumber: string }>> {
    const out: Array<Autodebit & { policyNumber: string }> = [];
    for (const s of await this.policies.schedulesHeldBy(customerId)) {
      const row = await this.db
        .selectFrom('autodebits')
        .selectAll()
        .where('policy_number', '=', s.policyNumber)
        .executeTakeFirst();
      if (row) out.push({ policyNumber: s.printedNumber, ...(await this.withLastAttempt(row)) });
    }
    return out;
  }

  /** `DELETE`: ends it from the next bill on (a collection already at the gateway or the bank finishes). */
  async end(p: Principal, policyNumber: string): Promise<Autodebit> {
    await this.account.requireStepUp(p);
    const row = await this.held(p.customerId, policyNumber);
    if (row.status !== 'ended') {
      const now = this.clock.now();
      await this.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('autodebits')
          .set({ status: 'ended', ended_at: now, ended_reason: 'customer' })
          .where('policy_number', '=', row.policy_number)
          .where('status', '!=', 'ended')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 1) await this.tell(trx, row, 'ended_customer', {}, now);
      });
    }
    return this.get(p.customerId, policyNumber);
  }

  private async held(customerId: string, policyNumber: string): Promise<AutodebitRow> {
    // The holder's alone: a group member's premiums are the employer's.
    const [schedule] = await this.policies.schedulesHeldBy(customerId, policyNumber);
    const row =
      schedule &&
      (await this.db
        .selectFrom('autodebits')
        .selectAll()
        .where('policy_number', '=', schedule.policyNumber)
        .executeTakeFirst());
    if (!row) throw new ServiceError('not_found', 'This policy has no autodebit.');
    return row;
  }

  /** The Snap `user_id` of the person whose card a first payment saves: keyed, linking to nobody. */
  async saveCardFor(policyNumber: string, accountId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('autodebits')
      .select('status')
      .where('policy_number', '=', policyNumber)
      .where('method', '=', 'auto_debit_card')
      .executeTakeFirst();
    if (row?.status !== 'pending_first_payment') return undefined;
    return this.keyed.mac('gateway-user', accountId).slice(0, 40);
  }

  /**
   * A booked card payment that saved a card (in the booking's transaction): the policy's
   * autodebit waiting for it starts collecting with it.
   */
  async cardSaved(trx: Kysely<Database>, policyNumber: string, tx: GatewayTransaction, now: number): Promise<void> {
    if (!tx.savedTokenId) return;
    const card = cardOf(tx.maskedCard ?? '');
    const row = await trx
      .selectFrom('autodebits')
      .selectAll()
      .where('policy_number', '=', policyNumber)
      .where('method', '=', 'auto_debit_card')
      .where('status', '=', 'pending_first_payment')
      .executeTakeFirst();
    if (!row || !card) return;
    const r = await trx
      .updateTable('autodebits')
      .set({
        status: 'active',
        card_token_sealed: this.keyed.seal(TOKEN_PURPOSE, tx.savedTokenId),
        card_brand: card.brand,
        card_last4: card.last4,
      })
      .where('policy_number', '=', policyNumber)
      .where('status', '=', 'pending_first_payment')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1)
      await this.tell(trx, row, 'active', { method: `${card.brand} ${card.last4}` }, now);
  }

  /** The saved card's token, for a collection. */
  cardToken(row: AutodebitRow): string | null {
    return row.card_token_sealed ? this.keyed.open(TOKEN_PURPOSE, row.card_token_sealed) : null;
  }

  /** Whether a bill is being collected, so its reminders stay quiet: an autodebit on, and this bill not failed. */
  async collects(policyNumber: string, billId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('autodebits')
      .select('status')
      .where('policy_number', '=', policyNumber)
      .executeTakeFirst();
    if (row?.status !== 'active') return false;
    const failed = await this.db
      .selectFrom('autodebit_attempts')
      .select('id')
      .where('bill_id', '=', billId)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return !failed;
  }

  /**
   * The card collections of today and tomorrow (Jakarta) as jobs, one key per bill and debit
   * day: no planning, retry or second instance charges a bill twice on one day. Answers how
   * many were new.
   */
  async plan(): Promise<number> {
    const now = this.clock.now();
    const today = jakartaDate(now);
    const jobs: NewJob[] = [];
    for (const date of [today, addDays(today, 1)]) {
      for (const b of await this.due(date, 'auto_debit_card'))
        jobs.push({
          kind: COLLECT_JOB,
          key: collectionJobKey(b.billId, date),
          payload: { billId: b.billId, date },
          runAt: Math.max(now, jakartaInstant(date, COLLECT_HOUR)),
        });
    }
    if (jobs.length === 0) return 0;
    return (await this.db.transaction().execute((trx) => this.jobs.addAll(trx, now, jobs))).length;
  }

  /**
   * The bills an autodebit of `method` collects on `date`: every unpaid premium bill, due or in
   * grace then, of a policy collecting (active) whose debit day is that date's day. Their bills
   * are made first, as far ahead as a collection reaches.
   */
  async due(
    date: string,
    method: AutodebitRow['method'],
  ): Promise<Array<{ billId: string; policyNumber: string; amount: number; dueDate: string }>> {
    const day = Number(date.slice(8, 10));
    const policies = await this.db
      .selectFrom('autodebits')
      .select('policy_number')
      .where('status', '=', 'active')
      .where('method', '=', method)
      .where('debit_day', '=', day)
      .execute();
    if (policies.length === 0) return [];
    const { dueFrom, dueTo } = collectableOn(date, this.bills.graceDays);
    for (const p of policies) await this.bills.ensureFor(p.policy_number, dueTo);
    const rows = await this.db
      .selectFrom('bills')
      .innerJoin('autodebits', 'autodebits.policy_number', 'bills.policy_number')
      .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
      .select(['bills.id', 'bills.policy_number', 'bills.amount', 'bills.due_date'])
      .where('autodebits.status', '=', 'active')
      .where('autodebits.method', '=', method)
      .where('autodebits.debit_day', '=', day)
      .where('policies.status', 'in', ['active', 'grace_period'])
      .where('bills.kind', '=', 'premium')
      .where('bills.paid_at', 'is', null)
      .where('bills.voided_at', 'is', null)
      .where('bills.due_date', '>=', dueFrom)
      .where('bills.due_date', '<=', dueTo)
      .orderBy('bills.policy_number')
      .orderBy('bills.due_date')
      .execute();
    return rows.map((r) => ({ billId: r.id, policyNumber: r.policy_number, amount: r.amount, dueDate: r.due_date }));
  }

  /** The card collection's attempt that made this payment, if a collection made it. */
  attemptOf(paymentId: string): Promise<AttemptRow | undefined> {
    return this.db.selectFrom('autodebit_attempts').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
  }

  /**
   * A card collection's outcome from its payment, once the gateway's word on that is in: paid is
   * debited, anything else failed (for `reason`). False while the payment is still `creating`.
   */
  async recordCollection(
    attempt: AttemptRow,
    payment: Pick<PaymentRow, 'status'>,
    reason: string | null,
  ): Promise<boolean> {
    if (payment.status === 'creating') return false;
    const outcome = payment.status === 'paid' ? 'debited' : 'failed';
    const now = this.clock.now();
    await this.db
      .transaction()
      .execute((trx) => this.settle(trx, attempt, outcome, outcome === 'failed' ? (reason ?? 'declined') : null, now));
    return true;
  }

  /**
   * A collection's outcome, once (in the caller's transaction): the attempt moves only from
   * `charging` or `exported`. Debited resets the count of failures; failed adds one, tells the
   * person (with the letter among the policy's documents) and, at the third, ends the autodebit.
   * Answers whether this call settled it.
   */
  async settle(
    trx: Kysely<Database>,
    attempt: Pick<AttemptRow, 'id' | 'policy_number' | 'bill_id' | 'amount' | 'debit_date'>,
    outcome: 'debited' | 'failed',
    reason: string | null,
    now: number,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('autodebit_attempts')
      .set({ status: outcome, reason, settled_at: now })
      .where('id', '=', attempt.id)
      .where('status', 'in', ['charging', 'exported'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    if (outcome === 'debited') {
      await trx
        .updateTable('autodebits')
        .set({ failures: 0 })
        .where('policy_number', '=', attempt.policy_number)
        .execute();
      return true;
    }
    const row = await trx
      .updateTable('autodebits')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('policy_number', '=', attempt.policy_number)
      .returningAll()
      .executeTakeFirst();
    if (!row) return true;
    const ends = row.status !== 'ended' && row.failures >= FAILURES_TO_END;
    await this.tell(
      trx,
      row,
      'failed',
      { amount: attempt.amount, date: attempt.debit_date, ...(reason ? { note: reason } : {}) },
      now,
      { kind: 'bill', id: attempt.bill_id },
      [{ kind: LETTER_JOB, key: `autodebit-letter:${attempt.id}`, payload: { attemptId: attempt.id } }],
    );
    if (ends) {
      await trx
        .updateTable('autodebits')
        .set({ status: 'ended', ended_at: now, ended_reason: 'failures' })
        .where('policy_number', '=', attempt.policy_number)
        .where('status', '!=', 'ended')
        .execute();
      await this.tell(trx, row, 'ended_failures', {}, now);
    }
    return true;
  }

  /** A Kotak Masuk message about the policy's autodebit, sent per the person's choices. */
  private async tell(
    trx: Kysely<Database>,
    row: Pick<AutodebitRow, 'policy_number' | 'account_id' | 'method'>,
    status: 'active' | 'failed' | 'ended_customer' | 'ended_failures',
    extra: { amount?: number; date?: string; note?: string; method?: string },
    now: number,
    link?: { kind: 'bill'; id: string },
    jobs?: NewJob[],
  ): Promise<void> {
    const policy = await trx
      .selectFrom('policies')
      .select(['printed_number', 'policy_type'])
      .where('policy_number', '=', row.policy_number)
      .executeTakeFirstOrThrow();
    await this.inbox.deliver(
      trx,
      {
        accountId: row.account_id,
        category: 'payment',
        template: 'autodebit_status',
        params: {
          status,
          policyNumber: policy.printed_number,
          label: policy.policy_type === 'sharia' ? 'kontribusi' : 'premi',
          method: extra.method ?? row.method,
          ...extra,
        },
        ...(link ? { link } : {}),
        send: true,
        ...(jobs ? { jobs } : {}),
      },
      now,
    );
  }
}

export function present(row: AutodebitRow, last: AttemptRow | undefined): Autodebit {
  const masked = row.bank_account_number ? `******${row.bank_account_number.slice(-4)}` : null;
  return {
    method: row.method,
    debitDay: row.debit_day,
    ...(row.card_brand && row.card_last4 ? { card: { brand: row.card_brand, last4: row.card_last4 } } : {}),
    ...(masked && row.bank_account_holder
      ? { bank: { bankCode: 'bca' as const, accountNumberMasked: masked, accountHolder: row.bank_account_holder } }
      : {}),
    status: row.status,
    ...(last
      ? {
          lastAttempt: {
            date: last.debit_date,
            billId: last.bill_id,
            amount: last.amount,
            status: last.status === 'debited' ? 'debited' : last.status === 'failed' ? 'failed' : 'pending',
            ...(last.reason ? { reason: last.reason } : {}),
          },
        }
      : {}),
    failuresInARow: row.failures,
    startedAt: iso(row.started_at),
    ...(row.ended_at !== null ? { endedAt: iso(row.ended_at) } : {}),
    ...(row.ended_reason ? { endedReason: row.ended_reason } : {}),
  };
}
