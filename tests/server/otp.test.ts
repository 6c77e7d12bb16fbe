import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores';
import { startTestService, type TestService } from '../helpers/service';
import { customerNamed, latestCode, registrationBody } from '../helpers/flows';

describe.each(STORE_KINDS)('one-time codes on %s', (kind) => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const siti = customerNamed('Siti Rahmawati');

  /** A registration flow waiting for its channel choice. */
  async function flowAtChannel(): Promise<string> {
    const { flowId, eula } = (await t.call('POST', '/v1/registrations', registrationBody(siti))).json();
    await t.call('POST', `/v1/registrations/${flowId}/eula`, { version: eula.version });
    return flowId;
  }
  const send = (flowId: string, channel = 'sms') => t.call('POST', `/v1/registrations/${flowId}/otp`, { channel });
  const verify = (flowId: string, code: string) => t.call('POST', `/v1/registrations/${flowId}/otp/verify`, { code });
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('stores only a keyed hash of the code', async () => {
    const flowId = await flowAtChannel();
    await send(flowId);
    const code = await latestCode(t, siti.phone);
    const rows = await t.service.store.db.selectFrom('otp_codes').selectAll().where('flow_id', '=', flowId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/u);
    expect(JSON.stringify(rows)).not.toContain(code);
  });

  it('counts wrong codes down, then kills the code and allows a new one at once', async () => {
    const flowId = await flowAtChannel();
    await send(flowId);
    const code = await latestCode(t, siti.phone);
    for (let left = 4; left >= 0; left--) {
      const res = await verify(flowId, wrong(code));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'otp_invalid', details: { attemptsLeft: left } });
    }
    const dead = await verify(flowId, code);
    expect(dead.statusCode).toBe(429);
    expect(dead.json().error.code).toBe('otp_attempts_exceeded');
    expect(dead.headers['retry-after']).toBe('0');

    const again = await send(flowId, 'email');
    expect(again.statusCode, again.body).toBe(200);
    const fresh = await latestCode(t, siti.email);
    expect((await verify(flowId, fresh)).statusCode).toBe(200);
  });

  it('refuses a resend before expiry with the seconds left, and the old code dies with a new one', async () => {
    const flowId = await flowAtChannel();
    await send(flowId);
    const first = await latestCode(t, siti.phone);
    t.clock.advance(45_000);
    const early = await send(flowId);
    expect(early.statusCode).toBe(429);
    expect(early.json().error).toMatchObject({ code: 'otp_resend_too_early', details: { retryAfterSeconds: 75 } });
    expect(early.headers['retry-after']).toBe('75');

    t.clock.advance(75_000);
    expect((await verify(flowId, first)).json().error.code).toBe('otp_expired');
    expect((await verify(flowId, first)).statusCode).toBe(410);
    const resent = await send(flowId, 'email');
    expect(resent.statusCode).toBe(200);
    const second = await latestCode(t, siti.email);
    if (second !== first) expect((await verify(flowId, first)).json().error.code).toBe('otp_invalid');
    expect((await verify(flowId, second)).statusCode).toBe(200);
  });

  it('sends at most five codes in one flow', async () => {
    const flowId = await flowAtChannel();
    for (let i = 0; i < 5; i++) {
      expect((await send(flowId)).statusCode).toBe(200);
      t.clock.advance(121_000);
    }
    const sixth = await send(flowId);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('otp_rate_limited');
  });

  it('sends at most ten codes per account in an hour, across flows', async () => {
    // Start from the top of an hour window so the test does not straddle two.
    t.clock.advance(3_600_000 - (t.clock.now() % 3_600_000) + 1000);
    let sent = 0;
    let refused: { statusCode: number; json(): { error: { code: string } } } | undefined;
    for (let f = 0; f < 3 && !refused; f++) {
      const flowId = await flowAtChannel();
      for (let i = 0; i < 5; i++) {
        const res = await send(flowId);
        if (res.statusCode !== 200) {
          refused = res;
          break;
        }
        sent++;
        t.clock.advance(121_000);
      }
    }
    expect(sent).toBe(10);
    expect(refused?.statusCode).toBe(429);
    expect(refused?.json().error.code).toBe('otp_rate_limited');
  });

  it('takes OTP_TTL_SECONDS from the settings', async () => {
    await t.close();
    t = await startTestService(kind, { env: { OTP_TTL_SECONDS: '30' } });
    const flowId = await flowAtChannel();
    const sent = (await send(flowId)).json();
    expect(Date.parse(sent.expiresAt) - t.clock.now()).toBe(30_000);
    const code = await latestCode(t, siti.phone);
    t.clock.advance(30_000);
    expect((await verify(flowId, code)).json().error.code).toBe('otp_expired');
  });

  it('words the message in Indonesian: the code, 2 minutes, never share it, the care line', async () => {
    const flowId = await flowAtChannel();
    await send(flowId);
    const [message] = (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(siti.phone)}`)).json().messages;
    expect(message.body).toContain(message.code);
    expect(message.body).toContain('Berlaku 2 menit');
    expect(message.body).toContain('Jangan berikan kode ini kepada siapa pun');
    expect(message.body).toContain('1500-123');
  });
});
