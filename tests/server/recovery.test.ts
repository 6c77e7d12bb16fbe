import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores';
import { startTestService, type TestService } from '../helpers/service';
import { GOOD_PASSWORD, bearer, customerNamed, latestCode, login, register } from '../helpers/flows';
import { newId } from '../../server/domain/identity/secrets';

const NEW_PASSWORD = 'Hujan turun di Bogor sore ini';

describe.each(STORE_KINDS)('forgot password on %s', (kind) => {
  let t: TestService;
  let username: string;
  const dewi = customerNamed('Dewi Lestari');
  beforeEach(async () => {
    t = await startTestService(kind);
    username = await register(t, dewi);
  });
  afterEach(async () => {
    await t.close();
  });

  const start = (name: string) => t.call('POST', '/v1/recoveries', { username: name });

  it('resets the password, ends every session and tells both contacts', async () => {
    const session = (await login(t, username)).json();
    const started = await start(username.toUpperCase());
    expect(started.statusCode).toBe(201);
    const { flowId, step, channels } = started.json();
    expect(step).toBe('otp_channel');
    expect(channels).toEqual([
      { channel: 'sms', destination: '+62 812-****-5432' },
      { channel: 'email', destination: 'd***i@example.com' },
    ]);
    const sent = await t.call('POST', `/v1/recoveries/${flowId}/otp`, { channel: 'sms' });
    expect(sent.json()).toMatchObject({ step: 'otp', channel: 'sms', destination: '+62 812-****-5432' });
    const code = await latestCode(t, dewi.phone);
    const verified = await t.call('POST', `/v1/recoveries/${flowId}/otp/verify`, { code });
    expect(verified.json()).toEqual({ step: 'password' });

    const weak = await t.call('POST', `/v1/recoveries/${flowId}/password`, {
      password: `${username}!!`,
      passwordConfirmation: `${username}!!`,
    });
    expect(weak.json().error).toMatchObject({ code: 'password_weak', details: { reasons: ['contains_username'] } });
    const done = await t.call('POST', `/v1/recoveries/${flowId}/password`, {
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ step: 'done' });

    expect((await t.call('GET', '/v1/me', undefined, bearer(session.accessToken))).json().error.code).toBe(
      'session_revoked',
    );
    expect(
      (await t.call('POST', '/v1/sessions/refresh', { refreshToken: session.refreshToken })).json().error.code,
    ).toBe('session_revoked');
    expect((await login(t, username)).statusCode).toBe(401);
    expect((await login(t, username, NEW_PASSWORD)).statusCode).toBe(200);

    const mail = (await t.call('GET', `/v1/dev/outbox?to=${dewi.email}`)).json().messages[0];
    expect(mail.subject).toContain('Password');
    expect(mail.body).toContain('telah diganti');
    const sms = (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(dewi.phone)}`)).json().messages[0];
    expect(sms.body).toContain('telah diganti');
  });

  it('gives an unknown username the same answers, stable decoys, and sends nothing', async () => {
    const a = await start('tidak-terdaftar-1234');
    const b = await start('tidak-terdaftar-1234');
    const other = await start('orang-lain-9999');
    expect(a.statusCode).toBe(201);
    expect(Object.keys(a.json()).sort()).toEqual(Object.keys((await start(username)).json()).sort());
    expect(a.json().channels).toEqual(b.json().channels);
    expect(a.json().channels).not.toEqual(other.json().channels);
    for (const c of a.json().channels) {
      expect(c.destination).toMatch(c.channel === 'sms' ? /^\+62 8\d\d-\*{4}-\d{4}$/u : /^[a-z]\*\*\*[a-z]@[a-z.]+$/u);
    }

    const { flowId } = a.json();
    const before = await t.service.store.db.selectFrom('dev_outbox').select('id').execute();
    const sent = await t.call('POST', `/v1/recoveries/${flowId}/otp`, { channel: 'email' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().destination).toBe(a.json().channels[1].destination);
    const after = await t.service.store.db.selectFrom('dev_outbox').select('id').execute();
    expect(after.length).toBe(before.length);

    // No code can match, and the countdown behaves as for a real account.
    const tried = await t.call('POST', `/v1/recoveries/${flowId}/otp/verify`, { code: '123456' });
    expect(tried.json().error).toMatchObject({ code: 'otp_invalid', details: { attemptsLeft: 4 } });
    const early = await t.call('POST', `/v1/recoveries/${flowId}/otp`, { channel: 'email' });
    expect(early.json().error.code).toBe('otp_resend_too_early');
  });

  it('refuses a password before the code', async () => {
    const { flowId } = (await start(username)).json();
    const res = await t.call('POST', `/v1/recoveries/${flowId}/password`, {
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'flow_step_invalid', details: { expected: 'otp_channel' } });
  });

  it('writes the code in English for an account that chose English', async () => {
    const s = (await login(t, username, GOOD_PASSWORD)).json();
    await t.call('PATCH', '/v1/me', { language: 'en' }, bearer(s.accessToken));
    const { flowId } = (await start(username)).json();
    await t.call('POST', `/v1/recoveries/${flowId}/otp`, { channel: 'email' });
    const mail = (await t.call('GET', `/v1/dev/outbox?to=${dewi.email}`)).json().messages[0];
    expect(mail.body).toContain('password reset code');
    expect(mail.body).toContain('Never share this code');
  });
});

describe.each(STORE_KINDS)('recovery decoys on %s', (kind) => {
  it('cannot be told from real customers’ contacts by any one visible feature (50 real, 50 unknown)', async () => {
    const t = await startTestService(kind, { seed: false, env: { FLOW_RATE_LIMIT_PER_MINUTE: '100000' } });
    try {
      // A customer base as an insurer has it: operators' prefixes, company and free-mail domains.
      const prefixes = ['812', '813', '821', '822', '852', '857', '878', '896', '815', '838', '877', '859'];
      const domains = [
        'gmail.com',
        'yahoo.co.id',
        'ptmaju.co.id',
        'kantor.go.id',
        'outlook.com',
        'ui.ac.id',
        'bankjaya.co.id',
      ];
      const names = [
        'budi',
        'siti',
        'andi',
        'dewi',
        'rudi',
        'nur',
        'agus',
        'ketut',
        'maria',
        'yusuf',
        'rina',
        'hendra',
      ];
      const rnd = (i: number, n: number) => (i * 7919 + 13) % n;
      const db = t.service.store.db;
      const real: string[] = [];
      for (let i = 0; i < 120; i++) {
        const id = newId();
        const local = `${names[rnd(i, names.length)]}.${names[rnd(i + 5, names.length)]}${i}`;
        await db
          .insertInto('customers')
          .values({
            id,
            full_name: `Nasabah ${i}`,
            date_of_birth: '1980-01-01',
            email: `${local}@${domains[rnd(i * 3, domains.length)]}`,
            phone: `+62${prefixes[rnd(i * 11, prefixes.length)]}${String(10_000_000 + i * 7).slice(-8)}`,
            created_at: 0,
          })
          .execute();
        if (i < 50) {
          const username = `nasabah-uji-${i}`;
          real.push(username);
          await db
            .insertInto('accounts')
            .values({
              id: newId(),
              customer_id: id,
              username,
              password_hash: 'x',
              language: 'id',
              legacy_username: null,
              legacy_username_until: null,
              created_at: 0,
              password_changed_at: 0,
            })
            .execute();
        }
      }
      const unknown = Array.from({ length: 50 }, (_, i) => `bukan-nasabah-${i}`);
      const answer = async (username: string) => {
        const res = await t.call('POST', '/v1/recoveries', { username });
        expect(res.statusCode).toBe(201);
        const [sms, email] = res.json().channels as Array<{ destination: string }>;
        return { sms: sms!.destination, email: email!.destination };
      };
      const features = (a: { sms: string; email: string }) => ({
        prefix: a.sms.slice(0, 7),
        first: a.email[0]!,
        last: a.email.split('@')[0]!.replace(/^.\*{3}/u, ''),
        domain: a.email.split('@')[1]!,
        shape: `${a.sms.replace(/\d/gu, '9')} ${a.email.replace(/[a-z0-9]/gu, 'a')}`.length,
      });
      const fromReal = await Promise.all(real.map(answer));
      const fromUnknown = await Promise.all(unknown.map(answer));
      // The best rule "feature = v means unknown" (or "means real") over the 100 answers.
      for (const f of ['prefix', 'first', 'last', 'domain', 'shape'] as const) {
        const r = fromReal.map((a) => String(features(a)[f]));
        const u = fromUnknown.map((a) => String(features(a)[f]));
        let best = 0.5;
        for (const v of new Set([...r, ...u])) {
          const hitsU = u.filter((x) => x === v).length;
          const hitsR = r.filter((x) => x === v).length;
          const accuracy = (hitsU + (50 - hitsR)) / 100;
          best = Math.max(best, accuracy, 1 - accuracy);
        }
        expect(best, `${f}: real ${[...new Set(r)].join(',')} / unknown ${[...new Set(u)].join(',')}`).toBeLessThan(
          0.7,
        );
      }
    } finally {
      await t.close();
    }
  }, 120_000);
});
