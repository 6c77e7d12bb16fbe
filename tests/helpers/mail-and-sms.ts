import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives. */
export async function startSmtpServer(): Promise<{
  url: string;
  mails: ReceivedMail[];
  /** Connections that broke off (a sender killed mid-message). */
  errors: Error[];
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  // A sender that vanishes in the middle of a message (an instance killed with -9) is what a real
  // mail server logs and forgets: the message was never accepted, and its job sends it again.
  // smtp-server emits such a reset as the server's 'error', which with no listener would throw.
  const errors: Error[] = [];
  server.on('error', (err) => void errors.push(err));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    errors,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface SmsRequest {
  authorization: string | undefined;
  body: { to: string; text: string };
}

/**
 * A real HTTP listener standing in for the SMS gateway (the edge of the world).
 * `plan` says how to answer each call in turn: a status, or 'hang' to never answer.
 */
export async function startSmsGateway(plan: Array<number | 'hang'> = []) {
  const requests: SmsRequest[] = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const step = plan[calls++] ?? 202;
      if (step === 'hang') return;
      if (step < 300) requests.push({ authorization: req.headers.authorization, body: JSON.parse(data) });
      res.writeHead(step, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    requests,
    calls: () => calls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
