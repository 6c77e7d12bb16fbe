import type { Kysely } from 'kysely';
import type { Database, UnitMovementsTable } from '../../store/schema';
import { newId } from '../identity/secrets';

/** Units (ten-thousandths) at a price (ten-thousandths of a rupiah) in integer rupiah, rounded half up. */
export function rupiahOf(unitsE4: bigint, priceE4: bigint): bigint {
  const e8 = unitsE4 * priceE4;
  const sign = e8 < 0n ? -1n : 1n;
  return (sign * (sign * e8 + 50_000_000n)) / 100_000_000n;
}

/**
 * The units a policy's order moved, fund by fund (statements.md): each change of holdings at
 * the order's price date is a movement, bought units positive. Written in the order's own
 * transaction, so what the policy holds and how it came to hold it never disagree.
 */
export async function recordMovements(
  trx: Kysely<Database>,
  o: {
    policyNumber: string;
    date: string;
    /** Units moved per fund code (signed), and their price that date. */
    moved: Array<{ fundCode: string; unitsE4: bigint; priceE4: bigint }>;
    kind: (unitsE4: bigint) => UnitMovementsTable['kind'];
    requestId?: string;
    billId?: string;
    now: number;
  },
): Promise<void> {
  const rows = o.moved
    .filter((m) => m.unitsE4 !== 0n)
    .map((m) => ({
      id: newId(),
      policy_number: o.policyNumber,
      price_date: o.date,
      kind: o.kind(m.unitsE4),
      fund_code: m.fundCode,
      amount: Number(rupiahOf(m.unitsE4 < 0n ? -m.unitsE4 : m.unitsE4, m.priceE4)),
      units_e4: Number(m.unitsE4),
      price_e4: Number(m.priceE4),
      request_id: o.requestId ?? null,
      bill_id: o.billId ?? null,
      created_at: o.now,
    }));
  if (rows.length > 0) await trx.insertInto('unit_movements').values(rows).execute();
}
