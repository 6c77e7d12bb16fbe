import type { Transporter } from 'nodemailer';
import { lazy } from '../lazy';
import { Undeliverable, type MessageTransport, type OutgoingMessage } from './transport';

/** E-mail over SMTP (`SMTP_URL`, `SMTP_FROM`). */
export class SmtpTransport implements MessageTransport {
  readonly immediate = false;
  private made: Transporter | undefined;
  // nodemailer is loaded with the first e-mail (a development service, which sends none, never loads it).
  private readonly transporter = lazy(async () => (this.made = (await import('nodemailer')).createTransport(this.url)));

  constructor(
    private readonly url: string,
    private readonly from: string,
    /** The bytes of a stored document an e-mail carries (the document store, read when sending). */
    private readonly attachmentBytes?: (documentId: string) => Promise<Buffer>,
  ) {
    this.domain = /@([^>\s]+)/u.exec(from)?.[1] ?? 'portal-nasabah.invalid';
  }
  /** The sender's domain, which the Message-ID names. */
  private readonly domain: string;

  async send(message: OutgoingMessage): Promise<void> {
    const attachments =
      message.attachment && this.attachmentBytes
        ? [
            {
              filename: message.attachment.fileName,
              content: await this.attachmentBytes(message.attachment.documentId),
              contentType: 'application/pdf',
            },
          ]
        : undefined;
    try {
      await (
        await this.transporter()
      ).sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
        // The message's own id on every attempt (transport.ts): a copy sent after a crash is known as one.
        ...(message.messageId ? { messageId: `<${message.messageId}@${this.domain}>` } : {}),
        ...(attachments ? { attachments } : {}),
      });
    } catch (err) {
      // A 5xx reply (no such mailbox) is final; anything else (a 4xx, the server away) may pass later.
      const reply = (err as { responseCode?: number }).responseCode;
      if (reply !== undefined && reply >= 500) throw new Undeliverable(`SMTP ${reply}`);
      throw err;
    }
  }

  async close(): Promise<void> {
    this.made?.close();
  }
}
