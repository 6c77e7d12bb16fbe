import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import type { Payment, PaymentMethod } from '../../../contract/api/payments';
import { normalisePolicyNumber } from '../../../contract/api/common';
import type { Database } from '../../store/schema';
import { isUniqueViolation } from '../../store/connect';
import type { Jobs } from '../../jobs/jobs';
import { iso, type Clock } from '../clock';
import { getCustomer } from '../customers';
import type { DocumentStore } from '../documents/store';
import { brokenRules, ServiceError } from '../errors';
import type { Principal } from '../identity/sessions';
import { newId } from '../identity/secrets';
import { decodeCursor, encodeCursor } from '../paging';
import type { Bills } from './bills';
import { newPaymentRow, OPEN, SETTLE_JOB, type Booking, type PaymentRow } from './booking';
import { GatewayRefused, GatewayUnavailable, type PaymentGateway } from './gateway';
import { METHODS } from './methods';
import { collectionJobKey, type AttemptRow } from './autodebit/autodebits';

export type { PaymentRow } from './booking';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** A payment still `creating` this long after it began is settled by a job (asked at the gateway). */
export const SETTLE_CREATING_AFTER_MS = 2 * 60_000;
const settleJobKey = (paymentId: string) => `settle:${paymentId}`;

/** What payments ask of the policy's autodebit (payments.md, Reminders and autodebit). */
export interface Collections {
  /** The gateway's id for a person whose card payment of this policy saves the card (an autodebit waiting for it). */
  saveCardFor(policyNumber: string, accountId: string): Promise<string | undefined>;
  /** The card collection's attempt that made this payment, if a collection made it. */
  attemptOf(paymentId: string): Promise<AttemptRow | undefined>;
  /** A collection's outcome from its settled payment: the day recorded once. */
  recordCollection(attempt: AttemptRow, payment: PaymentRow, reason: string | null): Promise<boolean>;
}

const NO_COLLECTIONS: Collections = {
  saveCardFor: async () => undefined,
  attemptOf: async () => undefined,
  recordCollection: async () => false,
};

/**
 * Payments of bills (payments.md, Paying): idempotent by key, one pending payment a bill,
 * charged at the gateway, and booked by `Booking` whatever the gateway sends how often.
 */
