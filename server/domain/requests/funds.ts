import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { addDays, type WorkingDays } from '../calendar/working-days';
import { jakartaDate, jakartaHour } from '../clock';
import { seeded } from '../network/demo-providers';
import { ALLOCATE_JOB, TOP_UP_JOB } from '../payments/booking';

export interface FundDef {
  code: string;
  name: string;
}

/** The unit-linked products' funds, by product, and the value a policy must keep after a withdrawal. */
const PRODUCTS: Record<string, { funds: FundDef[]; minimumValue: number }> = {
  'Investa Link Maxima': {
    funds: [
      { code: 'SAHAM', name: 'Dana Saham Indonesia' },
      { code: 'PENDAPATAN', name: 'Dana Pendapatan Tetap' },
      { code: 'PASAR_UANG', name: 'Dana Pasar Uang' },
      { code: 'CAMPURAN', name: 'Dana Campuran' },
    ],
    minimumValue: 10_000_000,
  },
};

export function fundsOf(productName: string): { funds: FundDef[]; minimumValue: number } | undefined {
  return PRODUCTS[productName];
}

/** Every fund of every unit-linked product, once. */
export function allFunds(): FundDef[] {
  const seen = new Map<string, FundDef>();
  for (const p of Object.values(PRODUCTS)) for (const f of p.funds) seen.set(f.code, f);
  return [...seen.values()];
}

/** The cut-off (policy-requests.md): received on a working day before 12:00 WIB, that day's price; else the next working day's. */
export function effectiveDate(now: number, workingDays: WorkingDays): string {
  const today = jakartaDate(now);
  if (workingDays.isWorkingDay(today) && jakartaHour(now) < 12) return today;
  return workingDays.addWorkingDays(today, 1);
}

/**
 * The insurer's unit prices, all in one transaction (a price already there is replaced); the
 * paid top-ups and premiums waiting for a price look again at once, on whichever instance runs
 * their jobs.
 */
export async function savePrices(
  db: Kysely<Database>,
  rows: Array<{ fund_code: string; price_date: string; price_e4: number }>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('fund_prices')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.columns(['fund_code', 'price_date']).doUpdateSet((eb) => ({ price_e4: eb.ref('excluded.price_e4') })),
        )
        .execute();
    }
    await trx
      .updateTable('jobs')
      .set((eb) => ({ run_at: eb.ref('created_at') }))
      .where('kind', 'in', [TOP_UP_JOB, ALLOCATE_JOB])
      .where('status', '=', 'pending')
      .execute();
  });
}

export async function priceOn(db: Kysely<Database>, fundCode: string, date: string): Promise<bigint | undefined> {
  const row = await db
    .selectFrom('fund_prices')
    .select('price_e4')
    .where('fund_code', '=', fundCode)
    .where('price_date', '=', date)
    .executeTakeFirst();
  return row ? BigInt(row.price_e4) : undefined;
}

/** Saturday or Sunday: no unit prices are published then. */
const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/**
 * Demo prices (development mode and the demo): a small random walk per fund over every day from
 * three months back to six months ahead, from the demo policy's own prices; and before it three
 * years of working days (Monday to Friday) walked back from the first, growing about 5 % a year,
 * so a chart "since start" has a history. Seeded once.
 */
export async function seedDemoFundPrices(db: Kysely<Database>, now: number): Promise<void> {
  const any = await db.selectFrom('fund_prices').select('fund_code').limit(1).executeTakeFirst();
  if (any) return;
  const start: Record<string, number> = {
    SAHAM: 28_754_312,
    PENDAPATAN: 15_439_021,
    PASAR_UANG: 12_000_000,
    CAMPURAN: 20_000_000,
  };
  const rnd = seeded(2026);
  const back = seeded(2015);
  const rows: Array<{ fund_code: string; price_date: string; price_e4: number }> = [];
  const first = addDays(jakartaDate(now), -90);
  for (const [code, base] of Object.entries(start)) {
    let price = base;
    for (let d = 0; d < 270; d++) {
      price = Math.max(10_000, Math.round(price * (1 + (rnd() - 0.5) * 0.01)));
      rows.push({ fund_code: code, price_date: addDays(first, d), price_e4: price });
    }
    let earlier = base;
    for (let d = 1; d <= 3 * 365; d++) {
      const date = addDays(first, -d);
      if (weekend(date)) continue;
      earlier = Math.max(10_000, Math.round(earlier / (1 + 0.0002 + (back() - 0.5) * 0.01)));
      rows.push({ fund_code: code, price_date: date, price_e4: earlier });
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('fund_prices')
      .values(rows.slice(i, i + 500))
      .execute();
}
