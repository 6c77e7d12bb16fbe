import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service';
import { GOOD_PASSWORD, bearer, customerNamed, latestCode, login, register } from '../helpers/flows';

describe('logs', () => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService('sqlite');
  });
  afterEach(async () => {
    await t.close();
  });

  it('hold one structured line per request and no password, code, token or flow id', async () => {
    const dewi = customerNamed('Dewi Lestari');
    const username = await register(t, dewi);
    const session = (await login(t, username)).json();
    await t.call('GET', '/v1/me', undefined, bearer(session.accessToken));
    await t.call('POST', '/v1/sessions/refresh', { refreshToken: session.refreshToken });
    const { flowId } = (await t.call('POST', '/v1/recoveries', { username })).json();
    await t.call('POST', `/v1/recoveries/${flowId}/otp`, { channel: 'email' });
    const code = await latestCode(t, dewi.email);
    await t.call('POST', `/v1/recoveries/${flowId}/otp/verify`, { code: code === '000000' ? '111111' : '000000' });
    await login(t, username, 'a wrong password typed here');

    const secrets = [
      GOOD_PASSWORD,
      'a wrong password typed here',
      code,
      session.accessToken,
      session.refreshToken,
      flowId,
    ];
    const text = t.logs.join('');
    for (const s of secrets) expect(text, s).not.toContain(s);

    const lines = t.logs
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const requests = lines.filter((l) => l.msg === 'request');
    // register (5 steps + 1 outbox read) + login + me + refresh + recovery (start, otp, outbox read, verify) + login
    expect(requests).toHaveLength(14);
    for (const r of requests) {
      expect(r).toMatchObject({
        level: 30,
        method: expect.any(String),
        route: expect.stringMatching(/^\/v1\//u),
        status: expect.any(Number),
      });
    }
    expect(requests.some((r) => r.route === '/v1/recoveries/:flowId/otp/verify' && r.status === 400)).toBe(true);
  });

  it('would show a secret if one were logged (the check can fail)', async () => {
    t.service.app.log.info({ leaked: GOOD_PASSWORD }, 'oops');
    expect(t.logs.join('')).toContain(GOOD_PASSWORD);
  });
});
