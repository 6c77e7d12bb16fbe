import type { Kysely } from 'kysely';
import type { Me, MePatch } from '../../../contract/api/identity';
import type { Database } from '../../store/schema';
import { getCustomer } from '../customers';
import { maskEmail, maskPhone } from './masking';

/** `GET /v1/me` and `PATCH /v1/me`: who is signed in, contacts masked. */
export async function readProfile(db: Kysely<Database>, accountId: string): Promise<Me> {
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  const customer = (await getCustomer(db, account.customer_id))!;
  return {
    username: account.username,
    fullName: customer.fullName,
    language: account.language,
    email: maskEmail(customer.email),
    phone: maskPhone(customer.phone),
    notifications: { email: account.notify_email === 1, sms: account.notify_sms === 1 },
  };
}

/** `PATCH /v1/me`: the language and the notification choices, each only where given. */
export async function updateProfile(db: Kysely<Database>, accountId: string, patch: MePatch): Promise<void> {
  const set = {
    ...(patch.language ? { language: patch.language } : {}),
    ...(patch.notifications?.email !== undefined ? { notify_email: patch.notifications.email ? 1 : 0 } : {}),
    ...(patch.notifications?.sms !== undefined ? { notify_sms: patch.notifications.sms ? 1 : 0 } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await db.updateTable('accounts').set(set).where('id', '=', accountId).execute();
}
