import type { Kysely } from 'kysely';
import { NotYet, type JobHandler, type Jobs } from '../../jobs/jobs';
import type { Database } from '../../store/schema';
import type { WorkingDays } from '../calendar/working-days';
import type { Clock } from '../clock';
import { ALLOCATE_JOB, type BillFacts } from '../payments/booking';
import { effectiveDate, fundsOf, priceOn } from '../requests/funds';
import { recordMovements } from './movements';

export { ALLOCATE_JOB };

/**
 * A paid premium of a unit-linked policy buys units (statements.md: premium allocations): in the
 * booking's transaction a job is written; it prices the premium at the cut-off of the moment it was
 * paid (policy-requests.md), waits for that day's prices (a price import wakes it, as it wakes a
 * top-up), and buys units in the funds in proportion to what the policy holds then — all of the
 * premium, as the demo products allocate it (charges are the insurer's product rules, not here).
 * Once per bill and fund, by the movements' unique index.
 */
export function premiumAllocation(o: { db: Kysely<Database>; jobs: Jobs; clock: Clock; workingDays: WorkingDays }): {
  onBooking: (trx: Kysely<Database>, bill: BillFacts, now: number) => Promise<void>;
  handler: JobHandler<{ billId: string }>;
} {
  const { db } = o;
  return {
    async onBooking(trx, bill, now) {
      if (bill.kind !== 'premium') return;
      const policy = await trx
        .selectFrom('policies')
        .select('product_name')
        .where('policy_number', '=', bill.policy_number)
        .executeTakeFirst();
      if (!policy || !fundsOf(policy.product_name)) return;
      await o.jobs.add(trx, now, { kind: ALLOCATE_JOB, key: `allocate:${bill.id}`, payload: { billId: bill.id } });
    },
    handler: {
      kind: ALLOCATE_JOB,
      retry: { maxAttempts: 30 },
      async run({ billId }) {
        const bill = await db
          .selectFrom('bills')
          .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
          .select(['bills.id', 'bills.policy_number', 'bills.amount', 'bills.paid_at', 'policies.product_name'])
          .where('bills.id', '=', billId)
          .executeTakeFirst();
        const product = bill && fundsOf(bill.product_name);
        if (!bill || bill.paid_at === null || !product) return;
        const done = await db
          .selectFrom('unit_movements')
          .select('id')
          .where('bill_id', '=', billId)
          .executeTakeFirst();
        if (done) return;
        const date = effectiveDate(bill.paid_at, o.workingDays);
        const prices = new Map<string, bigint>();
        for (const f of product.funds) {
          const p = await priceOn(db, f.code, date);
          if (p) prices.set(f.code, p);
        }
        await db.transaction().execute(async (trx) => {
          const held = await trx
            .selectFrom('policy_funds')
            .select(['fund_name', 'units_e4'])
            .where('policy_number', '=', bill.policy_number)
            .execute();
          // In proportion to the value held that day; a policy holding nothing buys its first fund.
          const weights = held
            .map((h) => {
              const code = product.funds.find((f) => f.name === h.fund_name)?.code;
              return code ? { code, name: h.fund_name, units: BigInt(h.units_e4) } : undefined;
            })
            .filter((h): h is { code: string; name: string; units: bigint } => h !== undefined && h.units > 0n);
          const into =
            weights.length > 0 ? weights : [{ code: product.funds[0]!.code, name: product.funds[0]!.name, units: 0n }];
          for (const w of into)
            if (!prices.get(w.code)) throw new NotYet(15 * 60_000, `no unit price of ${w.code} on ${date} yet`);
          const values = into.map((w) => (w.units > 0n ? w.units * prices.get(w.code)! : 1n));
          const sum = values.reduce((a, b) => a + b, 0n);
          const premiumE8 = BigInt(bill.amount) * 100_000_000n;
          const moved = into.map((w, i) => {
            const share = (premiumE8 * values[i]!) / sum;
            return {
              fundCode: w.code,
              name: w.name,
              unitsE4: share / prices.get(w.code)!,
              priceE4: prices.get(w.code)!,
            };
          });
          for (const m of moved) {
            const current = held.find((h) => h.fund_name === m.name);
            const set = {
              units_e4: Number(BigInt(current?.units_e4 ?? 0) + m.unitsE4),
              unit_price_e4: Number(m.priceE4),
              price_date: date,
            };
            await trx
              .insertInto('policy_funds')
              .values({ policy_number: bill.policy_number, fund_name: m.name, ...set })
              .onConflict((oc) => oc.columns(['policy_number', 'fund_name']).doUpdateSet(set))
              .execute();
          }
          await recordMovements(trx, {
            policyNumber: bill.policy_number,
            date,
            moved,
            kind: () => 'premium_allocation',
            billId,
            now: o.clock.now(),
          });
        });
      },
    },
  };
}
