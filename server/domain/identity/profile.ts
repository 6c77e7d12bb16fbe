import type { Kysely } from 'kysely';
import type { Language } from '../../../contract/api/common';
import type { Database } from '../../store/schema';
import { getCustomer } from '../customers';
import { maskEmail, maskPhone } from './masking';

/** `GET /v1/me` and `PATCH /v1/me`: who is signed in, contacts masked. */
export async function readProfile(db: Kysely<Database>, accountId: string) {
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  const customer = (await getCustomer(db, account.customer_id))!;
  return {
    username: account.username,
    fullName: customer.fullName,
    language: account.language,
    email: maskEmail(customer.email),
    phone: maskPhone(customer.phone),
  };
}

export async function setLanguage(db: Kysely<Database>, accountId: string, language: Language): Promise<void> {
  await db.updateTable('accounts').set({ language }).where('id', '=', accountId).execute();
}
