import type { Kysely, Selectable } from 'kysely';
import { noMetrics, type ServiceMetrics } from '../../metrics';
import type { PaymentStatus } from '../../../contract/api/payments';
import { isUniqueViolation, type StoreKind } from '../../store/connect';
import { lockInOrder } from '../../store/lock-order';
import type { Database, PaymentRowStatus, PaymentsTable } from '../../store/schema';
import type { Jobs, NewJob } from '../../jobs/jobs';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import type { EventHub } from '../events/hub';
import type { Inbox } from '../events/inbox';
import { newId } from '../identity/secrets';
import {
  GatewayRefused,
  GatewayUnavailable,
  type GatewayNotification,
  type GatewayTransaction,
  type PaymentGateway,
} from './gateway';

export type PaymentRow = Selectable<PaymentsTable>;

/** A payment's row as it begins (`creating`, nothing from the gateway yet). */
export function newPaymentRow(o: {
  id: string;
  billId: string;
  accountId: string;
  key: string;
  method: string;
  amount: number;
  expiresAt: number;
  now: number;
  bankCode?: string;
}): PaymentRow {
  return {
    id: o.id,
    bill_id: o.billId,
    account_id: o.accountId,
    idempotency_key: o.key,
    method: o.method,
    amount: o.amount,
    status: 'creating',
    va_number: null,
    bank_code: o.bankCode ?? null,
    qr_string: null,
    redirect_url: null,
    expires_at: o.expiresAt,
    gateway_transaction_id: null,
    failure_reason: null,
    created_at: o.now,
    updated_at: o.now,
    paid_at: null,
    receipt_document_id: null,
  };
}
export const OPEN: PaymentRowStatus[] = ['creating', 'pending'];

/** The jobs that follow a booking (payment-jobs.ts). */
export const RECEIPT_JOB = 'payment.receipt';
export const POLICY_FOLLOW_JOB = 'policy.follow';
export const TOP_UP_JOB = 'top_up.units';
/** A paid premium of a unit-linked policy buys units (statements/premium-allocation.ts). */
export const ALLOCATE_JOB = 'premium.allocate';
export const SETTLE_JOB = 'payment.settle';
export const CONFIRM_JOB = 'payment.confirm';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** A booking that turned out to have nothing to do: its transaction is rolled back, the verdict stands. */
export class Undone extends Error {
  constructor(readonly verdict: 'already_paid' | 'bill_already_paid') {
    super(verdict);
  }
}

export const BILL_FACTS = [
  'bills.id',
  'bills.kind',
  'bills.policy_number',
  'bills.period_from',
  'policies.printed_number',
  'policies.policy_type',
  'policies.status as policy_status',
] as const;

export interface BillFacts {
  id: string;
  kind: 'premium' | 'top_up';
  policy_number: string;
  period_from: string;
  printed_number: string;
  policy_type: 'individual' | 'group' | 'sharia';
  policy_status: 'active' | 'grace_period' | 'lapsed' | 'terminated';
}

export interface Verdict {
  applied: boolean;
  verdict: string;
}

/** What the gateway says of a payment, as one of ours. */
function settled(tx: GatewayTransaction): boolean {
  return (
    tx.transactionStatus === 'settlement' ||
    (tx.transactionStatus === 'capture' && (tx.fraudStatus ?? 'accept') === 'accept')
  );
}

/**
 * The gateway's word on payments, applied once (payments.md, Paying): a notification believed
 * only when signed and confirmed, a settled payment booked in one short transaction — payment
 * paid, bill paid, ledger entry, event and inbox message, and the jobs that follow (receipt,
 * policy status, top-up units). Nothing after the booking can undo it: a payment the gateway
 * settled is booked even when the document store, the mail or the unit prices are not there.
 */
