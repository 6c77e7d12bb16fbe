import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service';
import { GOOD_PASSWORD, bearer, customerNamed, latestCode, login, register } from '../helpers/flows';
import { demoCustomers } from '../helpers/service';
import { leaksIn, personalDataOf } from '../helpers/service-log';

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
    await t.call('POST', '/v1/sessions', { username });

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
    // register (5 steps + 1 outbox read) + login + me + refresh + recovery (start, otp, outbox read, verify)
    // + login + a login without its password
    expect(requests).toHaveLength(15);
    for (const r of requests) {
      expect(r).toMatchObject({
        level: 30,
        method: expect.any(String),
        route: expect.stringMatching(/^\/v1\//u),
        status: expect.any(Number),
      });
    }
    // An error answer's line names its code and the fields or rules it refused, never what was typed.
    const refused = requests.filter((r) => r.status >= 400);
    expect(refused.map((r) => [r.route, r.status, r.error, r.fields])).toEqual([
      ['/v1/recoveries/:flowId/otp/verify', 400, 'otp_invalid', undefined],
      ['/v1/sessions', 401, 'invalid_credentials', undefined],
      ['/v1/sessions', 400, 'invalid_request', ['password', 'device']],
    ]);
    expect(requests.filter((r) => r.status < 400 && 'error' in r)).toEqual([]);
  });

  it("the run's scan of every service log finds a person's data, a token and a code, and passes a clean line", () => {
    const siti = customerNamed('Siti Rahmawati');
    const personal = personalDataOf(demoCustomers);
    const clean = '{"level":30,"reqId":"abc","route":"/v1/sessions","status":401,"msg":"request"}';
    expect(leaksIn([clean, '{"err":{"code":"invalid_credentials"}}'], personal)).toEqual([]);
    const found = (line: string) => leaksIn([line], personal).map((l) => l.found);
    expect(found(`{"msg":"${siti.fullName} signed in"}`)).toEqual([siti.fullName]);
    expect(found(`{"to":"${siti.email}"}`)).toEqual([siti.email]);
    expect(found(`{"to":"${siti.phone.replace(/^\+62/u, '0')}"}`)).toHaveLength(1);
    expect(found('{"accessToken":"eyJhbGciOi"}')).toEqual(['a secret']);
    expect(found('{"accessToken":"[redacted]"}')).toEqual([]);
    expect(found('{"code":"482913"}')).toEqual(['a one-time code']);
  });

  it('would show a secret if one were logged (the check can fail)', async () => {
    t.service.app.log.info({ leaked: GOOD_PASSWORD }, 'oops');
    expect(t.logs.join('')).toContain(GOOD_PASSWORD);
  });
});
