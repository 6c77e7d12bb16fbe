import type { Kysely, Selectable } from 'kysely';
import type { Bill, BillStatus, PaymentMethod } from '../../../contract/api/payments';
import { isUniqueViolation } from '../../store/connect';
import type { BillsTable, Database } from '../../store/schema';
import { addDays } from '../calendar/working-days';
import { iso, jakartaDate, type Clock } from '../clock';
import { ServiceError } from '../errors';
import { newId } from '../identity/secrets';
import type { Policies, PremiumSchedule } from '../policies/policies';
import { methodsFor } from './methods';

export type BillRow = Selectable<BillsTable>;

const MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };
/** A bill is `upcoming` until this many days before it is due (payments.md). */
const UPCOMING_DAYS = 30;

/** `YYYY-MM-DD` plus whole months; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month0 = m - 1 + n;
  const year = y + Math.floor(month0 / 12);
  const month = ((month0 % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The schedule's first due date on or after `today`, stepping from `from` by the frequency. */
export function dueOnOrAfter(from: string, frequency: string, today: string): string {
  const months = MONTHS[frequency];
  if (!months) return from;
  let due = from;
  while (due < today) due = addMonths(due, months);
  return due;
}

/**
 * A bill's status on a Jakarta date (payments.md, Bills). A top-up bill is voluntary: it is
 * due until paid, and goes with its request (voided), never overdue or lapsed.
 */
export function billStatus(
  bill: Pick<BillRow, 'due_date' | 'paid_at' | 'kind'>,
  today: string,
  graceDays: number,
): BillStatus {
  if (bill.paid_at !== null) return 'paid';
  if (bill.kind === 'top_up') return 'due';
  if (today < addDays(bill.due_date, -UPCOMING_DAYS)) return 'upcoming';
  if (today <= bill.due_date) return 'due';
  if (today <= addDays(bill.due_date, graceDays)) return 'overdue';
  return 'lapsed';
}

/**
 * Bills from each held policy's premium schedule: made (once, by a unique constraint)
 * from the next due date up to twelve months ahead, their status computed in Jakarta
 * dates; an overdue bill puts the policy in its grace period, a lapsed one lapses it.
 */
export class Bills {
  constructor(
    readonly db: Kysely<Database>,
    private readonly policies: Policies,
    private readonly clock: Clock,
    readonly graceDays: number,
  ) {}

  today(): string {
    return jakartaDate(this.clock.now());
  }

  /**
   * Brings the caller's policies' statuses up to date with their bills (grace, lapse, back to
   * active) before they are shown: a policy never reads "Aktif" while its bill is in grace.
   */
  async followHeldBy(customerId: string, policyNumber?: string): Promise<void> {
    for (const s of await this.policies.schedulesHeldBy(customerId, policyNumber)) {
      await this.ensure(s, addMonths(this.today(), 12));
      await this.moveWithBills(s.policyNumber);
    }
  }

  /** The caller's bills: the next twelve months, and every unpaid one. */
  async list(customerId: string, q: { policyNumber?: string; status?: BillStatus }): Promise<Bill[]> {
    const schedules = await this.policies.schedulesHeldBy(customerId, q.policyNumber);
    const today = this.today();
    const horizon = addMonths(today, 12);
    const bills: Bill[] = [];
    for (const s of schedules) {
      await this.ensure(s, horizon);
      const rows = await this.db
        .selectFrom('bills')
        .selectAll()
        .where('policy_number', '=', s.policyNumber)
        .where('voided_at', 'is', null)
        .where((eb) => eb.or([eb('due_date', '<=', horizon), eb('paid_at', 'is', null)]))
        .orderBy('due_date')
        .execute();
      await this.moveWithBills(s.policyNumber);
      bills.push(...rows.map((r) => this.present(r, s, today)));
    }
    const shown = q.status ? bills.filter((b) => b.status === q.status) : bills;
    return shown.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  }

  /** One bill of the caller's, or `not_found` alike for a stranger's and a missing one. */
  async get(customerId: string, billId: string): Promise<{ bill: Bill; row: BillRow; schedule: PremiumSchedule }> {
    const row = await this.db
      .selectFrom('bills')
      .selectAll()
      .where('id', '=', billId)
      .where('voided_at', 'is', null)
      .executeTakeFirst();
    const schedule = row ? (await this.policies.schedulesHeldBy(customerId, row.policy_number))[0] : undefined;
    if (!row || !schedule) throw new ServiceError('not_found', 'No such bill.');
    const today = this.today();
    await this.follow(row.policy_number);
    return { bill: this.present(row, schedule, today), row, schedule };
  }

  /**
   * Every policy whose holder has an open account has its bills made `days` ahead: a reminder
   * (reminders.ts) is about a bill, and a bill nobody has looked at yet is made here.
   */
  async ensureAhead(days: number): Promise<void> {
    const horizon = addDays(this.today(), days);
    const holders = await this.db
      .selectFrom('policy_parties')
      .innerJoin('accounts', 'accounts.customer_id', 'policy_parties.customer_id')
      .select('policy_parties.customer_id')
      .where('policy_parties.role', '=', 'holder')
      .where('accounts.closed_at', 'is', null)
      .distinct()
      .execute();
    for (const h of holders)
      for (const s of await this.policies.schedulesHeldBy(h.customer_id)) await this.ensure(s, horizon);
  }

