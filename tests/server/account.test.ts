import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, bearer, customerNamed, login, register } from '../helpers/flows';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const NEW_PASSWORD = 'Hujan turun di Bogor sore ini';

describe.each(STORE_KINDS)('Akun Saya on %s', (kind) => {
  let t: TestService;
  let username: string;
  let token: string;
  const dewi = customerNamed('Dewi Lestari');
  beforeEach(async () => {
    t = await startTestService(kind);
    username = await register(t, dewi);
    token = (await login(t, username)).json().accessToken;
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (method: string, url: string, body?: unknown, tok = token) => t.call(method, url, body, bearer(tok));
  const messagesTo = async (to: string) =>
    (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(to)}`)).json().messages as Array<{ body: string }>;

  it('shows and changes the language and the notification choices, each only where given', async () => {
    expect((await call('GET', '/v1/me')).json().notifications).toEqual({ email: true, sms: true });
    const changed = await call('PATCH', '/v1/me', { notifications: { sms: false } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ language: 'id', notifications: { email: true, sms: false } });
    expect((await call('PATCH', '/v1/me', { language: 'en' })).json()).toMatchObject({
      language: 'en',
      notifications: { email: true, sms: false },
    });
    expect(
      (await call('PATCH', '/v1/me', { notifications: { email: false, sms: false } })).json().notifications,
    ).toEqual({ email: false, sms: false });
    const odd = await call('PATCH', '/v1/me', { notifications: { fax: true } });
    expect(odd.statusCode).toBe(400);
    expect(odd.json().error.code).toBe('invalid_request');
  });

  it('steps up with the password for five minutes; a wrong one counts toward the lockout', async () => {
    const principal = async (tok: string) =>
      t.service.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(tok) });
    expect((await principal(token)).statusCode).toBe(200);
    const session = await t.service.store.db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .select(['sessions.id', 'sessions.account_id', 'accounts.customer_id'])
      .where('accounts.username', '=', username)
      .executeTakeFirstOrThrow();
    const who = { sessionId: session.id, accountId: session.account_id, customerId: session.customer_id };
    await expect(t.service.account.requireStepUp(who)).rejects.toMatchObject({ code: 'step_up_required', status: 403 });

    const wrong = await call('POST', '/v1/sessions/step-up', { password: 'bukan ini' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    const ok = await call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(Date.parse(ok.json().stepUpExpiresAt) - t.clock.now()).toBe(5 * 60 * 1000);
    await expect(t.service.account.requireStepUp(who)).resolves.toBeUndefined();
    t.clock.advance(5 * 60 * 1000);
    await expect(t.service.account.requireStepUp(who)).rejects.toMatchObject({ code: 'step_up_required' });

    // Five wrong in a row lock the account, for logins too.
    for (let i = 0; i < 4; i++) await call('POST', '/v1/sessions/step-up', { password: 'bukan ini' });
    const locked = await call('POST', '/v1/sessions/step-up', { password: 'bukan ini' });
    expect(locked.statusCode).toBe(423);
    expect((await call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD })).statusCode).toBe(423);
    expect((await login(t, username)).statusCode).toBe(423);
  });

  it('changes the password: the current one checked, the rules applied, both contacts and Kotak Masuk told', async () => {
    const other = (await login(t, username)).json().accessToken;
    const body = (over: object = {}) => ({
      currentPassword: GOOD_PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
      endOtherSessions: false,
      ...over,
    });
    const wrong = await call('POST', '/v1/me/password', body({ currentPassword: 'bukan ini' }));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    const weak = await call(
      'POST',
      '/v1/me/password',
      body({ newPassword: username, newPasswordConfirmation: username }),
    );
    expect(weak.json().error.code).toBe('password_weak');
    expect(weak.json().error.details.reasons).toContain('contains_username');
    const mismatch = await call('POST', '/v1/me/password', body({ newPasswordConfirmation: 'lain sekali' }));
    expect(mismatch.json().error.code).toBe('password_mismatch');

    const smsBefore = (await messagesTo(dewi.phone)).length;
    t.clock.advance(1000);
    const done = await call('POST', '/v1/me/password', body());
    expect(done.statusCode, done.body).toBe(204);
    expect((await login(t, username)).statusCode).toBe(401);
    expect((await login(t, username, NEW_PASSWORD)).statusCode).toBe(200);
    // The other session goes on: the person chose not to end it.
    expect((await call('GET', '/v1/me', undefined, other)).statusCode).toBe(200);
    expect((await messagesTo(dewi.phone)).length).toBe(smsBefore + 1);
    expect((await messagesTo(dewi.phone))[0]!.body).toContain('Akun Saya');
    expect((await messagesTo(dewi.email))[0]!.body).toContain('Akun Saya');
    const inbox = (await call('GET', '/v1/inbox')).json();
    expect(inbox.messages[0].title).toBe('Password Anda telah diganti');

    const ended = await call(
      'POST',
      '/v1/me/password',
      body({
        currentPassword: NEW_PASSWORD,
        newPassword: GOOD_PASSWORD + '!',
        newPasswordConfirmation: GOOD_PASSWORD + '!',
        endOtherSessions: true,
      }),
    );
    expect(ended.statusCode, ended.body).toBe(204);
    expect((await call('GET', '/v1/me', undefined, other)).statusCode).toBe(401);
    expect((await call('GET', '/v1/me')).statusCode).toBe(200);
  });

  it('lists sessions and devices, and "end this session" stops its token at once', async () => {
    t.clock.advance(1000);
    const phone = await t.call('POST', '/v1/sessions', {
      username,
      password: GOOD_PASSWORD,
      device: { kind: 'personal', name: 'Ponsel Dewi' },
    });
    const phoneToken = phone.json().accessToken;
    const list = (await call('GET', '/v1/me/sessions')).json().sessions;
    expect(list).toHaveLength(2);
    expect(list.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const theirs = list.find((s: { deviceName: string }) => s.deviceName === 'Ponsel Dewi');
    expect(theirs).toMatchObject({ current: false, deviceKind: 'personal', address: '127.0.0.1' });

    const someone = await register(t, customerNamed('Budi Santoso'));
    const someoneToken = (await login(t, someone)).json().accessToken;
    expect((await call('DELETE', `/v1/me/sessions/${theirs.sessionId}`, undefined, someoneToken)).statusCode).toBe(404);
    expect((await call('GET', '/v1/me', undefined, phoneToken)).statusCode).toBe(200);

    expect((await call('DELETE', `/v1/me/sessions/${theirs.sessionId}`)).statusCode).toBe(204);
    const refused = await call('GET', '/v1/me', undefined, phoneToken);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('session_revoked');
    expect((await call('GET', '/v1/me/sessions')).json().sessions).toHaveLength(1);
    expect((await call('DELETE', `/v1/me/sessions/${theirs.sessionId}`)).statusCode).toBe(404);
  });

  it('lists recent sign-ins, failed ones too, newest first and paged', async () => {
    t.clock.advance(1000);
    await login(t, username, 'bukan ini');
    t.clock.advance(1000);
    await login(t, username);
    const first = (await call('GET', '/v1/me/sign-ins?limit=2')).json();
    expect(first.signIns.map((s: { result: string }) => s.result)).toEqual(['ok', 'wrong_password']);
    expect(first.signIns[0]).toMatchObject({ deviceKind: 'personal', deviceName: 'Laptop Budi', address: '127.0.0.1' });
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = (await call('GET', `/v1/me/sign-ins?limit=2&cursor=${first.nextCursor}`)).json();
    expect(rest.signIns.map((s: { result: string }) => s.result)).toEqual(['ok']);
    expect(rest.nextCursor).toBeUndefined();
    // An unknown name leaves no line anywhere.
    await login(t, 'tidak.ada.orangnya', 'apa saja');
    const count = await t.service.store.db
      .selectFrom('sign_ins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('changes a contact only after a step-up, with a code to the new contact and a notice to the old one', async () => {
    const NEW_EMAIL = 'dewi.lestari.baru@example.org';
    const start = (value = NEW_EMAIL, channel = 'email') => call('POST', '/v1/me/contact-changes', { channel, value });
    const refused = await start();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('step_up_required');
    expect((await call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD })).statusCode).toBe(200);
    expect((await start('bukan email')).statusCode).toBe(400);

    const started = await start();
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json().destination).toBe('d***u@example.org');
    expect(Date.parse(started.json().expiresAt) - t.clock.now()).toBe(120_000);
    const codeMessages = await messagesTo(NEW_EMAIL);
    expect(codeMessages).toHaveLength(1);
    expect((await start()).json().error.code).toBe('otp_resend_too_early');
    const oldBefore = (await messagesTo(dewi.email)).length;

    const code = (
      (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(NEW_EMAIL)}`)).json().messages as Array<{
        code: string;
      }>
    )[0]!.code;
    const wrong = await call('POST', '/v1/me/contact-changes/verify', {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.json().error.code).toBe('otp_invalid');
    t.clock.advance(1000);
    const verified = await call('POST', '/v1/me/contact-changes/verify', { code });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().email).toBe('d***u@example.org');
    // The old address hears of it; the new one got only its code.
    const oldAfter = await messagesTo(dewi.email);
    expect(oldAfter.length).toBe(oldBefore + 1);
    expect(oldAfter[0]!.body).toContain('d***u@example.org');
    expect(await messagesTo(NEW_EMAIL)).toHaveLength(1);
    expect((await call('GET', '/v1/inbox')).json().messages[0].title).toBe('Alamat email Anda telah diubah');
    // The code is used up.
    expect((await call('POST', '/v1/me/contact-changes/verify', { code })).statusCode).toBe(409);

    // A mobile number another account uses is accepted like any other: the answer tells nothing.
    const budi = customerNamed('Budi Santoso');
    const taken = await start(budi.phone, 'sms');
    expect(taken.statusCode, taken.body).toBe(201);
  });
});
