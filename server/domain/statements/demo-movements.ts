import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { addDays } from '../calendar/working-days';
import { jakartaDate } from '../clock';
import { fundsOf } from '../requests/funds';
import { addMonths } from '../payments/bills';
import { recordMovements } from './movements';

/**
 * The demo's unit-linked policies' last two premiums, allocated on their anniversaries in the
 * funds they hold (in proportion to their value then), as movements: the chart has its marks and
 * the statement its lines. What they bought is in today's holdings already.
 */
export async function seedDemoMovements(
  db: Kysely<Database>,
  policies: Array<{ policyNumber: string; productName: string; startDate: string; premium: { amount: number } }>,
  now: number,
): Promise<void> {
  const today = jakartaDate(now);
  for (const p of policies) {
    const product = fundsOf(p.productName);
    if (!product) continue;
    const number = p.policyNumber.replace(/[\s-]+/gu, '').toUpperCase();
    const held = await db
      .selectFrom('policy_funds')
      .select(['fund_name', 'units_e4'])
      .where('policy_number', '=', number)
      .execute();
    const funds = held
      .map((h) => ({ code: product.funds.find((f) => f.name === h.fund_name)?.code, units: BigInt(h.units_e4) }))
      .filter((h): h is { code: string; units: bigint } => h.code !== undefined && h.units > 0n);
    if (funds.length === 0) continue;
    let anniversary = p.startDate;
    const anniversaries: string[] = [];
    while (anniversary < today) {
      anniversaries.push(anniversary);
      anniversary = addMonths(anniversary, 12);
    }
    for (const date of anniversaries.slice(-2)) {
      const prices: Array<{ code: string; units: bigint; price: bigint; date: string }> = [];
      for (const f of funds) {
        const row = await db
          .selectFrom('fund_prices')
          .select(['price_date', 'price_e4'])
          .where('fund_code', '=', f.code)
          .where('price_date', '>=', date)
          .where('price_date', '<=', addDays(date, 7))
          .orderBy('price_date')
          .limit(1)
          .executeTakeFirst();
        if (row) prices.push({ ...f, price: BigInt(row.price_e4), date: row.price_date });
      }
      if (prices.length !== funds.length) continue;
      const values = prices.map((f) => f.units * f.price);
      const sum = values.reduce((a, b) => a + b, 0n);
      const premiumE8 = BigInt(p.premium.amount) * 100_000_000n;
      await db.transaction().execute((trx) =>
        recordMovements(trx, {
          policyNumber: number,
          date: prices[0]!.date,
          moved: prices.map((f, i) => ({
            fundCode: f.code,
            unitsE4: (premiumE8 * values[i]!) / sum / f.price,
            priceE4: f.price,
          })),
          kind: () => 'premium_allocation',
          now,
        }),
      );
    }
  }
}
