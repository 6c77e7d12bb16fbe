import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSmtpServer, waitFor } from '../helpers/mail-and-sms';

/**
 * The fault suite kills service instances with -9 while they send e-mail: the local SMTP server
 * must take a sender vanishing mid-message as a real mail server does, not bring the test run down.
 */
describe('the local SMTP server of the tests', () => {
  it('records a sender reset in the middle of a message, accepts nothing of it, and goes on', async () => {
    const smtp = await startSmtpServer();
    try {
      const socket = net.connect(Number(new URL(smtp.url).port), '127.0.0.1');
      let heard = '';
      socket.on('data', (d) => (heard += d.toString()));
      socket.on('error', () => {});
      const say = async (line: string, expectCode: string) => {
        const before = heard.length;
        socket.write(`${line}\r\n`);
        await waitFor(async () => (heard.slice(before).includes(expectCode) ? true : undefined), 5000);
      };
      await waitFor(async () => (heard.includes('220') ? true : undefined), 5000);
      await say('EHLO layanan', '250');
      await say('MAIL FROM:<portal@example.com>', '250');
      await say('RCPT TO:<budi@example.com>', '250');
      await say('DATA', '354');
      socket.write('Subject: Kuitansi\r\n\r\nsetengah pesan');
      socket.resetAndDestroy();
      await waitFor(async () => (smtp.errors.length > 0 ? true : undefined), 5000);
      expect(smtp.errors[0]).toMatchObject({ code: 'ECONNRESET' });
      expect(smtp.mails).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});
