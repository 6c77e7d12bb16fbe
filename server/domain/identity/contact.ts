import type { OtpChannel } from '../../../contract/api/identity';
import type { CustomerRecord } from '../customers';
import type { IdentityContext } from './context';

interface Text {
  subject: string;
  body: string;
}

/** Sends a text to the contact the insurer holds for that channel, never to one typed in. */
export function sendToContact(
  ctx: IdentityContext,
  customer: CustomerRecord,
  channel: OtpChannel,
  text: Text,
  code: string | null = null,
): Promise<void> {
  const to = channel === 'sms' ? customer.phone : customer.email;
  return ctx.dispatcher.deliver({ channel, to, subject: text.subject, body: text.body, code });
}

/** Sends a notice to every contact on file, so that a change the person did not make is seen. */
export async function sendToAllContacts(ctx: IdentityContext, customer: CustomerRecord, text: Text): Promise<void> {
  for (const channel of ['sms', 'email'] as const) await sendToContact(ctx, customer, channel, text);
}
