import type crypto from 'node:crypto';
import type { CardKey, MemberCard } from '../../../contract/api/network';
import { addDays } from '../calendar/working-days';
import { policyYear } from '../claims/benefits';
import { coverOf, hasMemberCard } from '../claims/catalogue';
import { jakartaDate, type Clock } from '../clock';
import { brokenRules, ServiceError } from '../errors';
import { CARD_STATUSES, type Policies } from '../policies/policies';
import { publicJwk, signCard } from './card-signing';
import { planOf } from './network';

/** A card is good for this long at most; the app fetches a fresh one whenever it is online. */
const CARD_DAYS = 30;

/** Kartu Peserta (network.md, Digital member card): health and group policies, one card per insured person. */
export class MemberCards {
  readonly jwk: CardKey;

  constructor(
    private readonly policies: Policies,
    private readonly key: crypto.KeyObject,
    private readonly clock: Clock,
  ) {
    this.jwk = publicJwk(key);
  }

  /** `personId` absent: the caller's own card, or the first insured person's when the caller is only the holder. */
  async card(customerId: string, policyNumber: string, personId: string | undefined): Promise<MemberCard> {
    const view = await this.policies.claimantView(customerId, policyNumber);
    if (!view) throw new ServiceError('not_found', 'No such policy.');
    const plan = planOf(view);
    if (!hasMemberCard(view.policyType, view.productName))
      throw new ServiceError('not_found', 'This policy has no member card.');
    const person = personId
      ? view.people.find((x) => x.customerId === personId)
      : (view.people.find((x) => x.customerId === customerId) ?? view.people[0]);
    if (!person) throw new ServiceError('not_found', 'No such person.');
    if (!CARD_STATUSES.has(view.status)) throw brokenRules(['policy_not_active']);

    const today = jakartaDate(this.clock.now());
    const yearEnds = policyYear(view.startDate, today).to;
    const cap = addDays(today, CARD_DAYS);
    const validUntil = yearEnds < cap ? yearEnds : cap;
    // Individual policies number their insured people after the policy (its own member number on a group policy).
    const ordinal = view.people.indexOf(person) + 1;
    const memberNumber = person.memberNumber ?? `${view.printedNumber}-${String(ordinal).padStart(2, '0')}`;
    const planName = plan?.name ?? view.productName;
    const qr = signCard(this.key, {
      memberNumber,
      policyNumber: view.printedNumber,
      plan: plan?.code ?? view.productName,
      // The end of the last valid day in Jakarta.
      exp: Math.floor(Date.parse(`${validUntil}T23:59:59+07:00`) / 1000),
    });
    return {
      memberName: person.fullName,
      memberNumber,
      policyNumber: view.printedNumber,
      planName,
      validUntil,
      cashless: coverOf(view.productName)?.methods.includes('cashless') ?? false,
      qr,
    };
  }
}
