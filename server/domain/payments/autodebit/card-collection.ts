import type { Kysely } from 'kysely';
import type { JobHandler } from '../../../jobs/jobs';
import { isUniqueViolation } from '../../../store/connect';
import type { Database } from '../../../store/schema';
import { billStatus } from '../bills';
import type { Clock } from '../../clock';
import { jakartaDate } from '../../clock';
import { newId } from '../../identity/secrets';
import { NotYet } from '../../../jobs/jobs';
import { newPaymentRow, type Booking, type PaymentRow } from '../booking';
import type { PaymentGateway } from '../gateway';
import type { Payments } from '../payments';
import { COLLECT_JOB, type AttemptRow, type Autodebits } from './autodebits';

interface Payload {
  billId: string;
  /** The debit day it is for (Jakarta): a collection the service could not make that day waits for the next. */
  date: string;
}

/**
 * A card collection (payments.md, Reminders and autodebit): one attempt and one payment per
 * bill and debit day, the payment's id the gateway's order id — so a run again after a crash
 * asks the gateway before it charges, and the gateway refuses a second charge of the order.
 * The gateway's answer is booked as a notification's would be (the notification itself may
 * come first: it is booked once), then the attempt settled once.
 */
export function cardCollectionJob(o: {
  db: Kysely<Database>;
  clock: Clock;
  autodebits: Autodebits;
  booking: Booking;
  payments: Payments;
  gateway: PaymentGateway;
  graceDays: number;
}): JobHandler<Payload> {
  const { db, clock, autodebits, booking } = o;

  /** The day's attempt, made with its payment (`creating`) in one transaction; none when there is nothing to collect. */
  async function attemptFor({ billId, date }: Payload): Promise<AttemptRow | undefined> {
    const existing = await db
      .selectFrom('autodebit_attempts')
      .selectAll()
      .where('bill_id', '=', billId)
      .where('debit_date', '=', date)
      .executeTakeFirst();
    if (existing) return existing;
    const now = clock.now();
    if (jakartaDate(now) > date) return undefined;
    const bill = await db
      .selectFrom('bills')
      .innerJoin('autodebits', 'autodebits.policy_number', 'bills.policy_number')
      .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
      .select([
        'bills.id',
        'bills.policy_number',
        'bills.amount',
        'bills.due_date',
        'bills.paid_at',
        'bills.voided_at',
        'bills.kind',
        'autodebits.status',
        'autodebits.method',
        'autodebits.account_id',
        'policies.status as policy_status',
      ])
      .where('bills.id', '=', billId)
      .executeTakeFirst();
    // Ended meanwhile (from the next bill on), paid, voided, or the policy lapsed: nothing to collect.
    if (!bill || bill.status !== 'active' || bill.method !== 'auto_debit_card') return undefined;
    if (bill.paid_at !== null || bill.voided_at !== null) return undefined;
    if (bill.policy_status !== 'active' && bill.policy_status !== 'grace_period') return undefined;
    const status = billStatus(bill, jakartaDate(now), o.graceDays);
    if (status !== 'due' && status !== 'overdue') return undefined;
    // A payment the person began meanwhile is asked of the gateway and cancelled (booked, if it was paid).
    if (await o.payments.cancelOpen(billId)) return undefined;
    const paymentId = newId();
    const attempt: AttemptRow = {
      id: newId(),
      policy_number: bill.policy_number,
      bill_id: billId,
      debit_date: date,
      method: 'auto_debit_card',
      amount: bill.amount,
      status: 'charging',
      payment_id: paymentId,
      reason: null,
      created_at: now,
      settled_at: null,
    };
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('payments')
          .values(
            newPaymentRow({
              id: paymentId,
              billId,
              accountId: bill.account_id,
              key: `autodebit:${billId}:${date}`,
              method: 'autodebit_card',
              amount: bill.amount,
              expiresAt: now + 3_600_000,
              now,
            }),
          )
          .execute();
        await trx.insertInto('autodebit_attempts').values(attempt).execute();
      });
    } catch (err) {
      // Another run made it first, or the person began a payment after all: looked at again.
      if (isUniqueViolation(err)) throw new NotYet(5_000, 'the bill changed while its collection began');
      throw err;
    }
    return attempt;
  }

  return {
    kind: COLLECT_JOB,
    // A gateway away for hours is waited out: the bill stays due meanwhile, nothing is charged twice.
    retry: { maxAttempts: 30 },
    async run(payload) {
      const attempt = await attemptFor(payload);
      if (!attempt || !attempt.payment_id || (attempt.status !== 'charging' && attempt.status !== 'exported')) return;
      let payment = (await booking.row(attempt.payment_id)) as PaymentRow;
      let reason: string | null = null;
      if (payment.status === 'creating' || payment.status === 'pending') {
        // Asked first: a run after a crash finds the charge the last one made.
        let tx = await booking.gatewayStatus(payment.id);
        if (!tx) {
          const row = await db
            .selectFrom('autodebits')
            .selectAll()
            .where('policy_number', '=', attempt.policy_number)
            .executeTakeFirstOrThrow();
          const token = autodebits.cardToken(row);
          if (!token) {
            await booking.end(payment, 'failed');
            reason = 'no_card';
          } else {
            tx = await booking.gatewayCall(() =>
              o.gateway.chargeSavedCard({ orderId: payment.id, amount: payment.amount, tokenId: token }),
            );
          }
        }
        if (tx) {
          if (tx.transactionStatus === 'pending') throw new NotYet(10 * 60_000, 'the card charge is still pending');
          await booking.apply(payment, tx);
          reason = tx.statusMessage ?? tx.transactionStatus;
        }
        payment = (await booking.row(payment.id)) as PaymentRow;
      }
      if (!(await autodebits.recordCollection(attempt, payment, reason)))
        throw new Error('the card collection has no answer yet');
    },
  };
}
