import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Language } from '../../../contract/api/common';
import type { Benefits, ClaimType } from '../../../contract/api/claims';
import type { Database } from '../../store/schema';
import { addDays } from '../calendar/working-days';
import { jakartaDate, type Clock } from '../clock';
import { ServiceError } from '../errors';
import type { Policies } from '../policies/policies';
import { coverOf, type BenefitDef } from './catalogue';

/** The policy year that holds `today`: from the last anniversary of the start date, for a year. */
export function policyYear(startDate: string, today: string): { from: string; to: string } {
  const [, m, d] = startDate.split('-');
  const anniversary = (year: number) => {
    // A policy that began on 29 February has its anniversary on 28 February in other years.
    const day = m === '02' && d === '29' && !isLeap(year) ? '28' : d;
    return `${year}-${m}-${day}`;
  };
  let year = Number(today.slice(0, 4));
  if (anniversary(year) > today) year -= 1;
  return { from: anniversary(year), to: addDays(anniversary(year + 1), -1) };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Sisa limit manfaat (claims.md, Benefit limits): per-benefit limits and what the year has used. */
export class BenefitLimits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policies: Policies,
    private readonly clock: Clock,
  ) {}

  static defsFor(covers: string[]): BenefitDef[] {
    return covers.flatMap((c) => coverOf(c)?.benefits ?? []);
  }

  /** `GET /v1/policies/{policyNumber}/benefits?personId=`: the caller's, or a person they may claim for. */
  async of(customerId: string, policyNumber: string, personId: string | undefined, lang: Language): Promise<Benefits> {
    const view = await this.policies.claimantView(customerId, policyNumber);
    if (!view) throw new ServiceError('not_found', 'No such policy.');
    const person =
      view.people.find((p) => p.customerId === (personId ?? customerId)) ?? (personId ? undefined : view.people[0]);
    if (!person) throw new ServiceError('not_found', 'No such person on this policy.');
    const period = policyYear(view.startDate, jakartaDate(this.clock.now()));
    const used = await this.usedIn(this.db, view.policyNumber, person.customerId, period.from);
    return {
      period,
      benefits: BenefitLimits.defsFor(person.covers).map((b) => {
        const u = b.per === 'year' ? (used.get(b.code) ?? 0) : 0;
        return {
          code: b.code,
          name: b.name[lang],
          limit: b.limit,
          per: b.per,
          used: u,
          remaining: Math.max(0, b.limit - u),
        };
      }),
    };
  }

  /** The yearly benefit a claim type is paid under, and what is left of it; none for types without one. */
  async remaining(
    db: Kysely<Database>,
    claim: { policy_number: string; customer_id: string; type: ClaimType },
    covers: string[],
    startDate: string,
    at: number,
  ): Promise<{ code: string; remaining: number; periodFrom: string } | undefined> {
    const def = BenefitLimits.defsFor(covers).find((b) => b.per === 'year' && b.usedBy === claim.type);
    if (!def) return undefined;
    const period = policyYear(startDate, jakartaDate(at));
    const used = await this.usedIn(db, claim.policy_number, claim.customer_id, period.from);
    return { code: def.code, remaining: Math.max(0, def.limit - (used.get(def.code) ?? 0)), periodFrom: period.from };
  }

  /** A paid claim uses its benefit, in the transaction that marks it paid. */
  async use(
    trx: Kysely<Database>,
    key: { policyNumber: string; customerId: string; code: string; periodFrom: string },
    amount: number,
  ): Promise<void> {
    await trx
      .insertInto('benefit_usage')
      .values({
        policy_number: key.policyNumber,
        customer_id: key.customerId,
        benefit_code: key.code,
        period_from: key.periodFrom,
        used: amount,
      })
      .onConflict((oc) =>
        oc
          .columns(['policy_number', 'customer_id', 'benefit_code', 'period_from'])
          .doUpdateSet({ used: sql<number>`benefit_usage.used + ${amount}` }),
      )
      .execute();
  }

  private async usedIn(db: Kysely<Database>, policyNumber: string, customerId: string, periodFrom: string) {
    const rows = await db
      .selectFrom('benefit_usage')
      .select(['benefit_code', 'used'])
      .where('policy_number', '=', policyNumber)
      .where('customer_id', '=', customerId)
      .where('period_from', '=', periodFrom)
      .execute();
    return new Map(rows.map((r) => [r.benefit_code, Number(r.used)]));
  }
}
