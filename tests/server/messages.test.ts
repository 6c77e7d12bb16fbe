import { SmtpTransport } from '../../server/notify/smtp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmsGatewayTransport } from '../../server/notify/sms-gateway';
import { STORE_KINDS } from '../helpers/stores';
import { startTestService, type TestService } from '../helpers/service';
import { customerNamed, registrationBody } from '../helpers/flows';
import { startSmsGateway, startSmtpServer, waitFor } from '../helpers/mail-and-sms';

describe.each(STORE_KINDS)('messages in production mode on %s', (kind) => {
  let t: TestService;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sms: Awaited<ReturnType<typeof startSmsGateway>>;
  /** The service in production mode, its SMS gateway answering each call as `plan` says. */
  async function start(plan: Array<number | 'hang'> = []) {
    sms = await startSmsGateway(plan);
    t = await startTestService(kind, {
      mode: 'production',
      env: {
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Portal Nasabah <no-reply@portal-nasabah.example>',
        SMS_GATEWAY_URL: sms.url,
        SMS_GATEWAY_TOKEN: 'gw-secret',
        MIDTRANS_SERVER_KEY: 'SB-Mid-server-uji-coba',
        CARD_SIGNING_KEY: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
        MIDTRANS_BASE_URL: 'https://api.sandbox.midtrans.com',
      },
    });
  }
  async function restartWithGateway(plan: Array<number | 'hang'>) {
    await t.close();
    await sms.close();
    await start(plan);
  }
  /** The message jobs, their payloads read. */
  const messageJobs = async () =>
    (
      await t.service.store.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', 'message')
        .orderBy('created_at')
        .orderBy('run_at')
        .execute()
    ).map((r) => ({ ...r, message: JSON.parse(r.payload) as Record<string, unknown> }));
  /** The message jobs once the runner has finished its first try of them. */
  const afterFirstTry = async () => {
    const rows = messageJobs;
    await waitFor(async () => {
      const [first] = await rows();
      return first?.attempts === 1 && first.claimed_until === null ? true : undefined;
    }, 10_000);
    return rows();
  };
  beforeEach(async () => {
    smtp = await startSmtpServer();
    await start();
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
    await sms.close();
  });

  const budi = customerNamed('Budi Santoso');
  async function flowAtChannel() {
    const { flowId, eula } = (await t.call('POST', '/v1/registrations', registrationBody(budi))).json();
    await t.call('POST', `/v1/registrations/${flowId}/eula`, { version: eula.version });
    return flowId as string;
  }

  it('e-mails the code through SMTP, to the address on file only', async () => {
    const flowId = await flowAtChannel();
    expect((await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'email' })).statusCode).toBe(200);
    const mail = await waitFor(() => smtp.mails[0]);
    expect(mail.to).toEqual([budi.email]);
    expect(mail.from).toBe('no-reply@portal-nasabah.example');
    const code = /kode OTP pendaftaran Anda (\d{6})/u.exec(mail.raw.replace(/=\r?\n/gu, ''))?.[1];
    expect(code).toMatch(/^\d{6}$/u);
    expect((await t.call('POST', `/v1/registrations/${flowId}/otp/verify`, { code })).statusCode).toBe(200);
    // The dev outbox does not exist in production.
    expect((await t.call('GET', `/v1/dev/outbox?to=${budi.email}`)).statusCode).toBe(404);
  });

  it('sends every attempt at one e-mail with the same Message-ID, and another e-mail with its own', async () => {
    const transport = new SmtpTransport(smtp.url, 'Portal Nasabah <no-reply@portal-nasabah.example>');
    const message = { channel: 'email' as const, to: budi.email, subject: 'Kuitansi', body: 'Terlampir.', code: null };
    // Sent again after a crash (the server took it, the job was not marked done): the same id.
    await transport.send({ ...message, messageId: 'pembayaran-1' });
    await transport.send({ ...message, messageId: 'pembayaran-1' });
    await transport.send({ ...message, messageId: 'pembayaran-2' });
    await transport.close();
    const ids = smtp.mails.map((m) => /^Message-ID:\s*(\S+)/imu.exec(m.raw)?.[1]);
    expect(ids).toEqual([
      '<pembayaran-1@portal-nasabah.example>',
      '<pembayaran-1@portal-nasabah.example>',
      '<pembayaran-2@portal-nasabah.example>',
    ]);
  });

  it('sends the SMS as a JSON POST with the gateway token', async () => {
    const flowId = await flowAtChannel();
    await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
    const req = await waitFor(() => sms.requests[0]);
    expect(req.authorization).toBe('Bearer gw-secret');
    expect(req.body.to).toBe(budi.phone);
    expect(req.body.text).toMatch(/kode OTP pendaftaran Anda \d{6}\. Berlaku 2 menit\./u);
    const code = /(\d{6})/u.exec(req.body.text)![1];
    expect((await t.call('POST', `/v1/registrations/${flowId}/otp/verify`, { code })).statusCode).toBe(200);
  });

  it('keeps a code whose sending failed, tries again later, and lets the person ask for a new one at once', async () => {
    // Every try of the first attempt fails (the adapter's own four), then the gateway is back.
    await restartWithGateway([503, 503, 503, 503]);
    const flowId = await flowAtChannel();
    expect((await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'sms' })).statusCode).toBe(200);
    const [failed] = await afterFirstTry();
    expect(failed).toMatchObject({ status: 'pending', message: { channel: 'sms', to: budi.phone } });
    expect(failed!.last_error).toMatch(/503/u);
    expect(sms.requests).toEqual([]);

    // The send failed, so "Kirim ulang" need not wait out the two minutes.
    const again = await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
    expect(again.statusCode, again.body).toBe(200);
    // The first message is dropped (its code is dead); the new one goes out.
    const req = await waitFor(() => sms.requests[0], 10_000);
    const code = /(\d{6})/u.exec(req.body.text)![1];
    expect((await t.call('POST', `/v1/registrations/${flowId}/otp/verify`, { code })).statusCode).toBe(200);
    // The gateway has it; the job records it once the gateway's answer is back.
    const rows = await waitFor(async () => {
      const now = await messageJobs();
      // Both made at the same (frozen) instant: which comes first is not the point.
      return now
        .map((r) => r.status)
        .sort()
        .join() === 'done,superseded'
        ? now
        : undefined;
    }, 5_000);
    // Nothing of a code stays at rest once it is sent or dropped.
    expect(rows.map((r) => r.payload).join()).not.toContain(code);
    expect(rows.map((r) => Object.keys(r.message).join()).sort()).toEqual(['', 'channel,to']);
    expect(sms.requests).toHaveLength(1);
  }, 30_000);

  it('tries a failed message again after a growing wait until it goes through', async () => {
    await restartWithGateway([503, 503, 503, 503, 503, 503, 503, 503]);
    const flowId = await flowAtChannel();
    await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
    await afterFirstTry();
    const row = async () => (await messageJobs())[0]!;
    const first = await row();
    expect(first.run_at - t.clock.now()).toBe(2_000);
    t.clock.advance(2_000);
    await waitFor(
      async () => ((await row()).attempts === 2 && (await row()).claimed_until === null) || undefined,
      10_000,
    );
    expect((await row()).run_at - t.clock.now()).toBe(4_000);
    t.clock.advance(4_000);
    const req = await waitFor(() => sms.requests[0], 10_000);
    expect(req.body.to).toBe(budi.phone);
    // The gateway has it; the job records it once the answer is back.
    await waitFor(async () => ((await row()).status === 'done' ? true : undefined), 5_000);
  }, 30_000);

  it('never writes the code into the log', async () => {
    const flowId = await flowAtChannel();
    await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
    const req = await waitFor(() => sms.requests[0]);
    const code = /(\d{6})/u.exec(req.body.text)![1]!;
    expect(t.logs.join('\n')).not.toContain(code);
    expect(t.outboxLines).toEqual([]);
  });
});