export class Booking {
  /** What else a booking does in its own transaction (an autodebit's card saved by a first payment). */
  private readonly alsoOnBooking: Array<
    (trx: Kysely<Database>, bill: BillFacts, tx: GatewayTransaction, now: number) => Promise<void>
  > = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: StoreKind,
    private readonly gateway: PaymentGateway,
    private readonly hub: EventHub,
    private readonly inbox: Inbox,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly metrics: Pick<ServiceMetrics, 'paymentBooked'> = noMetrics,
  ) {}

  /**
   * A gateway notification: believed only with a good signature *and* the same status fetched
   * back from the gateway; then applied once, however often it comes. Every outcome the
   * gateway should not send again answers 200; a notification not believed answers 401. When the
   * gateway cannot be asked right now, a signed notification is kept as a job that asks it until
   * it answers (`confirm`): what the gateway settled is booked even if it never notifies again.
   */
  async notified(n: GatewayNotification): Promise<Verdict> {
    if (!this.gateway.verify(n)) {
      this.log.warn({ orderId: String(n.order_id).slice(0, 64) }, 'gateway notification with a wrong signature');
      throw new ServiceError('unauthenticated', 'The notification is not signed by the gateway.');
    }
    let tx: GatewayTransaction | null;
    try {
      tx = await this.gatewayStatus(n.order_id);
    } catch (err) {
      if (!(err instanceof ServiceError && err.code === 'unavailable')) throw err;
      const payment = await this.row(n.order_id);
      if (!payment) throw err;
      const now = this.clock.now();
      await this.db.transaction().execute((trx) =>
        this.jobs.add(trx, now, {
          kind: CONFIRM_JOB,
          key: `confirm:${payment.id}:${String(n.transaction_status).slice(0, 32)}`,
          payload: { paymentId: payment.id },
        }),
      );
      this.log.warn({ paymentId: payment.id }, 'gateway cannot confirm the notification now: asked again by a job');
      return { applied: false, verdict: 'confirming' };
    }
    if (!tx || tx.transactionStatus !== n.transaction_status || tx.grossAmount !== n.gross_amount) {
      await this.note(n, 'status_disagrees');
      throw new ServiceError('unauthenticated', 'The gateway does not confirm the notification.');
    }
    // The payment with its bill's facts, in one look (a notification's every statement counts).
    const found = await this.db
      .selectFrom('payments')
      .innerJoin('bills', 'bills.id', 'payments.bill_id')
      .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
      .selectAll('payments')
      .select(BILL_FACTS.map((c) => (c === 'bills.id' ? 'bills.id as bill_row_id' : c)))
      .where('payments.id', '=', n.order_id)
      .executeTakeFirst();
    const payment = found && {
      ...found,
      bill: {
        id: found.bill_row_id,
        kind: found.kind,
        policy_number: found.policy_number,
        period_from: found.period_from,
        printed_number: found.printed_number,
        policy_type: found.policy_type,
        policy_status: found.policy_status,
      },
    };
    if (!payment) {
      // Signed and confirmed, but not an order of ours: kept for reconciliation, not sent again.
      await this.note(n, 'unknown_order');
      return { applied: false, verdict: 'unknown_order' };
    }
    return this.apply(payment, tx);
  }

  /** A payment booked by `bookWithin` in a caller's transaction, counted once it committed. */
  countBooked(): void {
    this.metrics.paymentBooked();
  }

  /** Adds a step to every booking's transaction. */
  onBooking(
    step: (trx: Kysely<Database>, bill: BillFacts, tx: GatewayTransaction, now: number) => Promise<void>,
  ): void {
    this.alsoOnBooking.push(step);
  }

  /** The gateway's word on one payment, applied: paid, expired, failed or cancelled. */
  async apply(payment: PaymentRow & { bill?: BillFacts }, tx: GatewayTransaction): Promise<Verdict> {
    if (settled(tx)) return this.book(payment, tx);
    const s = tx.transactionStatus;
    const to: PaymentRowStatus | undefined =
      s === 'expire'
        ? 'expired'
        : s === 'cancel'
          ? 'cancelled'
          : s === 'deny' || s === 'failure'
            ? 'failed'
            : undefined;
    if (!to) return { applied: false, verdict: s };
    return { applied: await this.end(payment, to), verdict: to };
  }

  /** An open payment ends unpaid (expired, cancelled, failed): once, with its event. */
  async end(payment: PaymentRow, to: 'expired' | 'cancelled' | 'failed'): Promise<boolean> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      await this.lock(trx, payment.account_id, payment.id);
      const r = await trx
        .updateTable('payments')
        .set({ status: to, updated_at: now })
        .where('id', '=', payment.id)
        .where('status', 'in', OPEN)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await this.announce(trx, { ...payment, status: to }, now);
      return true;
    });
  }

  /** What a booking says of the bill: its kind and period, and its policy as printed, of what type, in what status. */
  private billOf(billId: string): Promise<BillFacts> {
    return this.db
      .selectFrom('bills')
      .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
      .select(BILL_FACTS)
      .where('bills.id', '=', billId)
      .executeTakeFirstOrThrow();
  }

  /**
   * Paid: once. The conditional update decides; the ledger's unique keys are the last word.
   * The transaction holds the move alone — no PDF, no store, no network — and the jobs.
   */
  private async book(payment: PaymentRow & { bill?: BillFacts }, tx: GatewayTransaction): Promise<Verdict> {
    const amount = /^(\d+)(\.00)?$/u.exec(tx.grossAmount);
    if (!amount || BigInt(amount[1]!) !== BigInt(payment.amount)) {
      await this.note(
        { order_id: payment.id, transaction_status: tx.transactionStatus, gross_amount: tx.grossAmount },
        'amount_mismatch',
      );
      this.log.warn({ paymentId: payment.id }, 'paid amount differs from the bill: kept for reconciliation');
      return { applied: false, verdict: 'amount_mismatch' };
    }
    const bill = payment.bill ?? (await this.billOf(payment.bill_id));
    const now = this.clock.now();
    try {
      await this.db.transaction().execute((trx) => this.bookWithin(trx, payment, bill, tx, now));
      this.metrics.paymentBooked();
      return { applied: true, verdict: 'paid' };
    } catch (err) {
      if (err instanceof Undone && err.verdict === 'already_paid') return { applied: false, verdict: err.verdict };
      // Another payment of this bill was booked first (an old one paid late): kept for a refund.
      // (The ledger's one entry a bill is the last word, should the bill's row have said otherwise.)
      if ((err instanceof Undone && err.verdict === 'bill_already_paid') || isUniqueViolation(err)) {
        await this.note(
          { order_id: payment.id, transaction_status: tx.transactionStatus, gross_amount: tx.grossAmount },
          'bill_already_paid',
        );
        return { applied: false, verdict: 'bill_already_paid' };
      }
      throw err;
    }
  }

  /**
   * The booking's writes in the caller's transaction: bill and payment paid, the ledger's entry,
   * the event, the message and the jobs that follow. Throws `Undone` when the payment or its bill
   * was paid already (the caller's transaction is to be rolled back, or the payment forgotten).
   */
  async bookWithin(
    trx: Kysely<Database>,
    payment: PaymentRow,
    bill: BillFacts,
    tx: GatewayTransaction,
    now: number,
  ): Promise<void> {
    const label = bill.policy_type === 'sharia' ? 'kontribusi' : 'premi';
    // The account first (its events are numbered in commit order), then the bill and the
    // payment in the lock order, each taken by the update that writes it.
    await lockInOrder(trx, this.kind, { account: payment.account_id });
    const billPaid = await trx
      .updateTable('bills')
      .set({ paid_at: now, payment_id: payment.id })
      .where('id', '=', payment.bill_id)
      .where('paid_at', 'is', null)
      .executeTakeFirst();
    const r = await trx
      .updateTable('payments')
      .set({ status: 'paid', paid_at: now, gateway_transaction_id: tx.transactionId, updated_at: now })
      .where('id', '=', payment.id)
      .where('status', '!=', 'paid')
      .executeTakeFirst();
    // Paid already (a copy of the notification): nothing happens, the bill's update is undone.
    if (Number(r.numUpdatedRows) !== 1) throw new Undone('already_paid');
    // Another payment of this bill was booked first (an old one paid late): kept for a refund.
    if (Number(billPaid.numUpdatedRows) !== 1) throw new Undone('bill_already_paid');
    await trx
      .insertInto('ledger_entries')
      .values({
        id: newId(),
        payment_id: payment.id,
        bill_id: payment.bill_id,
        amount: payment.amount,
        gateway_transaction_id: tx.transactionId,
        booked_at: now,
      })
      .execute();
    await this.announce(trx, { ...payment, status: 'paid' }, now);
    for (const step of this.alsoOnBooking) await step(trx, bill, tx, now);
    // The receipt's id is decided here, so the e-mail can name its attachment; the job makes it.
    const receiptId = newId();
    // The jobs that follow go in with the message's own (one statement).
    const follow: NewJob[] = [
      {
        kind: RECEIPT_JOB,
        key: `receipt:${payment.id}`,
        payload: { paymentId: payment.id, documentId: receiptId },
      },
      ...(bill.kind === 'top_up'
        ? [{ kind: TOP_UP_JOB, key: `top-up:${bill.id}`, payload: { billId: bill.id } }]
        : // A policy in grace may be active again (its status read before the booking: one in
          // grace stays there until a job looks, never the other way).
          bill.policy_status === 'grace_period'
          ? [
              {
                kind: POLICY_FOLLOW_JOB,
                key: `follow:${payment.id}`,
                payload: { policyNumber: bill.policy_number },
              },
            ]
          : []),
    ];
    await this.inbox.deliver(
      trx,
      {
        accountId: payment.account_id,
        category: 'payment',
        template: 'payment_received',
        params: { amount: payment.amount, policyNumber: bill.printed_number, label },
        link: { kind: 'payment', id: payment.id },
        send: true,
        attachment: { documentId: receiptId, fileName: `kuitansi-${bill.period_from}.pdf` },
        jobs: follow,
      },
      now,
    );
  }

  /**
   * A payment left `creating` (the process died between its row and the gateway's answer, or
   * the answer never came): asked of the gateway, then booked, or cancelled there and here.
   * Run as a job a little after the payment began.
   */
  async settleCreating(paymentId: string): Promise<void> {
    const payment = await this.row(paymentId);
    if (!payment || payment.status !== 'creating') return;
    let tx = await this.gatewayStatus(paymentId);
    if (tx && tx.transactionStatus === 'pending') {
      // Its instructions never reached the person: nobody can pay it. Cancelled, then asked again.
      await this.gatewayCall(() => this.gateway.cancel(paymentId));
      tx = await this.gatewayStatus(paymentId);
    }
    if (tx && tx.transactionStatus !== 'pending') {
      const verdict = await this.apply(payment, tx);
      if (verdict.applied || tx.transactionStatus === 'settlement' || tx.transactionStatus === 'capture') return;
    }
    // The gateway has no such order (or would not say): nothing can be paid against it.
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.lock(trx, payment.account_id, payment.id);
      const r = await trx
        .updateTable('payments')
        .set({ status: 'failed', failure_reason: 'gateway_unknown', updated_at: now })
        .where('id', '=', paymentId)
        .where('status', '=', 'creating')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) await this.announce(trx, { ...payment, status: 'failed' }, now);
    });
  }

  /** A payment's own rows, locked in the one order (lock-order.ts) before it is written. */
  lock(trx: Kysely<Database>, accountId: string, paymentId: string): Promise<void> {
    return lockInOrder(trx, this.kind, { account: accountId, payment: paymentId });
  }

  /**
   * The gateway's word on a payment, asked again (a signed notification that could not be
   * confirmed when it came): applied as a notification would have been; the gateway not
   * answering makes the job try again later.
   */
  async confirm(paymentId: string): Promise<void> {
    const payment = await this.row(paymentId);
    if (!payment || payment.status === 'paid') return;
    const tx = await this.gatewayStatus(paymentId);
    if (tx) await this.apply(payment, tx);
  }

  async announce(db: Kysely<Database>, row: Pick<PaymentRow, 'id' | 'account_id' | 'bill_id' | 'status'>, now: number) {
    const status: PaymentStatus = row.status === 'creating' ? 'pending' : row.status;
    await this.hub.raise(
      db,
      row.account_id,
      'payment.updated',
      { paymentId: row.id, billId: row.bill_id, status },
      now,
    );
  }

  async note(n: Pick<GatewayNotification, 'order_id' | 'transaction_status' | 'gross_amount'>, verdict: string) {
    await this.db
      .insertInto('gateway_notifications')
      .values({
        id: newId(),
        order_id: String(n.order_id).slice(0, 128),
        transaction_status: String(n.transaction_status).slice(0, 32),
        gross_amount: String(n.gross_amount).slice(0, 32),
        verdict,
        received_at: this.clock.now(),
      })
      .execute();
  }

  row(id: string): Promise<PaymentRow | undefined> {
    return this.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  gatewayStatus(orderId: string): Promise<GatewayTransaction | null> {
    return this.gatewayCall(() => this.gateway.status(orderId));
  }

  async gatewayCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof GatewayUnavailable || err instanceof GatewayRefused) {
        throw new ServiceError('unavailable', 'The payment gateway cannot be reached.');
      }
      throw err;
    }
  }
}
