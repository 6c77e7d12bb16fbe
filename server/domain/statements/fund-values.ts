import type { Kysely } from 'kysely';
import type { FundPrices, PolicyValue, UnitMovement } from '../../../contract/api/statements';
import { decimal4FromE4 } from '../../../contract/api/common';
import type { Database } from '../../store/schema';
import { addDays } from '../calendar/working-days';
import { jakartaDate, type Clock } from '../clock';
import { brokenRules, ServiceError } from '../errors';
import { decodeCursor, encodeCursor } from '../paging';
import type { Policies } from '../policies/policies';
import { allFunds, fundsOf, type FundDef } from '../requests/funds';
import { addMonths } from '../payments/bills';
import { rupiahOf } from './movements';

/** At most five years a call (statements.md). */
const MAX_YEARS = 5;

export interface Range {
  from: string;
  to: string;
}

/** A unit-linked policy as the reads need it: its number, its funds and its holdings now. */
export interface FundedPolicy {
  policyNumber: string;
  printedNumber: string;
  productName: string;
  holder: string;
  startDate: string;
  funds: FundDef[];
  /** Units held now, by fund code (ten-thousandths). */
  held: Map<string, bigint>;
}

/**
 * The reads of statements.md on the prices and the unit movements kept: a fund's prices, a
 * policy's value on each price date (units at the end of that date: today's less what moved
 * since), and its movements.
 */
