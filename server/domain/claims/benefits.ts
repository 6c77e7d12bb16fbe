import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Language } from '../../../contract/api/common';
import type { Benefits, ClaimType } from '../../../contract/api/claims';
import type { Database } from '../../store/schema';
import { addDays } from '../calendar/working-days';
import { jakartaDate, type Clock } from '../clock';
import { brokenRules, ServiceError } from '../errors';
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

  /**
   * The yearly benefit a claim type is paid under, and what is left of it to promise: the limit
   * less what was paid this policy year and what is approved and not yet paid (a guarantee
   * letter given is money promised), this claim's own approval aside. None for types without one.
   * Read inside the deciding transaction, after the policy's row is locked (lock-order.ts), so
   * two approvals of one policy are decided one after the other.
   */
  async remaining(
    db: Kysely<Database>,
    claim: { id?: string; policy_number: string; customer_id: string; type: ClaimType },
    covers: string[],
    startDate: string,
    at: number,
  ): Promise<{ code: string; limit: number; remaining: number; periodFrom: string } | undefined> {
    const def = BenefitLimits.defsFor(covers).find((b) => b.per === 'year' && b.usedBy === claim.type);
    if (!def) return undefined;
    const period = policyYear(startDate, jakartaDate(at));
    const used = await this.usedIn(db, claim.policy_number, claim.customer_id, period.from);
    let promised = db
      .selectFrom('claims')
      .select((eb) => eb.fn.sum<number | string | null>('approved_amount').as('n'))
      .where('policy_number', '=', claim.policy_number)
      .where('customer_id', '=', claim.customer_id)
      .where('type', '=', claim.type)
      .where('status', '=', 'approved');
    if (claim.id) promised = promised.where('id', '!=', claim.id);
    const approved = Number((await promised.executeTakeFirst())?.n ?? 0);
    return {
      code: def.code,
      limit: def.limit,
      remaining: Math.max(0, def.limit - (used.get(def.code) ?? 0) - approved),
      periodFrom: period.from,
    };
  }

  /**
   * A paid claim uses its benefit, in the transaction that marks it paid. The statement that
   * raises the usage checks the limit itself: of two payments that would pass it together, the
   * second raises nothing and is refused (`benefit_limit_exceeded`).
   */
  async use(
    trx: Kysely<Database>,
    key: { policyNumber: string; customerId: string; code: string; periodFrom: string },
    amount: number,
    limit: number,
  ): Promise<void> {
    if (amount > limit) throw brokenRules(['benefit_limit_exceeded'], { remaining: limit });
    const raised = await trx
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
          .doUpdateSet({ used: sql<number>`benefit_usage.used + ${amount}` })
          .where(sql<boolean>`benefit_usage.used + ${amount} <= ${limit}`),
      )
      .executeTakeFirst();
    if (Number(raised.numInsertedOrUpdatedRows ?? 0) !== 1) {
      const used = await this.usedIn(trx, key.policyNumber, key.customerId, key.periodFrom);
      throw brokenRules(['benefit_limit_exceeded'], { remaining: Math.max(0, limit - (used.get(key.code) ?? 0)) });
    }
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
