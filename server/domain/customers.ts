import type { Kysely } from 'kysely';
import type { PolicyType } from '../../contract/api/common';
import type { Database } from '../store/schema';

export interface CustomerRecord {
  id: string;
  fullName: string;
  dateOfBirth: string;
  email: string;
  phone: string;
}

export async function getCustomer(db: Kysely<Database>, id: string): Promise<CustomerRecord | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    row && {
      id: row.id,
      fullName: row.full_name,
      dateOfBirth: row.date_of_birth,
      email: row.email,
      phone: row.phone,
    }
  );
}

/**
 * The person a registration speaks for: the policyholder of an individual or
 * sharia policy, or the member of a group policy with that member number.
 */
export async function findRegistrant(
  db: Kysely<Database>,
  policyType: PolicyType,
  policyNumber: string,
  memberNumber: string | undefined,
): Promise<CustomerRecord | undefined> {
  let q = db
    .selectFrom('policies')
    .innerJoin('policy_parties', 'policy_parties.policy_number', 'policies.policy_number')
    .select('policy_parties.customer_id')
    .where('policies.policy_number', '=', policyNumber)
    .where('policies.policy_type', '=', policyType);
  q =
    policyType === 'group'
      ? q
          .where('policy_parties.role', '=', 'member')
          .where('policy_parties.member_number', '=', (memberNumber ?? '').trim().toUpperCase())
      : q.where('policy_parties.role', '=', 'holder');
  const party = await q.executeTakeFirst();
  return party ? getCustomer(db, party.customer_id) : undefined;
}

/** Every policy number the person appears on (for the password rules). */
export async function policyNumbersOf(db: Kysely<Database>, customerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('policy_parties')
    .select('policy_number')
    .distinct()
    .where('customer_id', '=', customerId)
    .execute();
  return rows.map((r) => r.policy_number);
}
