import type { Kysely } from 'kysely';
import type { Service } from '../../server/app';
import { seedCustomers } from '../../server/cli/seed-demo';
import { newId } from '../../server/domain/identity/secrets';
import type { Database } from '../../server/store/schema';
import { inventedPeople, monthlyLifePolicy } from '../../bench/people';

/**
 * `n` invented holders, each with a monthly life policy collecting by a saved card on
 * `debitDay` (payments.md, Reminders and autodebit), written as the service would have them
 * after each first payment — and `bca` more collecting from a BCA account: an account (no news
 * by e-mail or SMS: a load of notices is not the point), the autodebit active, a card's token
 * sealed. Answers the tokens, for the gateway (its `sim_card_tokens`) to know.
 */
export async function seedCardAutodebits(
  service: Service,
  o: { n: number; bca?: number; debitDay: number; nextDueDate: string; now: number; prefix?: string },
): Promise<{ policyNumbers: string[]; bcaPolicyNumbers: string[]; tokens: string[] }> {
  const db = service.store.db;
  const people = inventedPeople(o.n + (o.bca ?? 0), {
    name: 'Autodebet',
    phonePrefix: '+628127',
    policyPrefix: o.prefix ?? 'IND-2032-',
    policy: monthlyLifePolicy(o.nextDueDate),
  });
  if (!(await seedCustomers(db, people, o.now))) throw new Error('seedCardAutodebits needs an empty store');
  const holders = await db
    .selectFrom('policy_parties')
    .select(['customer_id', 'policy_number'])
    .where('role', '=', 'holder')
    .orderBy('policy_number')
    .execute();
  const all = holders.map((h, i) => ({
    ...h,
    accountId: newId(),
    token: `481111-1114-uji-${i}-${newId()}`,
    bca: i >= o.n,
    accountNumber: String(1_000_000_000 + i),
  }));
  const rows = all.filter((r) => !r.bca);
  await inSlices(db, all, (trx, slice) =>
    trx
      .insertInto('accounts')
      .values(
        slice.map((r, i) => ({
          id: r.accountId,
          customer_id: r.customer_id,
          username: `autodebet.${r.policy_number.toLowerCase()}.${i}`,
          password_hash: '',
          language: 'id' as const,
          legacy_username: null,
          legacy_username_until: null,
          created_at: o.now,
          password_changed_at: o.now,
          notify_email: 0,
          notify_sms: 0,
        })),
      )
      .execute(),
  );
  await inSlices(db, all, (trx, slice) =>
    trx
      .insertInto('autodebits')
      .values(
        slice.map((r) => ({
          policy_number: r.policy_number,
          account_id: r.accountId,
          request_id: newId(),
          method: r.bca ? ('auto_debit_bca' as const) : ('auto_debit_card' as const),
          debit_day: o.debitDay,
          status: r.bca ? ('active' as const) : ('pending_first_payment' as const),
          card_token_sealed: null,
          card_brand: null,
          card_last4: null,
          bank_account_number: r.bca ? r.accountNumber : null,
          bank_account_holder: r.bca ? 'Pemegang Polis' : null,
          failures: 0,
          started_at: o.now,
          ended_at: null,
          ended_reason: null,
        })),
      )
      .execute(),
  );
  // The card saved as a booked first payment saves it (the token sealed with the service's key).
  await inSlices(db, rows, async (trx, slice) => {
    for (const r of slice)
      await service.autodebits.cardSaved(
        trx,
        r.policy_number,
        {
          orderId: newId(),
          transactionId: newId(),
          transactionStatus: 'settlement',
          statusCode: '200',
          grossAmount: '750000.00',
          savedTokenId: r.token,
          maskedCard: '481111-1114',
        },
        o.now,
      );
  });
  return {
    policyNumbers: rows.map((r) => r.policy_number),
    bcaPolicyNumbers: all.filter((r) => r.bca).map((r) => r.policy_number),
    tokens: rows.map((r) => r.token),
  };
}

/** The gateway's saved cards (the simulator's table), on the gateway's own store. */
export async function teachGatewayCards(db: Kysely<Database>, tokens: string[], now: number): Promise<void> {
  await inSlices(db, tokens, (trx, slice) =>
    trx
      .insertInto('sim_card_tokens')
      .values(slice.map((token) => ({ token, masked_card: '481111-1114', declines: 0, created_at: now })))
      .execute(),
  );
}

async function inSlices<T>(
  db: Kysely<Database>,
  items: T[],
  write: (trx: Kysely<Database>, slice: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    const slice = items.slice(i, i + 500);
    await db.transaction().execute((trx) => write(trx, slice));
  }
}
