import type {
  BeneficiaryPayloadSchema,
  DataCorrectionPayloadSchema,
  FundSwitchPayloadSchema,
  PaymentMethodPayloadSchema,
  TopUpPayloadSchema,
  WithdrawalPayloadSchema,
} from '../../../contract/api/requests';
import { DEBIT_DAYS, PAYLOAD_SCHEMAS, RELATIONSHIPS, type RequestType } from '../../../contract/api/requests';
import { addDays } from '../calendar/working-days';
import { BANKS } from '../claims/banks';
import { sameName } from '../claims/names';
import type { z } from 'zod';
import { decimal4ToE4 } from '../../../contract/api/common';
import { isRuleName } from '../../../contract/rules';

/** A lapsed policy may be reinstated within this many months of its lapse. */
export const REINSTATEMENT_MONTHS = 24;

export interface FundFacts {
  /** The product's funds by code, and the value the policy must keep. */
  codes: Set<string>;
  minimumValue: number;
  /** Units held (ten-thousandths) and the latest unit price (ten-thousandths of a rupiah), by fund code. */
  held: Map<string, bigint>;
  price: Map<string, bigint>;
}

export interface PolicyFacts {
  status: string;
  policyholderName: string;
  funds?: FundFacts;
  /** The due date left unpaid, from which the grace period ran out (lapsed policies). */
  nextDueDate: string | null;
  graceDays: number;
  today: string;
}

