import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { Booking } from './booking';

/**
 * `payments reconcile --date`: every difference between the gateway's transactions and
 * the ledger for the payments of one Jakarta day, and the notifications kept that day.
 */
export async function reconcile(
  db: Kysely<Database>,
  booking: Booking,
  date: string,
): Promise<Array<{ paymentId: string; difference: string; detail: string }>> {
  const from = Date.parse(`${date}T00:00:00+07:00`);
  const to = from + 86_400_000;
  const rows = await db
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
    const tx = await booking.gatewayStatus(r.id);
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
  const kept = await db
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
