import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { PaymentMethodPayloadSchema } from '../../../../contract/api/requests';
import type { Database } from '../../../store/schema';

/**
 * A done `payment_method_change` (policy-requests.md) in the transaction that marks it done:
 * a card autodebit waits for its first payment on the gateway's page (which saves the card) —
 * unless the policy's card is already saved and collecting, when only the day changes; a BCA
 * autodebit collects from its next debit day; a virtual account ends any autodebit.
 */
export async function startAutodebit(
  trx: Kysely<Database>,
  request: { id: string; policy_number: string; account_id: string },
  m: z.output<typeof PaymentMethodPayloadSchema>,
  now: number,
): Promise<void> {
  const before = await trx
    .selectFrom('autodebits')
    .selectAll()
    .where('policy_number', '=', request.policy_number)
    .executeTakeFirst();
  if (m.method === 'virtual_account') {
    await trx
      .updateTable('autodebits')
      .set({ status: 'ended', ended_at: now, ended_reason: 'replaced' })
      .where('policy_number', '=', request.policy_number)
      .where('status', '!=', 'ended')
      .execute();
    return;
  }
  const keepCard =
    m.method === 'auto_debit_card' &&
    before?.method === 'auto_debit_card' &&
    before.status === 'active' &&
    before.card_token_sealed !== null;
  const row = {
    account_id: request.account_id,
    request_id: request.id,
    method: m.method,
    debit_day: m.debitDay!,
    status: m.method === 'auto_debit_bca' || keepCard ? ('active' as const) : ('pending_first_payment' as const),
    card_token_sealed: keepCard ? before.card_token_sealed : null,
    card_brand: keepCard ? before.card_brand : null,
    card_last4: keepCard ? before.card_last4 : null,
    bank_account_number: m.account?.accountNumber ?? null,
    bank_account_holder: m.account?.accountHolder ?? null,
    failures: 0,
    started_at: now,
    ended_at: null,
    ended_reason: null,
  };
  await trx
    .insertInto('autodebits')
    .values({ policy_number: request.policy_number, ...row })
    .onConflict((oc) => oc.column('policy_number').doUpdateSet(row))
    .execute();
}
