import { DemoCustomersSchema, type DemoCustomers } from '../server/cli/demo-data';

/**
 * `n` invented people for a benchmark, each with one policy of their own (the load is of many
 * people, not of one), read as the demo file is read: numbers normalised, printed forms kept.
 */
export function inventedPeople(
  n: number,
  o: { name: string; phonePrefix: string; policyPrefix: string; policy: Record<string, unknown> },
): DemoCustomers {
  return DemoCustomersSchema.parse(
    Array.from({ length: n }, (_, i) => {
      const k = String(i).padStart(4, '0');
      return {
        fullName: `${o.name} Uji ${k}`,
        dateOfBirth: '1980-01-15',
        email: `${o.name.toLowerCase()}.${k}@contoh.example`,
        phone: `${o.phonePrefix}${String(100000 + i)}`,
        policies: [{ policyNumber: `${o.policyPrefix}${String(100000 + i)}`, ...o.policy }],
      };
    }),
  );
}

/** An individual life policy, active since 2024, paid monthly: the one policy of the payments' and collections' invented people. */
export function monthlyLifePolicy(nextDueDate: string | null): Record<string, unknown> {
  return {
    policyType: 'individual',
    productName: 'Proteksi Jiwa Prima',
    status: 'active',
    startDate: '2024-01-01',
    sumAssured: 500_000_000,
    premium: { amount: 750_000, frequency: 'monthly', nextDueDate },
  };
}
