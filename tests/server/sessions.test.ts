import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores';
import { startTestService, type TestService } from '../helpers/service';
import { GOOD_PASSWORD, bearer, customerNamed, login, register } from '../helpers/flows';

describe.each(STORE_KINDS)('sessions on %s', (kind) => {
  let t: TestService;
  let username: string;
  beforeEach(async () => {
    t = await startTestService(kind);
    username = await register(t, customerNamed('Rudi Hartono'));
  });
  afterEach(async () => {
    await t.close();
  });

  it('logs in a personal device with a refresh token, and /v1/me masks the contacts', async () => {
    const res = await login(t, username);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    expect(s.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    expect(Date.parse(s.accessTokenExpiresAt) - t.clock.now()).toBe(15 * 60_000);
    expect(Date.parse(s.refreshTokenExpiresAt) - t.clock.now()).toBe(30 * 86_400_000);
    expect(s.notices).toEqual([]);

    const me = await t.call('GET', '/v1/me', undefined, bearer(s.accessToken));
    expect(me.json()).toEqual({
      username,
      fullName: 'Rudi Hartono',
      language: 'id',
      email: 'r***o@example.net',
      phone: '+62 878-****-0001',
    });
    const patched = await t.call('PATCH', '/v1/me', { language: 'en' }, bearer(s.accessToken));
    expect(patched.json().language).toBe('en');

    // Tokens are stored as hashes only.
    const stored = JSON.stringify(await t.service.store.db.selectFrom('access_tokens').selectAll().execute());
    expect(stored).not.toContain(s.accessToken);
  });

  it('answers wrong password and unknown username alike', async () => {
    const wrongPassword = await login(t, username, 'not the password at all');
    const unknownUser = await login(t, 'tidak-ada-0000', GOOD_PASSWORD);
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    expect(wrongPassword.body).toBe(unknownUser.body);
    expect(wrongPassword.json().error.code).toBe('invalid_credentials');
  });

  it('locks after five failures in a row for 15 minutes, for known and unknown names alike', async () => {
    for (const name of [username, 'tidak-ada-0000']) {
      for (let i = 1; i <= 4; i++) expect((await login(t, name, `salah-${i}-xyz`)).statusCode).toBe(401);
      const fifth = await login(t, name, 'salah-5-xyz');
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json().error).toMatchObject({ code: 'account_locked', details: { retryAfterSeconds: 900 } });
      expect(fifth.headers['retry-after']).toBe('900');
    }
    // Even the right password waits out the lock.
    t.clock.advance(10 * 60_000);
    const locked = await login(t, username);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.details.retryAfterSeconds).toBe(300);
    t.clock.advance(5 * 60_000);
    expect((await login(t, username)).statusCode).toBe(200);
  });

  it('a success in between starts the count again', async () => {
    for (let i = 0; i < 4; i++) await login(t, username, 'salah-salah-salah');
    expect((await login(t, username)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(t, username, 'salah-salah-salah')).statusCode).toBe(401);
  });

  it('rotates refresh tokens, and a replayed one ends the whole family', async () => {
    const first = (await login(t, username)).json();
    const second = await t.call('POST', '/v1/sessions/refresh', { refreshToken: first.refreshToken });
    expect(second.statusCode).toBe(200);
    const s2 = second.json();
    expect(s2.refreshToken).not.toBe(first.refreshToken);
    expect(s2.user).toEqual({ username, fullName: 'Rudi Hartono' });
    expect((await t.call('GET', '/v1/me', undefined, bearer(s2.accessToken))).statusCode).toBe(200);

    const replay = await t.call('POST', '/v1/sessions/refresh', { refreshToken: first.refreshToken });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('session_revoked');
    // The thief's replay also ended the holder's newer tokens.
    const newer = await t.call('POST', '/v1/sessions/refresh', { refreshToken: s2.refreshToken });
    expect(newer.json().error.code).toBe('session_revoked');
    expect((await t.call('GET', '/v1/me', undefined, bearer(s2.accessToken))).json().error.code).toBe(
      'session_revoked',
    );
  });

  it('expires access tokens after 15 minutes and refresh tokens after 30 days', async () => {
    const s = (await login(t, username)).json();
    t.clock.advance(15 * 60_000);
    const late = await t.call('GET', '/v1/me', undefined, bearer(s.accessToken));
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('unauthenticated');
    t.clock.advance(30 * 86_400_000);
    const old = await t.call('POST', '/v1/sessions/refresh', { refreshToken: s.refreshToken });
    expect(old.json().error.code).toBe('session_expired');
  });

  it('gives a kiosk no refresh token and ends its session 30 minutes after login', async () => {
    const s = (await login(t, username, GOOD_PASSWORD, 'kiosk')).json();
    expect(s.refreshToken).toBeUndefined();
    expect(s.refreshTokenExpiresAt).toBeUndefined();
    t.clock.advance(14 * 60_000);
    expect((await t.call('GET', '/v1/policies', undefined, bearer(s.accessToken))).statusCode).toBe(200);
    t.clock.advance(16 * 60_000);
    const over = await t.call('GET', '/v1/policies', undefined, bearer(s.accessToken));
    expect(over.statusCode).toBe(401);
    expect(over.json().error.code).toBe('session_expired');
  });

  it('logs out: 204, and the token no longer works', async () => {
    const s = (await login(t, username)).json();
    const out = await t.call('DELETE', '/v1/sessions/current', undefined, bearer(s.accessToken));
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect((await t.call('GET', '/v1/me', undefined, bearer(s.accessToken))).json().error.code).toBe('session_revoked');
    expect((await t.call('POST', '/v1/sessions/refresh', { refreshToken: s.refreshToken })).json().error.code).toBe(
      'session_revoked',
    );
  });

  it('refuses calls without a valid token', async () => {
    for (const headers of [{}, bearer('x'.repeat(43)), { authorization: 'Basic abc' }]) {
      const res = await t.call('GET', '/v1/me', undefined, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  it('rate-limits logins per client address', async () => {
    await t.close();
    t = await startTestService(kind, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
    t.clock.advance(60_000 - (t.clock.now() % 60_000) + 10);
    for (let i = 0; i < 3; i++) expect((await login(t, `nobody-${i}`, 'whatever-pass')).statusCode).toBe(401);
    const limited = await login(t, 'nobody-3', 'whatever-pass');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(60_000);
    expect((await login(t, 'nobody-4', 'whatever-pass')).statusCode).toBe(401);
  });
});

describe('login timing', () => {
  it('takes as long for an unknown username as for a known one', async () => {
    const t = await startTestService('sqlite');
    try {
      const username = await register(t, customerNamed('Nur Aisyah'));
      const time = async (name: string) => {
        const started = process.hrtime.bigint();
        await login(t, name, 'wrong-password-here');
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      // Alternate, with the lock never reached (4 failures per name, then a success resets it).
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 4; i++) {
          known.push(await time(username));
          unknown.push(await time(`nobody-${round}-${i}`));
        }
        await login(t, username);
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const ratio = median(unknown) / median(known);
      // Both do one argon2id verification (several ms); a skipped hash would be a ratio near 0.
      expect(ratio).toBeGreaterThan(0.6);
      expect(ratio).toBeLessThan(1.6);
    } finally {
      await t.close();
    }
  });
});