describe('SMS gateway adapter', () => {
  const message = { channel: 'sms' as const, to: '+6281234567890', subject: null, body: 'kode 123456', code: '123456' };

  it('tries again after a 5xx and succeeds', async () => {
    const gw = await startSmsGateway([503, 500, 202]);
    try {
      await new SmsGatewayTransport({ url: gw.url, token: 't', minRetryDelayMs: 5 }).send(message);
      expect(gw.calls()).toBe(3);
      expect(gw.requests).toHaveLength(1);
    } finally {
      await gw.close();
    }
  });

  it('gives up after the bounded retries', async () => {
    const gw = await startSmsGateway([500, 500, 500, 500, 500, 500]);
    try {
      await expect(
        new SmsGatewayTransport({ url: gw.url, token: 't', retries: 2, minRetryDelayMs: 5 }).send(message),
      ).rejects.toThrow(/500/u);
      expect(gw.calls()).toBe(3);
    } finally {
      await gw.close();
    }
  });

  it('does not retry a refusal such as 400', async () => {
    const gw = await startSmsGateway([400, 202]);
    try {
      await expect(
        new SmsGatewayTransport({ url: gw.url, token: 't', minRetryDelayMs: 5 }).send(message),
      ).rejects.toThrow(/400/u);
      expect(gw.calls()).toBe(1);
    } finally {
      await gw.close();
    }
  });

  it('times out a gateway that does not answer, then tries again', async () => {
    const gw = await startSmsGateway(['hang', 202]);
    try {
      const started = Date.now();
      await new SmsGatewayTransport({ url: gw.url, token: 't', timeoutMs: 200, minRetryDelayMs: 5 }).send(message);
      expect(gw.calls()).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    } finally {
      await gw.close();
    }
  });
});
