import type { Kysely, Selectable } from 'kysely';
import type { Readable } from 'node:stream';
import type { Payment, PaymentMethod, PaymentStatus } from '../../../contract/api/payments';
import { normalisePolicyNumber } from '../../../contract/api/common';
import type { Database, PaymentRowStatus, PaymentsTable } from '../../store/schema';
import { isUniqueViolation } from '../../store/connect';
import { iso, jakartaDate, type Clock } from '../clock';
import { getCustomer } from '../customers';
import type { Documents } from '../documents/documents';
import type { DocumentStore } from '../documents/store';
import { brokenRules, ServiceError } from '../errors';
import type { EventHub } from '../events/hub';
import type { Inbox } from '../events/inbox';
import type { Principal } from '../identity/sessions';
import { newId } from '../identity/secrets';
import { decodeCursor, encodeCursor } from '../paging';
import type { Bills } from './bills';
import {
  GatewayRefused,
  GatewayUnavailable,
  type GatewayNotification,
  type GatewayTransaction,
  type PaymentGateway,
} from './gateway';
import { METHODS } from './methods';
import { renderReceipt } from './receipt';

export type PaymentRow = Selectable<PaymentsTable>;
const OPEN: PaymentRowStatus[] = ['creating', 'pending'];

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Payments of bills (payments.md, Paying): idempotent by key, one pending payment a bill,
 * booked once whatever the gateway sends how often, with its receipt in the same
 * transaction as its ledger entry.
 */
export class Payments {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bills: Bills,
    private readonly gateway: PaymentGateway,
    private readonly hub: EventHub,
    private readonly inbox: Inbox,
    private readonly documents: Documents,
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** A top-up bill was paid, in the booking's transaction (policy transactions apply the top-up). */
  onTopUpPaid?: (trx: Kysely<Database>, billId: string, now: number) => Promise<void>;

  /** `POST /v1/bills/{billId}/payments`: the same key answers the same payment. */
  async pay(p: Principal, billId: string, method: PaymentMethod, key: string): Promise<Payment> {
    const earlier = await this.byKey(p.accountId, key);
    if (earlier) return this.sameRequest(earlier, billId, method);
    const { bill, row: billRow } = await this.bills.get(p.customerId, billId);
    if (bill.status === 'paid') throw new ServiceError('conflict', 'This bill is paid.', { id: billRow.payment_id });
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
      if (old.status === 'creating')
        throw new ServiceError('conflict', 'A payment of this bill is being made.', { id: old.id });
      await this.replace(old);
    }
    if (open.length > 0) {
      // Replacing found the old payment paid after all: nothing more to pay.
      const again = await this.bills.get(p.customerId, billId);
      if (again.bill.status === 'paid')
        throw new ServiceError('conflict', 'This bill is paid.', { id: again.row.payment_id });
    }

