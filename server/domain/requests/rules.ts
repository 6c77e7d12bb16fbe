import type {
  AddressPayloadSchema,
  BeneficiaryPayloadSchema,
  PaymentMethodPayloadSchema,
} from '../../../contract/api/requests';
import { PAYLOAD_SCHEMAS, RELATIONSHIPS, type RequestType } from '../../../contract/api/requests';
import { addDays } from '../calendar/working-days';
import type { z } from 'zod';

/** Debit days the banks take (policy-requests.md): card 5, 10, 15, 20 or 27; a BCA account 5, 15 or 27. */
const DEBIT_DAYS = { auto_debit_card: [5, 10, 15, 20, 27], auto_debit_bca: [5, 15, 27] } as const;
/** A lapsed policy may be reinstated within this many months of its lapse. */
export const REINSTATEMENT_MONTHS = 24;

export interface PolicyFacts {
  status: string;
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
  if (!parsed.success) return ['payload_invalid'];
  switch (type) {
    case 'address_change': {
      const a = parsed.data as z.output<typeof AddressPayloadSchema>;
      return /^\d{5}$/u.test(a.postalCode) ? [] : ['postal_code_invalid'];
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
      if (m.method === 'virtual_account') return m.debitDay === undefined ? [] : ['debit_day_invalid'];
      return m.debitDay !== undefined && (DEBIT_DAYS[m.method] as readonly number[]).includes(m.debitDay)
        ? []
        : ['debit_day_invalid'];
    }
    case 'reinstatement': {
      if (policy.status !== 'lapsed') return ['policy_not_lapsed'];
      const lapsedOn = policy.nextDueDate ? addDays(policy.nextDueDate, policy.graceDays) : null;
      if (!lapsedOn) return [];
      const [y, m, d] = lapsedOn.split('-').map(Number) as [number, number, number];
      const until = new Date(Date.UTC(y, m - 1 + REINSTATEMENT_MONTHS, d)).toISOString().slice(0, 10);
      return policy.today > until ? ['reinstatement_period_over'] : [];
    }
    default:
      return [];
  }
}
