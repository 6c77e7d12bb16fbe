import type { OtpChannel } from '../../../contract/api/identity';
import type { OutgoingMessage } from '../../notify/transport';
import type { CustomerRecord } from '../customers';

interface Text {
  subject: string;
  body: string;
}

/** A text to the contact the insurer holds for that channel, never to one typed in. */
export function messageToContact(
  customer: CustomerRecord,
  channel: OtpChannel,
  text: Text,
  code: string | null = null,
): OutgoingMessage {
  const to = channel === 'sms' ? customer.phone : customer.email;
  return { channel, to, subject: text.subject, body: text.body, code };
}

/** A notice to every contact on file, so that a change the person did not make is seen. */
export function messagesToAllContacts(customer: CustomerRecord, text: Text): OutgoingMessage[] {
  return (['sms', 'email'] as const).map((channel) => messageToContact(customer, channel, text));
}
