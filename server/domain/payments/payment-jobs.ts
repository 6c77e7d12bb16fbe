import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { JobHandler, Jobs } from '../../jobs/jobs';
import { attachmentGroup } from '../../notify/message-jobs';
import { jakartaDate, type Clock } from '../clock';
import type { Documents } from '../documents/documents';
import type { Bills } from './bills';
import { CONFIRM_JOB, POLICY_FOLLOW_JOB, RECEIPT_JOB, SETTLE_JOB, type Booking } from './booking';
import { renderReceipt } from './receipt';
import { longDate } from '../../../contract/dates';

/**
 * The kuitansi of a booked payment: rendered, stored under the id the booking chose (the
 * e-mail names it), linked to the payment, and the payment's event raised again so the app
 * shows it. Run again after a crash, it finds what is done and does the rest.
 */
export function receiptJob(
  db: Kysely<Database>,
  documents: Documents,
  booking: Booking,
  jobs: Jobs,
  clock: Clock,
): JobHandler<{ paymentId: string; documentId: string }> {
  return {
    kind: RECEIPT_JOB,
    // A document store down for hours is waited out, not given up on after minutes.
    retry: { maxAttempts: 30 },
    // A PDF is rendered on the CPU that answers requests: one at a time, a burst answered first.
    concurrency: 1,
    async run({ paymentId, documentId }) {
      const p = await db
        .selectFrom('payments')
        .innerJoin('bills', 'bills.id', 'payments.bill_id')
        .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
        .innerJoin('accounts', 'accounts.id', 'payments.account_id')
        .innerJoin('customers', 'customers.id', 'accounts.customer_id')
        .select([
          'payments.id',
          'payments.account_id',
          'payments.bill_id',
          'payments.amount',
          'payments.method',
          'payments.paid_at',
          'payments.receipt_document_id',
          'bills.policy_number',
          'bills.period_from',
          'bills.period_to',
          'policies.printed_number',
          'policies.policy_type',
          'customers.full_name',
        ])
        .where('payments.id', '=', paymentId)
        .executeTakeFirstOrThrow();
      if (p.receipt_document_id || p.paid_at === null) return;
      const label = p.policy_type === 'sharia' ? 'kontribusi' : 'premi';
      const bytes = await renderReceipt({
        number: `KWT/${jakartaDate(p.paid_at).replaceAll('-', '')}/${p.id.slice(0, 8).toUpperCase()}`,
        payer: p.full_name,
        policyNumber: p.printed_number,
        label,
        period: { from: p.period_from, to: p.period_to },
        amount: p.amount,
        method: p.method,
        paidAt: p.paid_at,
      });
      await documents.putOnce(
        documentId,
        {
          policyNumber: p.policy_number,
          // A title people read: the period's date in words, never ISO.
          title: `Kuitansi ${label === 'kontribusi' ? 'Kontribusi' : 'Premi'} ${longDate(p.period_from, 'id')}`,
          category: 'statement',
          issuedAt: jakartaDate(p.paid_at),
          bytes,
        },
        clock.now(),
      );
      await db.transaction().execute(async (trx) => {
        await booking.lock(trx, p.account_id, p.id);
        const linked = await trx
          .updateTable('payments')
          .set({ receipt_document_id: documentId })
          .where('id', '=', paymentId)
          .where('receipt_document_id', 'is', null)
          .executeTakeFirst();
        if (Number(linked.numUpdatedRows) === 1)
          await booking.announce(
            trx,
            { id: p.id, account_id: p.account_id, bill_id: p.bill_id, status: 'paid' },
            clock.now(),
          );
        // The e-mail that carries it goes now.
        await jobs.wakeGroup(trx, attachmentGroup(documentId));
      });
    },
  };
}

/** A payment left `creating` is settled with the gateway (Booking.settleCreating). */
export function settleJob(booking: Booking): JobHandler<{ paymentId: string }> {
  return { kind: SETTLE_JOB, run: ({ paymentId }) => booking.settleCreating(paymentId) };
}

/** A signed notification the gateway could not confirm when it came, confirmed now (Booking.confirm). */
export function confirmJob(booking: Booking): JobHandler<{ paymentId: string }> {
  // A gateway down for hours is waited out: what it settled must be booked.
  return { kind: CONFIRM_JOB, retry: { maxAttempts: 40 }, run: ({ paymentId }) => booking.confirm(paymentId) };
}

/** A paid premium bill: the policy's status follows its bills again (out of grace when none is overdue). */
export function policyFollowJob(bills: Bills): JobHandler<{ policyNumber: string }> {
  return {
    kind: POLICY_FOLLOW_JOB,
    async run({ policyNumber }) {
      await bills.follow(policyNumber);
    },
  };
}
