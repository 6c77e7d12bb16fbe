import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores';
import { startTestService, type TestService } from '../helpers/service';
import {
  GOOD_PASSWORD,
  customerNamed,
  latestCode,
  login,
  register,
  registerUntilPassword,
  registrationBody,
} from '../helpers/flows';

describe.each(STORE_KINDS)('registration on %s', (kind) => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const budi = customerNamed('Budi Santoso');

  it('gives the second of two registrations that drew the same username a fresh one, not a 500', async () => {
    const a = await registerUntilPassword(t, budi);
    const b = await registerUntilPassword(t, customerNamed('Siti Rahmawati'));
    // The draw is random; make it collide, as it would one day among millions of customers.
    await t.service.store.db.updateTable('flows').set({ username: a.username }).where('id', '=', b.flowId).execute();
    const body = { password: GOOD_PASSWORD, passwordConfirmation: GOOD_PASSWORD };
    const first = await t.call('POST', `/v1/registrations/${a.flowId}/password`, body);
    expect(first.json()).toEqual({ step: 'done', username: a.username });
    const second = await t.call('POST', `/v1/registrations/${b.flowId}/password`, body);
    expect(second.statusCode, second.body).toBe(201);
    const fresh = second.json().username;
    expect(fresh).not.toBe(a.username);
    expect(fresh).toMatch(/^[a-z]+-[a-z]+-\d{4}$/u);
    expect((await login(t, fresh)).statusCode).toBe(200);
    // The message that tells the person their username says the one that works.
    const mail = (
      await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(customerNamed('Siti Rahmawati').email)}`)
    ).json();
    expect(mail.messages[0].body).toContain(fresh);
  });

  it('walks the five steps and the new account can log in', async () => {
    const start = await t.call('POST', '/v1/registrations', {
      ...registrationBody(budi),
      // Written as people write them: spaces, dashes, lower case, local phone form.
      policyNumber: 'ind 2019-000123',
      phone: '0812-3456-7890',
      email: 'Budi.Santoso@Example.co.id',
    });
    expect(start.statusCode, start.body).toBe(201);
    const { flowId, step, eula } = start.json();
    expect(step).toBe('eula');
    expect(eula.title).toContain('EULA');

    const accepted = await t.call('POST', `/v1/registrations/${flowId}/eula`, { version: eula.version });
    expect(accepted.json()).toEqual({
      step: 'otp_channel',
      channels: [
        { channel: 'sms', destination: '+62 812-****-7890' },
        { channel: 'email', destination: 'b***o@example.co.id' },
      ],
    });

    const sent = await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'email' });
    expect(sent.statusCode).toBe(200);
    const otp = sent.json();
    expect(otp).toMatchObject({ step: 'otp', channel: 'email', destination: 'b***o@example.co.id' });
    expect(Date.parse(otp.expiresAt) - t.clock.now()).toBe(120_000);
    expect(otp.resendAvailableAt).toBe(otp.expiresAt);

    const code = await latestCode(t, budi.email);
    expect(code).toMatch(/^\d{6}$/u);
    const verified = await t.call('POST', `/v1/registrations/${flowId}/otp/verify`, { code });
    expect(verified.statusCode).toBe(200);
    const { username } = verified.json();
    // Readable words and digits; nothing of the policy number or the birth date.
    expect(username).toMatch(/^[a-z]+-[a-z]+-\d{4}$/u);
    expect(username).not.toContain('2019');
    expect(username).not.toContain('1985');

    const done = await t.call('POST', `/v1/registrations/${flowId}/password`, {
      password: GOOD_PASSWORD,
      passwordConfirmation: GOOD_PASSWORD,
    });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toEqual({ step: 'done', username });

    // The username is sent with the confirmation, to both contacts.
    const mails = (await t.call('GET', `/v1/dev/outbox?to=${budi.email}`)).json().messages;
    expect(mails[0].body).toContain(username);
    const sms = (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(budi.phone)}`)).json().messages;
    expect(sms[0].body).toContain(username);

    // Case does not matter in the username.
    const session = await login(t, username.toUpperCase());
    expect(session.statusCode, session.body).toBe(200);
    expect(session.json().user).toEqual({ username, fullName: 'Budi Santoso' });
  });

  it('answers the same policy_data_mismatch whatever field is wrong', async () => {
    const good = registrationBody(budi);
    const wrongs = [
      { ...good, dateOfBirth: '1985-03-15' },
      { ...good, email: 'someone.else@example.co.id' },
      { ...good, phone: '+6281234567891' },
      { ...good, policyNumber: 'IND-2019-999999' },
      { ...good, policyType: 'sharia' },
    ];
    const answers = await Promise.all(wrongs.map((b) => t.call('POST', '/v1/registrations', b)));
    for (const a of answers) {
      expect(a.statusCode).toBe(400);
      expect(a.json().error.code).toBe('policy_data_mismatch');
    }
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  });

  it('registers a group member by member number, and only with it', async () => {
    const andi = customerNamed('Andi Pratama');
    const withoutMember = { ...registrationBody(andi) } as Record<string, unknown>;
    delete withoutMember.memberNumber;
    const refused = await t.call('POST', '/v1/registrations', withoutMember);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_request', details: { fields: ['memberNumber'] } });

    const otherMember = await t.call('POST', '/v1/registrations', {
      ...registrationBody(andi),
      memberNumber: 'PTMB-0002',
    });
    expect(otherMember.json().error.code).toBe('policy_data_mismatch');

    const username = await register(t, andi);
    expect((await login(t, username)).statusCode).toBe(200);
  });

  it('refuses a second account for the same person, also through another of their policies', async () => {
    await register(t, budi);
    const again = await t.call('POST', '/v1/registrations', registrationBody(budi, 1));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('account_exists');
  });

  it('refuses steps out of order with the step it waits for', async () => {
    const start = await t.call('POST', '/v1/registrations', registrationBody(budi));
    const { flowId } = start.json();
    const early = await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'flow_step_invalid', details: { expected: 'eula' } });
    const pw = await t.call('POST', `/v1/registrations/${flowId}/password`, {
      password: GOOD_PASSWORD,
      passwordConfirmation: GOOD_PASSWORD,
    });
    expect(pw.json().error.details.expected).toBe('eula');

    const wrongVersion = await t.call('POST', `/v1/registrations/${flowId}/eula`, { version: '1999-01' });
    expect(wrongVersion.statusCode).toBe(400);
    expect(wrongVersion.json().error.code).toBe('invalid_request');
  });

  it('a finished flow cannot be replayed', async () => {
    const { flowId } = await registerUntilPassword(t, budi);
    const body = { password: GOOD_PASSWORD, passwordConfirmation: GOOD_PASSWORD };
    expect((await t.call('POST', `/v1/registrations/${flowId}/password`, body)).statusCode).toBe(201);
    const replay = await t.call('POST', `/v1/registrations/${flowId}/password`, body);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error).toMatchObject({ code: 'flow_step_invalid', details: { expected: 'done' } });
  });

  it('expires a flow 30 minutes after it started', async () => {
    const { flowId } = (await t.call('POST', '/v1/registrations', registrationBody(budi))).json();
    t.clock.advance(30 * 60 * 1000 + 1);
    const late = await t.call('POST', `/v1/registrations/${flowId}/eula`, { version: '2026-11' });
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('flow_expired');
  });

  it('answers 404 for a flow id that does not exist', async () => {
    const res = await t.call('POST', '/v1/registrations/AAAAAAAAAAAAAAAAAAAAAA/eula', { version: '2026-11' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('applies the password rules with the new username, policy number and birth date', async () => {
    const { flowId, username } = await registerUntilPassword(t, budi);
    const attempt = (password: string, passwordConfirmation = password) =>
      t.call('POST', `/v1/registrations/${flowId}/password`, { password, passwordConfirmation });

    expect((await attempt(GOOD_PASSWORD, `${GOOD_PASSWORD}!`)).json().error.code).toBe('password_mismatch');
    const cases: Array<[string, string]> = [
      ['short1', 'too_short'],
      ['x'.repeat(129), 'too_long'],
      ['password123', 'common'],
      [`saya-${username}-ok`, 'contains_username'],
      ['polis IND2019000123 saya', 'contains_policy_number'],
      ['lahir 14031985 ya', 'contains_date_of_birth'],
    ];
    for (const [password, reason] of cases) {
      const res = await attempt(password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json().error.code).toBe('password_weak');
      expect(res.json().error.details.reasons).toContain(reason);
    }
    // The flow is still waiting for a good password.
    expect((await attempt(GOOD_PASSWORD)).statusCode).toBe(201);
  });

  it('gives the EULA in English when the app asks in English', async () => {
    const res = await t.call('POST', '/v1/registrations', registrationBody(budi), {
      'accept-language': 'en-GB,en;q=0.9',
    });
    expect(res.json().eula.title).toContain('End User Licence Agreement');
  });

  it('weighs the languages asked for: English preferred after one it cannot write, Indonesian by default', async () => {
    const title = async (header?: string) =>
      (
        await t.call('POST', '/v1/registrations', registrationBody(budi), header ? { 'accept-language': header } : {})
      ).json().eula.title as string;
    expect(await title('fr-FR, en;q=0.8, id;q=0.5')).toContain('End User Licence Agreement');
    expect(await title('en;q=0.3, id;q=0.9')).not.toContain('End User Licence Agreement');
    expect(await title()).not.toContain('End User Licence Agreement');
    expect(await title('*')).not.toContain('End User Licence Agreement');
  });
});
