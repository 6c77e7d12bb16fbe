import type { OtpChannel } from '../../contract/api/identity';

/** One message to one person, by SMS or by e-mail. */
export interface OutgoingMessage {
  channel: OtpChannel;
  /** E.164 phone for SMS, an address for e-mail. */
  to: string;
  subject: string | null;
  body: string;
  /** The one-time code inside the body, if any; only the development outbox keeps it apart. */
  code: string | null;
  /** E-mail only: a stored PDF sent with the message (a receipt). */
  attachment?: { documentId: string; fileName: string };
  /**
   * E-mail only: the same for every attempt at this one message. A message is sent at least once:
   * an instance killed after the server took it but before its job was marked done sends it again,
   * and the receiving side sees the copy for what it is.
   */
  messageId?: string;
}

/** The far end refused this message for good (a number that does not exist): trying again cannot help. */
export class Undeliverable extends Error {}

/** Every way a message leaves the service stands behind this one interface. */
export interface MessageTransport {
  /** Resolves once the message is handed over; rejects when it could not be. */
  send(message: OutgoingMessage): Promise<void>;
  /**
   * True when sending is a quick local write (the development outbox): the service
   * then waits for it, so that the message is there when the answer arrives.
   */
  readonly immediate: boolean;
  close?(): Promise<void>;
}

/** Sends e-mail through one transport and SMS through another. */
export class ChannelRouter implements MessageTransport {
  readonly immediate: boolean;
  constructor(
    private readonly sms: MessageTransport,
    private readonly email: MessageTransport,
  ) {
    this.immediate = sms.immediate && email.immediate;
  }

  send(message: OutgoingMessage): Promise<void> {
    return (message.channel === 'sms' ? this.sms : this.email).send(message);
  }

  async close(): Promise<void> {
    await Promise.all([this.sms.close?.(), this.email.close?.()]);
  }
}