  /**
   * Grace and lapse for every policy with a premium bill unpaid past its due date, and the
   * way back out of grace for those whose overdue bills are paid, whether anyone reads their
   * bills or not (run every ten minutes by the service). Returns the policies moved.
   */
  async followAll(): Promise<number> {
    const today = this.today();
    const overdue = this.db
      .selectFrom('bills')
      .select('policy_number')
      .where('kind', '=', 'premium')
      .where('paid_at', 'is', null)
      .where('voided_at', 'is', null)
      .where('due_date', '<', today);
    // Policies whose schedule has come due since (bills not made yet), those with an overdue
    // premium bill, and those in grace (paid since?).
    const rows = await this.db
      .selectFrom('policies')
      .select('policy_number')
      .where((eb) =>
        eb.or([
          eb.and([
            eb('status', 'in', ['active', 'grace_period']),
            eb.or([eb('policy_number', 'in', overdue), eb('next_due_date', '<', today)]),
          ]),
          eb('status', '=', 'grace_period'),
        ]),
      )
      .execute();
    let moved = 0;
    for (const { policy_number } of rows) if (await this.follow(policy_number)) moved++;
    return moved;
  }

  /**
   * A policy's status follows its oldest unpaid premium bill (payments.md, Bills): past its
   * grace the policy lapses; overdue, it is in grace; none overdue, a policy in grace is
   * active again. Top-up bills move nothing; a lapsed policy comes back only by reinstatement.
   * Answers whether it moved.
   */
  async follow(policyNumber: string): Promise<boolean> {
    // Its bills are made first (they are made as they are read): a policy nobody looked at has them too.
    const schedule = await this.policies.scheduleOf(policyNumber);
    if (schedule) await this.ensure(schedule, addMonths(this.today(), 12));
    return this.moveWithBills(policyNumber);
  }

  /** One policy's bills made up to `horizon` (an autodebit collects a bill up to 30 days before it is due). */
  async ensureFor(policyNumber: string, horizon: string): Promise<void> {
    const schedule = await this.policies.scheduleOf(policyNumber);
    if (schedule) await this.ensure(schedule, horizon);
  }

  /** `follow` on bills already made (its callers that just made them do not make them again). */
  private async moveWithBills(policyNumber: string): Promise<boolean> {
    const today = this.today();
    const oldest = await this.db
      .selectFrom('bills')
      .select((eb) => eb.fn.min('due_date').as('due'))
      .where('policy_number', '=', policyNumber)
      .where('kind', '=', 'premium')
      .where('paid_at', 'is', null)
      .where('voided_at', 'is', null)
      .executeTakeFirst();
    const due = oldest?.due ?? null;
    if (due !== null && due < addDays(today, -this.graceDays))
      return this.policies.moveStatus(this.db, policyNumber, ['active', 'grace_period'], 'lapsed');
    if (due !== null && due < today) return this.policies.moveStatus(this.db, policyNumber, ['active'], 'grace_period');
    return this.policies.moveStatus(this.db, policyNumber, ['grace_period'], 'active');
  }

  /**
   * A top-up bill (payments.md: `kind: "top_up"`), made by an online policy request and due
   * today; at most one a day for a policy (the bills' unique key). Returns its id.
   */
  async createTopUp(db: Kysely<Database>, policyNumber: string, amount: number): Promise<string> {
    const now = this.clock.now();
    const today = jakartaDate(now);
    const id = newId();
    try {
      await db
        .insertInto('bills')
        .values({
          id,
          policy_number: policyNumber,
          kind: 'top_up',
          period_from: today,
          period_to: today,
          due_date: today,
          amount,
          paid_at: null,
          payment_id: null,
          created_at: now,
          voided_at: null,
        })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ServiceError('conflict', 'A top-up bill of this policy was made today.', {});
      }
      throw err;
    }
    return id;
  }

  present(r: BillRow, s: Pick<PremiumSchedule, 'printedNumber' | 'policyType' | 'productName'>, today: string): Bill {
    return {
      billId: r.id,
      policyNumber: s.printedNumber,
      productName: s.productName,
      kind: r.kind,
      label: s.policyType === 'sharia' ? 'kontribusi' : 'premi',
      period: { from: r.period_from, to: r.period_to },
      dueDate: r.due_date,
      amount: r.amount,
      status: billStatus(r, today, this.graceDays),
      graceEndsOn: addDays(r.due_date, this.graceDays),
      ...(r.paid_at !== null ? { paidAt: iso(r.paid_at) } : {}),
      ...(r.payment_id ? { paymentId: r.payment_id } : {}),
      methods: methodsFor(r.amount) as PaymentMethod[],
    };
  }

  /** The schedule's bills up to `horizon`, each made once whichever instance comes first. */
  private async ensure(s: PremiumSchedule, horizon: string): Promise<void> {
    const months = MONTHS[s.frequency];
    if (!months || !s.nextDueDate || s.premiumAmount <= 0 || s.status === 'terminated') return;
    const now = this.clock.now();
    const rows: BillRow[] = [];
    for (let due = s.nextDueDate; due <= horizon; due = addMonths(due, months)) {
      rows.push({
        id: newId(),
        policy_number: s.policyNumber,
        kind: 'premium',
        period_from: due,
        period_to: addDays(addMonths(due, months), -1),
        due_date: due,
        amount: s.premiumAmount,
        paid_at: null,
        payment_id: null,
        created_at: now,
        voided_at: null,
      });
    }
    if (rows.length === 0) return;
    await this.db
      .insertInto('bills')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['policy_number', 'kind', 'period_from']).where('voided_at', 'is', null).doNothing(),
      )
      .execute();
  }
}