export class Payments {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bills: Bills,
    private readonly gateway: PaymentGateway,
    readonly booking: Booking,
    private readonly jobs: Jobs,
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly collections: Collections = NO_COLLECTIONS,
  ) {}

  /** `POST /v1/bills/{billId}/payments`: the same key answers the same payment. */
  async pay(p: Principal, billId: string, method: PaymentMethod, key: string): Promise<Payment> {
    const earlier = await this.byKey(p.accountId, key);
    if (earlier) return this.sameRequest(earlier, billId, method);
    const { bill, row: billRow } = await this.bills.get(p.customerId, billId);
    if (bill.status === 'paid') throw new ServiceError('conflict', 'This bill is paid.', { id: billRow.payment_id });
    // Past its grace the policy has lapsed: only a reinstatement brings it back (payments.md, Bills).
    if (bill.status === 'lapsed') throw brokenRules(['bill_lapsed']);
    if (!bill.methods.includes(method)) {
      throw brokenRules(['method_not_allowed'], { maxAmount: METHODS[method].maxAmount, amount: bill.amount });
    }
    // Another method asked for before: cancelled at the gateway first (payments.md).
    const open = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('bill_id', '=', billId)
      .where('status', 'in', OPEN)
      .execute();
    for (const old of open) {
      // The same key arriving twice at once: the first request's payment is this one's answer.
      if (old.account_id === p.accountId && old.idempotency_key === key) return this.sameRequest(old, billId, method);
      if (old.status === 'creating') await this.settleAbandoned(old);
      else await this.replace(old);
    }
    if (open.length > 0) {
      // Replacing found the old payment paid after all: nothing more to pay.
      const again = await this.bills.get(p.customerId, billId);
      if (again.bill.status === 'paid')
        throw new ServiceError('conflict', 'This bill is paid.', { id: again.row.payment_id });
    }

    const now = this.clock.now();
    const row = newPaymentRow({
      id: newId(),
      billId,
      accountId: p.accountId,
      key,
      method,
      amount: bill.amount,
      expiresAt: now + METHODS[method].expiresInMs,
      now,
    });
    try {
      // With it, the job that settles it should the gateway's answer never come (a crash, a timeout).
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('payments').values(row).execute();
        await this.jobs.add(trx, now, {
          kind: SETTLE_JOB,
          key: settleJobKey(row.id),
          payload: { paymentId: row.id },
          runAt: now + SETTLE_CREATING_AFTER_MS,
        });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The same key at the same moment (another instance): its payment is the answer.
      const same = await this.byKey(p.accountId, key);
      if (same) return this.sameRequest(same, billId, method);
      const pending = await this.db
        .selectFrom('payments')
        .select('id')
        .where('bill_id', '=', billId)
        .where('status', 'in', OPEN)
        .executeTakeFirst();
      throw new ServiceError('conflict', 'A payment of this bill is being made.', { id: pending?.id });
    }

    const customer = (await getCustomer(this.db, p.customerId))!;
    const saveCardFor =
      method === 'card' ? await this.collections.saveCardFor(billRow.policy_number, p.accountId) : undefined;
    let charged;
    try {
      charged = await this.gateway.charge({
        orderId: row.id,
        amount: row.amount,
        method,
        customer: { name: customer.fullName, email: customer.email, phone: customer.phone },
        expiresInMs: METHODS[method].expiresInMs,
        ...(saveCardFor ? { saveCardFor } : {}),
      });
    } catch (err) {
      const reason = err instanceof GatewayRefused ? 'gateway_refused' : 'gateway_unavailable';
      // No answer may still have made a charge: cancelled, so that nothing can be paid against it.
      if (err instanceof GatewayUnavailable) await this.gateway.cancel(row.id).catch(() => undefined);
      await this.db
        .updateTable('payments')
        .set({ status: 'failed', failure_reason: reason, updated_at: this.clock.now() })
        .where('id', '=', row.id)
        .where('status', '=', 'creating')
        .execute();
      this.log.warn({ paymentId: row.id, reason }, 'charge failed');
      throw new ServiceError('unavailable', 'The payment could not be started; nothing was charged.', {
        charged: false,
        reason,
      });
    }
    await this.db
      .updateTable('payments')
      .set({
        va_number: charged.vaNumber ?? null,
        bank_code: charged.bankCode ?? null,
        qr_string: charged.qrString ?? null,
        redirect_url: charged.redirectUrl ?? null,
        gateway_transaction_id: charged.transactionId,
        updated_at: this.clock.now(),
      })
      .where('id', '=', row.id)
      .execute();
    // A notification may have come before this answer and booked it already: only `creating` turns
    // pending. Either way the gateway answered: the job that would have asked it is not needed.
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('payments')
        .set({ status: 'pending' })
        .where('id', '=', row.id)
        .where('status', '=', 'creating')
        .execute();
      await this.jobs.supersede(trx, settleJobKey(row.id), this.clock.now());
    });
    await this.booking.announce(this.db, await this.row(row.id), this.clock.now());
    return this.present(await this.row(row.id));
  }

  /**
   * A payment still `creating` holds its bill while a job will settle it — its own settling job,
   * or the card collection that made it: the caller is told it is being made (409). One whose job
   * gave up (the gateway was away longer than the job waits) would hold the bill for good: it is
   * settled now instead, as its job would have — asked of the gateway, booked if charged, failed
   * if not (the gateway still away answers 503) — and a collection's day is recorded.
   */
  private async settleAbandoned(old: PaymentRow): Promise<PaymentRow> {
    const attempt = await this.collections.attemptOf(old.id);
    const owners = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('key', 'in', [
        settleJobKey(old.id),
        ...(attempt ? [collectionJobKey(attempt.bill_id, attempt.debit_date)] : []),
      ])
      .where('status', '=', 'pending')
      .execute();
    if (owners.length > 0) throw new ServiceError('conflict', 'A payment of this bill is being made.', { id: old.id });
    await this.booking.settleCreating(old.id);
    const settled = await this.row(old.id);
    this.log.warn({ paymentId: old.id, status: settled.status }, 'payment left by its job settled');
    if (attempt) await this.collections.recordCollection(attempt, settled, settled.failure_reason);
    return settled;
  }

  /** A pending payment given up for another method: asked of the gateway first, then cancelled here. */
  private async replace(old: PaymentRow): Promise<void> {
    await this.cancelAtGateway(old);
  }

  /**
   * A pending payment nobody will pay (another method chosen, its top-up cancelled): asked of
   * the gateway first — paid after all, it is booked — then cancelled there and here.
   * Answers whether it ended up paid.
   */
  async cancelAtGateway(old: PaymentRow): Promise<boolean> {
    const tx = await this.booking.gatewayStatus(old.id);
    if (tx && (tx.transactionStatus === 'settlement' || tx.transactionStatus === 'capture')) {
      await this.booking.apply(old, tx);
      return true;
    }
    await this.booking.gatewayCall(() => this.gateway.cancel(old.id));
    await this.booking.end(old, 'cancelled');
    return false;
  }

  /** The open payments of a bill (one at most, by the database's rule), cancelled at the gateway; true if one was paid. */
  async cancelOpen(billId: string): Promise<boolean> {
    const open = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('bill_id', '=', billId)
      .where('status', 'in', OPEN)
      .execute();
    for (const p of open) {
      if (p.status === 'creating') {
        if ((await this.settleAbandoned(p)).status === 'paid') return true;
      } else if (await this.cancelAtGateway(p)) return true;
    }
    return false;
  }

  private async sameRequest(earlier: PaymentRow, billId: string, method: PaymentMethod): Promise<Payment> {
    if (earlier.bill_id !== billId || earlier.method !== method) {
      throw new ServiceError('conflict', 'That idempotency key was used for another payment.', { id: earlier.id });
    }
    // Still being made by the first request: its answer is awaited, not a second charge.
    let row = earlier;
    for (let i = 0; row.status === 'creating' && i < 300; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await this.row(row.id);
    }
    if (row.status === 'failed') {
      throw new ServiceError('unavailable', 'The payment could not be started; nothing was charged.', {
        charged: false,
        reason: row.failure_reason,
      });
    }
    return this.present(row);
  }

  private async byKey(accountId: string, key: string): Promise<PaymentRow | undefined> {
    return this.db
      .selectFrom('payments')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  private row(id: string, db: Kysely<Database> = this.db): Promise<PaymentRow> {
    return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async get(p: Principal, paymentId: string): Promise<Payment> {
    return this.present(await this.visible(p, paymentId));
  }

  private async visible(p: Principal, paymentId: string): Promise<PaymentRow> {
    const row = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', paymentId)
      .where('account_id', '=', p.accountId)
      .executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such payment.');
    return this.expireIfDue(row);
  }

  async list(p: Principal, q: { limit: number; cursor?: string; policyNumber?: string }) {
    let query = this.db
      .selectFrom('payments')
      .innerJoin('bills', 'bills.id', 'payments.bill_id')
      .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
      .selectAll('payments')
      .select(['bills.period_from', 'bills.period_to', 'policies.printed_number'])
      .where('payments.account_id', '=', p.accountId);
    if (q.policyNumber) query = query.where('bills.policy_number', '=', normalisePolicyNumber(q.policyNumber));
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      query = query.where((eb) =>
        eb.or([
          eb('payments.created_at', '<', c.at),
          eb.and([eb('payments.created_at', '=', c.at), eb('payments.id', '<', c.id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('payments.created_at', 'desc')
      .orderBy('payments.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      // What each payment is for came with the page: no query a row.
      payments: await Promise.all(page.map(async (r) => this.present(await this.expireIfDue(r), r))),
      ...(rows.length > q.limit && last ? { nextCursor: encodeCursor(last.created_at, last.id) } : {}),
    };
  }

  /** The receipt's bytes, once paid (404 before). */
  async receipt(p: Principal, paymentId: string): Promise<{ body: Readable; sizeBytes: number }> {
    const row = await this.visible(p, paymentId);
    if (row.status !== 'paid' || !row.receipt_document_id) throw new ServiceError('not_found', 'No receipt yet.');
    const doc = await this.db
      .selectFrom('documents')
      .select(['storage_key', 'size_bytes'])
      .where('id', '=', row.receipt_document_id)
      .executeTakeFirstOrThrow();
    return { body: await this.store.read(doc.storage_key), sizeBytes: doc.size_bytes };
  }

  /** A pending payment past its time is expired (the gateway's own notice may come later, or never). */
  private async expireIfDue(row: PaymentRow): Promise<PaymentRow> {
    if (row.status !== 'pending' || row.expires_at > this.clock.now()) return row;
    const r = await this.db
      .updateTable('payments')
      .set({ status: 'expired', updated_at: this.clock.now() })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const fresh = await this.row(row.id);
    if (Number(r.numUpdatedRows) === 1) await this.booking.announce(this.db, fresh, this.clock.now());
    return fresh;
  }

  async present(
    r: PaymentRow,
    about?: { period_from: string; period_to: string; printed_number: string },
  ): Promise<Payment> {
    const bill =
      about ??
      (await this.db
        .selectFrom('bills')
        .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
        .select(['bills.period_from', 'bills.period_to', 'policies.printed_number'])
        .where('bills.id', '=', r.bill_id)
        .executeTakeFirstOrThrow());
    return {
      paymentId: r.id,
      billId: r.bill_id,
      method: r.method as PaymentMethod,
      amount: r.amount,
      status: r.status === 'creating' ? 'pending' : r.status,
      expiresAt: iso(r.expires_at),
      instructions: {
        ...(r.va_number ? { vaNumber: r.va_number } : {}),
        ...(r.bank_code ? { bankCode: r.bank_code } : {}),
        ...(r.qr_string ? { qrString: r.qr_string } : {}),
        ...(r.redirect_url ? { redirectUrl: r.redirect_url } : {}),
      },
      createdAt: iso(r.created_at),
      ...(r.paid_at !== null ? { paidAt: iso(r.paid_at) } : {}),
      ...(r.receipt_document_id ? { receiptDocumentId: r.receipt_document_id } : {}),
      policyNumber: bill.printed_number,
      period: { from: bill.period_from, to: bill.period_to },
    };
  }
}