/** The broken rules of a payload, each named; an empty list: it may go. */
export function brokenRulesOf(type: RequestType, payload: unknown, policy: PolicyFacts): string[] {
  const schema = PAYLOAD_SCHEMAS[type];
  if (!schema) return ['type_not_available'];
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return schemaRules(parsed.error.issues);
  switch (type) {
    case 'address_change':
      // The postal code's five digits are the schema's rule (postal_code_invalid).
      return [];
    case 'data_correction': {
      const c = parsed.data as z.output<typeof DataCorrectionPayloadSchema>;
      return c.dateOfBirth !== undefined && c.dateOfBirth > policy.today ? ['date_of_birth_in_future'] : [];
    }
    case 'beneficiary_change': {
      const { beneficiaries } = parsed.data as z.output<typeof BeneficiaryPayloadSchema>;
      const rules: string[] = [];
      if (beneficiaries.length < 1 || beneficiaries.length > 10) rules.push('beneficiaries_count');
      if (beneficiaries.some((b) => !Number.isInteger(b.sharePercent) || b.sharePercent <= 0))
        rules.push('shares_not_whole');
      if (beneficiaries.reduce((sum, b) => sum + b.sharePercent, 0) !== 100) rules.push('shares_not_100');
      if (beneficiaries.some((b) => !(RELATIONSHIPS as readonly string[]).includes(b.relationship)))
        rules.push('relationship_unknown');
      if (beneficiaries.some((b) => b.dateOfBirth > policy.today)) rules.push('date_of_birth_in_future');
      return rules;
    }
    case 'payment_method_change': {
      const m = parsed.data as z.output<typeof PaymentMethodPayloadSchema>;
      const rules: string[] = [];
      if (
        m.method === 'virtual_account'
          ? m.debitDay !== undefined
          : !(DEBIT_DAYS[m.method] as readonly number[]).includes(m.debitDay ?? -1)
      )
        rules.push('debit_day_invalid');
      // A BCA autodebit names the account, the policyholder's own; the other methods name none.
      if (m.method === 'auto_debit_bca') {
        if (!m.account) rules.push('debit_account_required');
        else if (!sameName(m.account.accountHolder, policy.policyholderName)) rules.push('payout_holder_mismatch');
      } else if (m.account) rules.push('debit_account_not_needed');
      return rules;
    }
    case 'reinstatement': {
      if (policy.status !== 'lapsed') return ['policy_not_lapsed'];
      const lapsedOn = policy.nextDueDate ? addDays(policy.nextDueDate, policy.graceDays) : null;
      if (!lapsedOn) return [];
      const [y, m, d] = lapsedOn.split('-').map(Number) as [number, number, number];
      const until = new Date(Date.UTC(y, m - 1 + REINSTATEMENT_MONTHS, d)).toISOString().slice(0, 10);
      return policy.today > until ? ['reinstatement_period_over'] : [];
    }
    case 'fund_switch': {
      const f = parsed.data as z.output<typeof FundSwitchPayloadSchema>;
      const funds = policy.funds;
      if (!funds) return ['not_unit_linked'];
      const rules = new Set<string>();
      for (const x of [...f.from, ...f.to]) if (!funds.codes.has(x.fundCode)) rules.add('fund_unknown');
      for (const x of f.from) {
        if (!funds.held.get(x.fundCode)) rules.add('fund_not_held');
        if (!Number.isInteger(x.percent) || x.percent <= 0) rules.add('percent_invalid');
        else if (x.percent > 100) rules.add('switch_over_100');
      }
      allocationRules(f.to, rules);
      return [...rules];
    }
    case 'top_up': {
      const t = parsed.data as z.output<typeof TopUpPayloadSchema>;
      const funds = policy.funds;
      if (!funds) return ['not_unit_linked'];
      const rules = new Set<string>();
      if (t.amount < TOP_UP_MINIMUM) rules.add('top_up_below_minimum');
      for (const x of t.allocation) if (!funds.codes.has(x.fundCode)) rules.add('fund_unknown');
      allocationRules(t.allocation, rules);
      return [...rules];
    }
    case 'withdrawal': {
      const w = parsed.data as z.output<typeof WithdrawalPayloadSchema>;
      const funds = policy.funds;
      if (!funds) return ['not_unit_linked'];
      const rules = new Set<string>();
      if (!BANKS.some((b) => b.code === w.payout.bankCode)) rules.add('bank_unknown');
      if (!sameName(w.payout.accountHolder, policy.policyholderName)) rules.add('payout_holder_mismatch');
      const value = holdingValue(funds.held, funds.price);
      let out = 0n;
      if (w.amount !== undefined) out = BigInt(w.amount) * 100_000_000n;
      for (const u of w.units ?? []) {
        if (!funds.codes.has(u.fundCode)) rules.add('fund_unknown');
        const units = decimal4ToE4(u.units);
        if (units > (funds.held.get(u.fundCode) ?? 0n)) rules.add('units_over_held');
        out += units * (funds.price.get(u.fundCode) ?? 0n);
      }
      if (out <= 0n) rules.add('amount_invalid');
      if (value - out < BigInt(funds.minimumValue) * 100_000_000n) rules.add('below_minimum_remaining');
      return [...rules];
    }
    default:
      return [];
  }
}

/**
 * A payload the contract's schema refused: the rules its messages name (`postal_code_invalid`, the
 * same words the form shows), and `payload_invalid` for any other problem.
 */
function schemaRules(issues: z.core.$ZodIssue[]): string[] {
  const rules = new Set<string>();
  for (const issue of issues) rules.add(isRuleName(issue.message) ? issue.message : 'payload_invalid');
  return [...rules];
}

/** A top-up is at least this much (policy-requests.md). */
export const TOP_UP_MINIMUM = 1_000_000;

/** Allocations: whole percents above 0, summing to 100. */
function allocationRules(to: Array<{ percent: number }>, rules: Set<string>): void {
  if (to.some((x) => !Number.isInteger(x.percent) || x.percent <= 0)) rules.add('percent_invalid');
  if (to.reduce((sum, x) => sum + x.percent, 0) !== 100) rules.add('allocation_not_100');
}

/** The value of the units held, in 1e-8 rupiah (units e4 × price e4). */
export function holdingValue(held: Map<string, bigint>, price: Map<string, bigint>): bigint {
  let value = 0n;
  for (const [code, units] of held) value += units * (price.get(code) ?? 0n);
  return value;
}