    const now = this.clock.now();
    const row: PaymentRow = {
      id: newId(),
      bill_id: billId,
      account_id: p.accountId,
      idempotency_key: key,
      method,
      amount: bill.amount,
      status: 'creating',
      va_number: null,
      bank_code: null,
      qr_string: null,
      redirect_url: null,
      expires_at: now + METHODS[method].expiresInMs,
      gateway_transaction_id: null,
      failure_reason: null,
      created_at: now,
      updated_at: now,
      paid_at: null,
      receipt_document_id: null,
    };
    try {
      await this.db.insertInto('payments').values(row).execute();
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
    let charged;
    try {
      charged = await this.gateway.charge({
        orderId: row.id,
        amount: row.amount,
        method,
        customer: { name: customer.fullName, email: customer.email, phone: customer.phone },
        expiresInMs: METHODS[method].expiresInMs,
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
    // A notification may have come before this answer and booked it already: only `creating` turns pending.
    await this.db
      .updateTable('payments')
      .set({ status: 'pending' })
      .where('id', '=', row.id)
      .where('status', '=', 'creating')
      .execute();
    await this.announce(this.db, await this.row(row.id));
    return this.present(await this.row(row.id));
  }

  /** A pending payment given up for another method: asked of the gateway first, then cancelled here. */
  private async replace(old: PaymentRow): Promise<void> {
    const tx = await this.gatewayStatus(old.id);
    if (tx && (tx.transactionStatus === 'settlement' || tx.transactionStatus === 'capture')) {
      await this.apply(old, tx);
      return;
    }
    await this.gatewayCall(() => this.gateway.cancel(old.id));
    await this.db
      .updateTable('payments')
      .set({ status: 'cancelled', updated_at: this.clock.now() })
      .where('id', '=', old.id)
      .where('status', '=', 'pending')
      .execute();
    await this.announce(this.db, await this.row(old.id));
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

  /**
   * A gateway notification: believed only with a good signature *and* the same status
   * fetched back from the gateway; then applied once, however often it comes.
   */
  async notified(n: GatewayNotification): Promise<{ applied: boolean; verdict: string }> {
    if (!this.gateway.verify(n)) {
      this.log.warn({ orderId: String(n.order_id).slice(0, 64) }, 'gateway notification with a wrong signature');
      throw new ServiceError('unauthenticated', 'The notification is not signed by the gateway.');
    }
    const tx = await this.gatewayStatus(n.order_id);
    if (!tx || tx.transactionStatus !== n.transaction_status || tx.grossAmount !== n.gross_amount) {
      await this.note(n, 'status_disagrees');
      throw new ServiceError('unauthenticated', 'The gateway does not confirm the notification.');
    }
    const payment = await this.db.selectFrom('payments').selectAll().where('id', '=', n.order_id).executeTakeFirst();
    if (!payment) {
      await this.note(n, 'unknown_order');
      throw new ServiceError('not_found', 'No such order.');
    }
    return this.apply(payment, tx);
  }

  /** The gateway's word on one payment, applied: paid, expired, failed or cancelled. */
  private async apply(payment: PaymentRow, tx: GatewayTransaction): Promise<{ applied: boolean; verdict: string }> {
    const s = tx.transactionStatus;
    if (s === 'settlement' || (s === 'capture' && (tx.fraudStatus ?? 'accept') === 'accept'))
      return this.book(payment, tx);
    const to: PaymentRowStatus | undefined =
      s === 'expire'
        ? 'expired'
        : s === 'cancel'
          ? 'cancelled'
          : s === 'deny' || s === 'failure'
            ? 'failed'
            : undefined;
    if (!to) return { applied: false, verdict: s };
    const r = await this.db
      .updateTable('payments')
      .set({ status: to, updated_at: this.clock.now() })
      .where('id', '=', payment.id)
      .where('status', 'in', OPEN)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) await this.announce(this.db, await this.row(payment.id));
    return { applied: Number(r.numUpdatedRows) === 1, verdict: to };
  }

  /** Paid: once. The conditional update decides; the ledger's unique keys are the last word. */
  private async book(payment: PaymentRow, tx: GatewayTransaction): Promise<{ applied: boolean; verdict: string }> {
    const amount = /^(\d+)(\.00)?$/u.exec(tx.grossAmount);
    if (!amount || Number(amount[1]) !== payment.amount) {
      await this.note(
        { order_id: payment.id, transaction_status: tx.transactionStatus, gross_amount: tx.grossAmount },
        'amount_mismatch',
      );
      this.log.warn({ paymentId: payment.id }, 'paid amount differs from the bill: kept for reconciliation');
      return { applied: false, verdict: 'amount_mismatch' };
    }
    const bill = await this.db
      .selectFrom('bills')
      .selectAll()
      .where('id', '=', payment.bill_id)
      .executeTakeFirstOrThrow();
    const schedule = await this.db
      .selectFrom('policies')
      .select(['printed_number', 'policy_type'])
      .where('policy_number', '=', bill.policy_number)
      .executeTakeFirstOrThrow();
    const payer = await this.db
      .selectFrom('accounts')
      .innerJoin('customers', 'customers.id', 'accounts.customer_id')
      .select(['customers.full_name', 'customers.id'])
      .where('accounts.id', '=', payment.account_id)
      .executeTakeFirstOrThrow();
    const now = this.clock.now();
    const label = schedule.policy_type === 'sharia' ? 'kontribusi' : 'premi';
    const receipt = await renderReceipt({
      number: `KWT/${jakartaDate(now).replaceAll('-', '')}/${payment.id.slice(0, 8).toUpperCase()}`,
      payer: payer.full_name,
      policyNumber: schedule.printed_number,
      label,
      period: { from: bill.period_from, to: bill.period_to },
      amount: payment.amount,
      method: payment.method,
      paidAt: now,
    });
    let documentId: string | undefined;
    try {
      const applied = await this.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('payments')
          .set({ status: 'paid', paid_at: now, gateway_transaction_id: tx.transactionId, updated_at: now })
          .where('id', '=', payment.id)
          .where('status', '!=', 'paid')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
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
        await trx
          .updateTable('bills')
          .set({ paid_at: now, payment_id: payment.id })
          .where('id', '=', payment.bill_id)
          .where('paid_at', 'is', null)
          .execute();
        if (bill.kind === 'top_up') await this.onTopUpPaid?.(trx, bill.id, now);
        const doc = await this.documents.addWithin(
          trx,
          {
            policyNumber: bill.policy_number,
            title: `Kwitansi ${label === 'kontribusi' ? 'Kontribusi' : 'Premi'} ${bill.period_from}`,
            category: 'statement',
            issuedAt: jakartaDate(now),
            bytes: receipt,
          },
          now,
        );
        documentId = doc.id;
        await trx.updateTable('payments').set({ receipt_document_id: doc.id }).where('id', '=', payment.id).execute();
        const paid = await this.row(payment.id, trx);
        await this.announce(trx, paid);
        await this.inbox.deliver(
          trx,
          {
            accountId: payment.account_id,
            category: 'payment',
            template: 'payment_received',
            params: { amount: payment.amount, policyNumber: schedule.printed_number, label },
            link: { kind: 'payment', id: payment.id },
            send: true,
            attachment: { documentId: doc.id, fileName: `kwitansi-${bill.period_from}.pdf` },
          },
          now,
        );
        return true;
      });
      if (!applied && documentId) await this.documents.discard(documentId);
      return { applied, verdict: applied ? 'paid' : 'already_paid' };
    } catch (err) {
      if (documentId) await this.documents.discard(documentId);
      // Another payment of this bill was booked first (an old one paid late): kept for a refund.
      if (isUniqueViolation(err)) {
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
   * `payments reconcile --date`: every difference between the gateway's transactions and
   * the ledger for the payments of one Jakarta day, and the notifications kept that day.
   */
  async reconcile(date: string): Promise<Array<{ paymentId: string; difference: string; detail: string }>> {
    const from = Date.parse(`${date}T00:00:00+07:00`);
    const to = from + 86_400_000;
    const rows = await this.db
      .selectFrom('payments')
      .leftJoin('ledger_entries', 'ledger_entries.payment_id', 'payments.id')
      .select([
        'payments.id',
        'payments.status',
        'payments.amount',
        'ledger_entries.amount as booked',
        'ledger_entries.id as entry',
      ])
      .where((eb) =>
        eb.or([
          eb.and([eb('payments.created_at', '>=', from), eb('payments.created_at', '<', to)]),
          eb.and([eb('payments.paid_at', '>=', from), eb('payments.paid_at', '<', to)]),
        ]),
      )
      .orderBy('payments.created_at')
      .execute();
    const out: Array<{ paymentId: string; difference: string; detail: string }> = [];
    for (const r of rows) {
      if (r.status === 'failed' && !r.entry) continue;
      const tx = await this.gatewayStatus(r.id);
      const settled = tx?.transactionStatus === 'settlement' || tx?.transactionStatus === 'capture';
      if (settled && !r.entry)
        out.push({ paymentId: r.id, difference: 'settled_not_booked', detail: `gateway ${tx!.grossAmount}` });
      else if (!settled && r.entry) {
        out.push({
          paymentId: r.id,
          difference: 'booked_not_settled',
          detail: `gateway ${tx?.transactionStatus ?? 'has no such order'}`,
        });
      } else if (settled && r.entry && tx!.grossAmount !== `${r.booked}.00`) {
        out.push({
          paymentId: r.id,
          difference: 'amount_differs',
          detail: `gateway ${tx!.grossAmount}, ledger ${r.booked}`,
        });
      } else if (r.status === 'pending' && tx && tx.transactionStatus !== 'pending') {
        out.push({
          paymentId: r.id,
          difference: 'status_differs',
          detail: `here pending, gateway ${tx.transactionStatus}`,
        });
      }
    }
    const kept = await this.db
      .selectFrom('gateway_notifications')
      .selectAll()
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .orderBy('received_at')
      .execute();
    for (const n of kept) {
      out.push({
        paymentId: n.order_id,
        difference: `notification_${n.verdict}`,
        detail: `${n.transaction_status} ${n.gross_amount}`,
      });
    }
    return out;
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
    if (Number(r.numUpdatedRows) === 1) await this.announce(this.db, fresh);
    return fresh;
  }

  private async announce(db: Kysely<Database>, row: PaymentRow): Promise<void> {
    const status: PaymentStatus = row.status === 'creating' ? 'pending' : row.status;
    await this.hub.raise(
      db,
      row.account_id,
      'payment.updated',
      { paymentId: row.id, billId: row.bill_id, status },
      this.clock.now(),
    );
  }

  private async note(
    n: Pick<GatewayNotification, 'order_id' | 'transaction_status' | 'gross_amount'>,
    verdict: string,
  ) {
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

  private async gatewayStatus(orderId: string): Promise<GatewayTransaction | null> {
    return this.gatewayCall(() => this.gateway.status(orderId));
  }

  private async gatewayCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof GatewayUnavailable || err instanceof GatewayRefused) {
        throw new ServiceError('unavailable', 'The payment gateway cannot be reached.');
      }
      throw err;
    }
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
