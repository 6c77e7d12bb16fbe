import type { Kysely } from 'kysely';
import type { ComplaintSubjectKind } from '../../../contract/api/complaints';
import { normalisePolicyNumber } from '../../../contract/api/common';
import type { Database } from '../../store/schema';
import { ServiceError } from '../errors';
import type { Principal } from '../identity/sessions';

const OWNED_BY = {
  payment: ['payments', 'account_id'],
  request: ['requests', 'account_id'],
  consultation: ['consultations', 'customer_id'],
} as const;

/**
 * The item a complaint is about, if it is the person's own: a claim filed by or for them, a
 * payment or a request of their account, a consultation of theirs, a policy they are part of.
 * Answers the id as stored (a policy by its number without separators); another's, or none,
 * is `not_found` alike (complaints-privacy.md).
 */
export async function ownSubject(
  db: Kysely<Database>,
  p: Principal,
  subject: { kind: ComplaintSubjectKind; id: string },
): Promise<string> {
  const found = await (async () => {
    switch (subject.kind) {
      case 'claim':
        return db
          .selectFrom('claims')
          .select('id')
          .where('id', '=', subject.id)
          .where((eb) => eb.or([eb('filed_by_customer_id', '=', p.customerId), eb('customer_id', '=', p.customerId)]))
          .executeTakeFirst();
      case 'policy':
        return db
          .selectFrom('policy_parties')
          .select('policy_number as id')
          .where('policy_number', '=', normalisePolicyNumber(subject.id))
          .where('customer_id', '=', p.customerId)
          .executeTakeFirst();
      default: {
        // Whose it is: the account's (payments, requests) or the person's (consultations).
        const [table, owner] = OWNED_BY[subject.kind];
        return db
          .selectFrom(table)
          .select('id')
          .where('id', '=', subject.id)
          .where(owner, '=', owner === 'account_id' ? p.accountId : p.customerId)
          .executeTakeFirst();
      }
    }
  })();
  if (!found) throw new ServiceError('not_found', `No such ${subject.kind}.`, { fields: ['subject'] });
  return found.id;
}