export class FundValues {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policies: Policies,
    private readonly clock: Clock,
  ) {}

  /** `from`/`to` as asked, or the last year to today; at most five years, and in order. */
  range(q: { from?: string; to?: string }): Range {
    const to = q.to ?? jakartaDate(this.clock.now());
    const from = q.from ?? addMonths(to, -12);
    if (from > to) throw brokenRules(['range_reversed']);
    if (addMonths(from, 12 * MAX_YEARS) < to) throw brokenRules(['range_too_long']);
    return { from, to };
  }

  async prices(fundCode: string, q: { from?: string; to?: string }): Promise<FundPrices> {
    const fund = allFunds().find((f) => f.code === fundCode);
    if (!fund) throw new ServiceError('not_found', 'No such fund.');
    const { from, to } = this.range(q);
    const rows = await this.db
      .selectFrom('fund_prices')
      .select(['price_date', 'price_e4'])
      .where('fund_code', '=', fundCode)
      .where('price_date', '>=', from)
      .where('price_date', '<=', to)
      .orderBy('price_date')
      .execute();
    return {
      fundCode,
      name: fund.name,
      currency: 'IDR',
      prices: rows.map((r) => ({ date: r.price_date, price: decimal4FromE4(BigInt(r.price_e4)) })),
    };
  }

  /** The caller's unit-linked policy (a party to it); `not_found` alike for a stranger's. */
  async funded(customerId: string, policyNumber: string): Promise<FundedPolicy> {
    const part = await this.policies.partOf(customerId, policyNumber);
    if (!part) throw new ServiceError('not_found', 'No such policy.');
    return this.fundedPolicy(policyNumber);
  }

  /** A unit-linked policy, whoever asks (the statement's job). */
  async fundedPolicy(policyNumber: string): Promise<FundedPolicy> {
    const row = await this.db
      .selectFrom('policies')
      .select(['policy_number', 'printed_number', 'product_name', 'policyholder_name', 'start_date'])
      .where('policy_number', '=', policyNumber)
      .executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such policy.');
    const product = fundsOf(row.product_name);
    if (!product) throw brokenRules(['not_unit_linked']);
    const held = new Map<string, bigint>();
    for (const h of await this.db
      .selectFrom('policy_funds')
      .select(['fund_name', 'units_e4'])
      .where('policy_number', '=', policyNumber)
      .execute()) {
      const code = product.funds.find((f) => f.name === h.fund_name)?.code;
      if (code) held.set(code, BigInt(h.units_e4));
    }
    return {
      policyNumber: row.policy_number,
      printedNumber: row.printed_number,
      productName: row.product_name,
      holder: row.policyholder_name,
      startDate: row.start_date,
      funds: product.funds,
      held,
    };
  }

  async value(customerId: string, policyNumber: string, q: { from?: string; to?: string }): Promise<PolicyValue> {
    const policy = await this.funded(customerId, policyNumber);
    return this.valueOf(policy, this.range(q));
  }

  /**
   * Units held at the end of `date`, by fund — today's holdings less every movement after it —
   * with each fund's last price on or before it (none before its first price).
   */
  async holdingsAt(policy: FundedPolicy, date: string): Promise<Map<string, { units: bigint; price?: bigint }>> {
    const after = await this.db
      .selectFrom('unit_movements')
      .select(['fund_code', 'units_e4'])
      .where('policy_number', '=', policy.policyNumber)
      .where('price_date', '>', date)
      .execute();
    const units = new Map(policy.held);
    for (const m of after) units.set(m.fund_code, (units.get(m.fund_code) ?? 0n) - BigInt(m.units_e4));
    const out = new Map<string, { units: bigint; price?: bigint }>();
    for (const [code, u] of units) {
      const last = await this.db
        .selectFrom('fund_prices')
        .select('price_e4')
        .where('fund_code', '=', code)
        .where('price_date', '<=', date)
        .orderBy('price_date', 'desc')
        .limit(1)
        .executeTakeFirst();
      out.set(code, { units: u, ...(last ? { price: BigInt(last.price_e4) } : {}) });
    }
    return out;
  }

  /**
   * The value on each price date of the range: units at the end of the day before it, then each
   * date's movements added as the walk passes them; a fund without a price that day keeps its last
   * one (a price date of one fund alone still counts).
   */
  async valueOf(policy: FundedPolicy, { from, to }: Range): Promise<PolicyValue> {
    const start = await this.holdingsAt(policy, addDays(from, -1));
    const since = await this.db
      .selectFrom('unit_movements')
      .select(['price_date', 'fund_code', 'units_e4'])
      .where('policy_number', '=', policy.policyNumber)
      .where('price_date', '>=', from)
      .where('price_date', '<=', to)
      .orderBy('price_date')
      .execute();
    const units = new Map([...start].map(([code, h]) => [code, h.units] as const));
    const last = new Map<string, bigint>();
    for (const [code, h] of start) if (h.price !== undefined) last.set(code, h.price);
    // In the product's order, so a legend and a table's columns read the same every time.
    const order = (code: string) => policy.funds.findIndex((f) => f.code === code);
    const codes = [...new Set([...start.keys(), ...since.map((m) => m.fund_code)])].sort((a, b) => order(a) - order(b));
    if (codes.length === 0) return { points: [], fundNames: {} };
    const prices = await this.db
      .selectFrom('fund_prices')
      .select(['fund_code', 'price_date', 'price_e4'])
      .where('fund_code', 'in', codes)
      .where('price_date', '>=', from)
      .where('price_date', '<=', to)
      .orderBy('price_date')
      .execute();
    const points: PolicyValue['points'] = [];
    let m = 0;
    for (let i = 0; i < prices.length;) {
      const date = prices[i]!.price_date;
      for (; i < prices.length && prices[i]!.price_date === date; i++)
        last.set(prices[i]!.fund_code, BigInt(prices[i]!.price_e4));
      for (; m < since.length && since[m]!.price_date <= date; m++)
        units.set(since[m]!.fund_code, (units.get(since[m]!.fund_code) ?? 0n) + BigInt(since[m]!.units_e4));
      const funds: PolicyValue['points'][number]['funds'] = [];
      let total = 0n;
      for (const code of codes) {
        const u = units.get(code) ?? 0n;
        const price = last.get(code);
        if (u <= 0n || price === undefined) continue;
        const value = rupiahOf(u, price);
        total += value;
        funds.push({ fundCode: code, units: decimal4FromE4(u), price: decimal4FromE4(price), value: Number(value) });
      }
      points.push({ date, total: Number(total), funds });
    }
    const fundNames = Object.fromEntries(
      codes.map((c) => [c, policy.funds.find((f) => f.code === c)?.name ?? c] as const),
    );
    return { points, fundNames };
  }

  /** Every movement of a policy, oldest first (a copy of the person's data). */
  async movementsOf(policyNumber: string): Promise<UnitMovement[]> {
    const rows = await this.db
      .selectFrom('unit_movements')
      .leftJoin('requests', 'requests.id', 'unit_movements.request_id')
      .selectAll('unit_movements')
      .select('requests.number as request_number')
      .where('unit_movements.policy_number', '=', policyNumber)
      .orderBy('unit_movements.price_date')
      .orderBy('unit_movements.created_at')
      .execute();
    return rows.map(movementOf);
  }

  async transactions(
    customerId: string,
    policyNumber: string,
    q: { from?: string; to?: string; limit: number; cursor?: string },
  ): Promise<{ items: UnitMovement[]; nextCursor?: string }> {
    const policy = await this.funded(customerId, policyNumber);
    const range = this.range(q);
    let query = this.db
      .selectFrom('unit_movements')
      .leftJoin('requests', 'requests.id', 'unit_movements.request_id')
      .selectAll('unit_movements')
      .select('requests.number as request_number')
      .where('unit_movements.policy_number', '=', policy.policyNumber)
      .where('unit_movements.price_date', '>=', range.from)
      .where('unit_movements.price_date', '<=', range.to);
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      const date = dateOfKey(c.at);
      query = query.where((eb) =>
        eb.or([
          eb('unit_movements.price_date', '<', date),
          eb.and([eb('unit_movements.price_date', '=', date), eb('unit_movements.id', '<', c.id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('unit_movements.price_date', 'desc')
      .orderBy('unit_movements.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const page = rows.slice(0, q.limit);
    const tail = page.at(-1);
    return {
      items: page.map(movementOf),
      ...(rows.length > q.limit && tail ? { nextCursor: encodeCursor(keyOfDate(tail.price_date), tail.id) } : {}),
    };
  }
}

/** A date as the cursor's number (`2026-11-24` → 20261124) and back. */
const keyOfDate = (date: string) => Number(date.replaceAll('-', ''));
function dateOfKey(key: number): string {
  const s = String(key);
  if (!/^\d{8}$/u.test(s))
    throw new ServiceError('invalid_request', 'Unknown cursor.', { in: 'querystring', fields: ['cursor'] });
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** A movement as the contract says it: units positive (the kind says the direction). */
function movementOf(r: {
  price_date: string;
  kind: UnitMovement['kind'];
  fund_code: string;
  amount: number;
  units_e4: number;
  price_e4: number;
  request_number?: string | null;
}): UnitMovement {
  return {
    date: r.price_date,
    kind: r.kind,
    fundCode: r.fund_code,
    amount: r.amount,
    units: decimal4FromE4(BigInt(Math.abs(r.units_e4))),
    price: decimal4FromE4(BigInt(r.price_e4)),
    ...(r.request_number ? { requestNumber: r.request_number } : {}),
  };
}
