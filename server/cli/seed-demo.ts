import type { Kysely } from 'kysely';
import { addDays, daysBetween } from '../domain/calendar/working-days';
import { jakartaDate } from '../domain/clock';
import { seedDemoFundPrices } from '../domain/requests/funds';
import { seedDemoMovements } from '../domain/statements/demo-movements';
import { newId } from '../domain/identity/secrets';
import { normalisePhone } from '../domain/identity/masking';
import type { Database } from '../store/schema';
import type { DemoCustomers } from './demo-data';

/**
 * The day `resources/demo/customers.json` describes: its due dates, start dates and prices are
 * as they stand on this day. Seeded on another day, every one of them moves by the days between,
 * so each policy shows what the file seeds it to show (active with a bill due in a week, in its
 * grace period, lapsed) on whatever day the demo starts.
 */
export const DEMO_REFERENCE_DATE = '2026-11-24';

/** The demo file's dates laid relative to `today` (Jakarta): the same distances as from the reference day. */
export function demoShiftedToDay(customers: DemoCustomers, today: string): DemoCustomers {
  const days = daysBetween(DEMO_REFERENCE_DATE, today);
  if (days === 0) return customers;
  const shift = (date: string) => addDays(date, days);
  return customers.map((c) => ({
    ...c,
    policies: c.policies.map((p) => ({
      ...p,
      startDate: shift(p.startDate),
      premium: { ...p.premium, nextDueDate: p.premium.nextDueDate && shift(p.premium.nextDueDate) },
      ...(p.funds ? { funds: p.funds.map((f) => ({ ...f, priceDate: shift(f.priceDate) })) } : {}),
    })),
  }));
}

/**
 * Puts the demo customers and their policies into an empty database, their dates laid relative
 * to `now`; false when it was not empty.
 */
export async function seedCustomers(db: Kysely<Database>, file: DemoCustomers, now: number): Promise<boolean> {
  const any = await db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  const customers = demoShiftedToDay(file, jakartaDate(now));
  await db.transaction().execute(async (trx) => {
    for (const c of customers) {
      const phone = normalisePhone(c.phone);
      if (phone !== c.phone) throw new Error(`demo customer ${c.fullName}: ${c.phone} is not a valid E.164 number`);
      const id = newId();
      await trx
        .insertInto('customers')
        .values({
          id,
          full_name: c.fullName,
          date_of_birth: c.dateOfBirth,
          email: c.email.toLowerCase(),
          phone,
          created_at: now,
        })
        .execute();
      for (const p of c.policies) {
        await trx
          .insertInto('policies')
          .values({
            policy_number: p.policyNumber,
            printed_number: p.printedNumber,
            policy_type: p.policyType,
            product_name: p.productName,
            status: p.status,
            policyholder_name: p.policyholderName ?? c.fullName,
            start_date: p.startDate,
            sum_assured: p.sumAssured,
            premium_amount: p.premium.amount,
            premium_frequency: p.premium.frequency,
            next_due_date: p.premium.nextDueDate,
            payment_method: p.paymentMethod ?? null,
            tabarru_amount: p.tabarruAmount ?? null,
          })
          .onConflict((oc) => oc.column('policy_number').doNothing())
          .execute();
        await seedPolicyDetails(trx, p, id);
        const roles =
          p.policyType === 'group'
            ? [{ role: 'member' as const, member_number: (p.memberNumber ?? '').toUpperCase() || null }]
            : [
                { role: 'holder' as const, member_number: null },
                { role: 'insured' as const, member_number: null },
              ];
        for (const r of roles) {
          if (r.role === 'member' && !r.member_number)
            throw new Error(`demo ${p.policyNumber}: a group member needs memberNumber`);
          await trx
            .insertInto('policy_parties')
            .values({ policy_number: p.policyNumber, customer_id: id, ...r })
            .execute();
        }
      }
    }
  });
  // The unit-linked demo policy's funds have prices every day (policy-requests.md: fund orders),
  // and its last premiums' allocations (statements.md).
  await seedDemoFundPrices(db, now);
  await seedDemoMovements(
    db,
    customers.flatMap((c) => c.policies),
    now,
  );
  return true;
}

type DemoPolicy = DemoCustomers[number]['policies'][number];

/** Coverages (the basic cover, then riders), beneficiaries and unit-linked funds. */
async function seedPolicyDetails(db: Kysely<Database>, p: DemoPolicy, customerId: string): Promise<void> {
  // A group policy has one basic cover per member; others one per policy.
  const member = p.policyType === 'group' ? customerId : null;
  const taken = await db
    .selectFrom('policy_coverages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('policy_number', '=', p.policyNumber)
    .executeTakeFirstOrThrow();
  if (member === null && Number(taken.n) > 0) return;
  const covers = [
    { name: p.productName, kind: 'basic' as const, sumAssured: p.sumAssured },
    ...(p.riders ?? []).map((r) => ({ ...r, kind: 'rider' as const })),
  ];
  let seq = Number(taken.n);
  for (const c of covers) {
    await db
      .insertInto('policy_coverages')
      .values({
        policy_number: p.policyNumber,
        seq: ++seq,
        name: c.name,
        kind: c.kind,
        sum_assured: c.sumAssured,
        customer_id: member ?? customerId,
      })
      .execute();
  }
  // A group member's beneficiaries are their own; numbering goes on across the members.
  const named = await db
    .selectFrom('policy_beneficiaries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('policy_number', '=', p.policyNumber)
    .executeTakeFirstOrThrow();
  for (const [i, b] of (p.beneficiaries ?? []).entries()) {
    await db
      .insertInto('policy_beneficiaries')
      .values({
        policy_number: p.policyNumber,
        seq: Number(named.n) + i + 1,
        full_name: b.fullName,
        relationship: b.relationship,
        share_percent: b.sharePercent,
        customer_id: member,
      })
      .execute();
  }
  for (const f of p.funds ?? []) {
    await db
      .insertInto('policy_funds')
      .values({
        policy_number: p.policyNumber,
        fund_name: f.fundName,
        units_e4: Math.round(f.units * 1e4),
        unit_price_e4: Math.round(f.unitPrice * 1e4),
        price_date: f.priceDate,
      })
      .execute();
  }
}
