import nodemailer, { type Transporter } from 'nodemailer';
import type { MessageTransport, OutgoingMessage } from './transport';

/** E-mail over SMTP (`SMTP_URL`, `SMTP_FROM`). */
export class SmtpTransport implements MessageTransport {
  readonly immediate = false;
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport(url);
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.transporter.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject ?? '',
      text: message.body,
    });
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
