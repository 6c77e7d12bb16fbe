import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service';
import { bearer, customerNamed, latestCode, login, register, registrationBody } from '../helpers/flows';
import { accountIdOf, deliverMessage } from '../helpers/inbox';
import { crossingTime, openStream } from '../helpers/sse';
import { DOCTOR_PASSWORD } from '../helpers/consult';
import { waitFor } from '../helpers/mail-and-sms';
import { postJson, serviceNow, spawnService, type ServiceProcess } from '../helpers/process';
import { jakartaDate } from '../../server/domain/clock';
import { Keyed } from '../../server/domain/identity/secrets';
import { midtransSignature } from '../../server/domain/payments/gateway';

/**
 * Two service processes on one PostgreSQL schema: every once-only change is
 * decided by the database, so exactly one of many racing requests wins.
 */
describe('two instances on one PostgreSQL', () => {
  let seeded: TestService;
  let a: ServiceProcess;
  let b: ServiceProcess;
  const key = crypto.randomBytes(32).toString('hex');
  const adminKey = crypto.randomBytes(24).toString('base64url');

  beforeAll(async () => {
    seeded = await startTestService('postgres', {
      env: { OTP_HMAC_KEY: key, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
      systemClock: true,
    });
    const env = {
      ...seeded.env,
      OTP_HMAC_KEY: key,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      FLOW_RATE_LIMIT_PER_MINUTE: '1000',
      ADMIN_API_KEYS: `backoffice:${adminKey}`,
      // Doctors on duty whenever the test runs.
      CONSULT_HOURS: '00:00-23:59',
    };
    [a, b] = await Promise.all([spawnService(env, ['--dev']), spawnService(env, ['--dev'])]);
  }, 90_000);
  afterAll(async () => {
    expect(await a?.stop()).toBe(0);
    expect(await b?.stop()).toBe(0);
    await seeded?.close();
  });

  const instance = (i: number) => (i % 2 === 0 ? a : b).url;

  it('20 parallel back-office moves of one claim over both instances: one wins, the benefit is used once', async () => {
    const admin = { authorization: `Bearer ${adminKey}`, 'x-reason': 'Pembayaran klaim jaminan' };
    const now = await serviceNow(a.url);
    const today = jakartaDate(now);
    const created = await postJson(
      a.url,
      '/v1/admin/claims',
      {
        policyNumber: 'KMP-2022-000045',
        memberNumber: 'PTMB-0003',
        type: 'hospitalization',
        event: { date: today, providerName: 'RS Balap', diagnosis: 'Fraktur' },
        guaranteedAmount: 9_000_000,
      },
      admin,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const claimId = created.body.claimId as string;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postJson(
          instance(i),
          `/v1/admin/claims/${claimId}/transitions`,
          { to: 'paid', paidAmount: 9_000_000 - i, paidAt: new Date(now).toISOString(), reference: `TRF-${i}` },
          admin,
        ),
      ),
    );
    const winners = answers.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'transition_invalid', details: { from: 'paid', allowed: [] } });
    }
    const usage = await seeded.service.store.db.selectFrom('benefit_usage').selectAll().execute();
    expect(usage.map((u) => u.used)).toEqual([winners[0]!.body.paidAmount]);
    const timeline = await seeded.service.store.db
      .selectFrom('claim_timeline')
      .select('status')
      .where('claim_id', '=', claimId)
      .orderBy('seq')
      .execute();
    expect(timeline.map((x) => x.status)).toEqual(['submitted', 'approved', 'paid']);
  });

  it('20 parallel "Bayar" with one key over both instances: one payment; 50 copies of its notification: one ledger entry', async () => {
    // Agus Wijaya's account came from the old system (resources/demo/legacy-accounts.json).
    const token = (
      await postJson(a.url, '/v1/sessions', {
        username: 'agus.w70',
        password: 'Kopi-Tubruk-2009',
        device: { kind: 'personal', name: 'Laptop' },
      })
    ).body.accessToken as string;
    const bills = await fetch(`${a.url}/v1/bills`, { headers: bearer(token) }).then(
      (r) => r.json() as Promise<{ bills: Array<{ billId: string; amount: number }> }>,
    );
    const bill = bills.bills[0]!;
    const idempotencyKey = crypto.randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postJson(
          instance(i),
          `/v1/bills/${bill.billId}/payments`,
          { method: 'va_bca' },
          { ...bearer(token), 'idempotency-key': idempotencyKey },
        ),
      ),
    );
    expect(
      answers.map((x) => x.status),
      JSON.stringify(answers.filter((x) => x.status !== 201).map((x) => x.body)),
    ).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((x) => x.body.paymentId)).size).toBe(1);
    const paymentId = answers[0]!.body.paymentId as string;
    const db = seeded.service.store.db;
    expect(await db.selectFrom('payments').select('id').where('bill_id', '=', bill.billId).execute()).toHaveLength(1);
    expect(await db.selectFrom('sim_transactions').select('order_id').execute()).toHaveLength(1);

    // The gateway settles it and sends its notification 50 times, to both instances.
    await db
      .updateTable('sim_transactions')
      .set({ transaction_status: 'settlement' })
      .where('order_id', '=', paymentId)
      .execute();
    const serverKey = `SB-Mid-server-dev-${new Keyed(Buffer.from(key, 'hex')).mac('gateway-simulator').slice(0, 32)}`;
    const gross = `${bill.amount}.00`;
    const notification = {
      order_id: paymentId,
      status_code: '200',
      gross_amount: gross,
      transaction_status: 'settlement',
      signature_key: midtransSignature(paymentId, '200', gross, serverKey),
    };
    const copies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postJson(instance(i), '/v1/gateway/midtrans/notifications', notification)),
    );
    expect(copies.map((x) => x.status)).toEqual(Array(50).fill(200));
    expect(copies.filter((x) => x.body.verdict === 'paid')).toHaveLength(1);
    expect(copies.filter((x) => x.body.verdict === 'already_paid')).toHaveLength(49);
    expect(
      await db.selectFrom('ledger_entries').select('id').where('bill_id', '=', bill.billId).execute(),
    ).toHaveLength(1);
    // The copies left nothing for reconciliation to find.
    expect(
      await db.selectFrom('gateway_notifications').select('verdict').where('order_id', '=', paymentId).execute(),
    ).toEqual([]);
    // The receipt follows as a job, once, whichever instance ran it.
    const receipts = await waitFor(async () => {
      const r = await db.selectFrom('documents').select('id').where('title', 'like', 'Kuitansi%').execute();
      return r.length > 0 ? r : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await db.selectFrom('documents').select('id').where('title', 'like', 'Kuitansi%').execute()).toEqual(
      receipts,
    );
    expect(receipts).toHaveLength(1);
  });

  it('50 parallel verifications of one code: exactly one wins', async () => {
    const budi = customerNamed('Budi Santoso');
    const start = await postJson(a.url, '/v1/registrations', registrationBody(budi));
    const { flowId, eula } = start.body;
    await postJson(b.url, `/v1/registrations/${flowId}/eula`, { version: eula.version });
    expect((await postJson(a.url, `/v1/registrations/${flowId}/otp`, { channel: 'sms' })).status).toBe(200);
    const code = await latestCode(seeded, budi.phone);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postJson(instance(i), `/v1/registrations/${flowId}/otp/verify`, { code })),
    );
    const winners = answers.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('flow_step_invalid');
    }
  });

  it('20 parallel refreshes of one token: it is used up once, and the replays end the family', async () => {
    const username = await register(seeded, customerNamed('Siti Rahmawati'));
    const s = (await login(seeded, username)).json();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postJson(instance(i), '/v1/sessions/refresh', { refreshToken: s.refreshToken }),
      ),
    );
    // One request used the token up and got new tokens in the same transaction; the others wait for
    // it, find the token used and end the session as a replay.
    const winners = answers.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('session_revoked');
    }
    const db = seeded.service.store.db;
    const session = await db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .select(['sessions.id', 'sessions.revoked_at', 'sessions.revoke_reason'])
      .where('accounts.username', '=', username)
      .executeTakeFirstOrThrow();
    expect(session.revoke_reason).toBe('refresh_replayed');
    const tokens = await db.selectFrom('refresh_tokens').selectAll().where('session_id', '=', session.id).execute();
    expect(tokens.filter((t) => t.used_at !== null)).toHaveLength(1);
    expect(tokens).toHaveLength(1 + winners.length);
    const after = await postJson(a.url, '/v1/sessions/refresh', { refreshToken: winners[0]!.body.refreshToken });
    expect(after.body.error.code).toBe('session_revoked');
  });

  it('counts every one of 20 parallel failed logins, none lost between the two instances', async () => {
    const username = await register(seeded, customerNamed('Nur Aisyah'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postJson(instance(i), '/v1/sessions', {
          username,
          password: `salah-${i}-xyz`,
          device: { kind: 'personal', name: 'x' },
        }),
      ),
    );
    const account = await seeded.service.store.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    const row = await seeded.service.store.db
      .selectFrom('login_failures')
      .selectAll()
      .where('key', '=', `account:${account.id}`)
      .executeTakeFirstOrThrow();
    // A counted failure answers 401 until the count reaches five, then 423; one that met the lock
    // was refused before counting (423 too). So exactly four answers are 401 however the 20
    // interleave: a count lost between the instances would let a fifth or sixth through as 401.
    expect(answers.filter((r) => r.status === 401)).toHaveLength(4);
    expect(answers.filter((r) => r.status === 423)).toHaveLength(16);
    expect(row.failures).toBeGreaterThanOrEqual(5);
    expect(row.failures).toBeLessThanOrEqual(20);
    expect(row.locked_until).not.toBeNull();
    const locked = await postJson(b.url, '/v1/sessions', {
      username,
      password: 'Sawah hijau di pagi hari',
      device: { kind: 'personal', name: 'x' },
    });
    expect(locked.status).toBe(423);
  });

  it('two registrations of one person racing to the last step: one account', async () => {
    const maria = customerNamed('Maria Christina Simanjuntak');
    const flows: string[] = [];
    for (const url of [a.url, b.url]) {
      const { flowId, eula } = (await postJson(url, '/v1/registrations', registrationBody(maria))).body;
      await postJson(url, `/v1/registrations/${flowId}/eula`, { version: eula.version });
      await postJson(url, `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
      const code = await latestCode(seeded, maria.phone);
      expect((await postJson(url, `/v1/registrations/${flowId}/otp/verify`, { code })).status).toBe(200);
      flows.push(flowId);
    }
    const pw = { password: 'Sawah hijau di pagi hari', passwordConfirmation: 'Sawah hijau di pagi hari' };
    const answers = await Promise.all(
      flows.map((f, i) => postJson(instance(i), `/v1/registrations/${f}/password`, pw)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.status === 409)!.body.error.code).toBe('account_exists');
  });

  describe('the events stream across instances', () => {
    let token: string;
    let accountId: string;
    beforeAll(async () => {
      const username = await register(seeded, customerNamed('Rudi Hartono'));
      accountId = await accountIdOf(seeded.service, username);
      const session = await postJson(b.url, '/v1/sessions', {
        username,
        password: 'Sawah hijau di pagi hari',
        device: { kind: 'personal', name: 'Laptop Rudi' },
      });
      token = session.body.accessToken;
    });

    /** An inbox message raised through the in-process instance (a third one on the same schema). */
    const deliver = () => deliverMessage(seeded.service, accountId, seeded.clock.now());

    it('an event raised on one instance reaches a stream held on another', async () => {
      // LISTEN/NOTIFY, not the keep-alive (25 s): it arrives at once.
      expect(await crossingTime(b.url, token, deliver)).toBeLessThan(2000);
    });

    it('a stream resumed with Last-Event-ID after its instance was killed (-9) misses nothing', async () => {
      const c = await spawnService(
        { ...seeded.env, OTP_HMAC_KEY: key, LOGIN_RATE_LIMIT_PER_MINUTE: '1000', FLOW_RATE_LIMIT_PER_MINUTE: '1000' },
        ['--dev'],
      );
      const onC = await openStream(c.url, token);
      await deliver();
      const last = await onC.nth(0);
      c.proc.kill('SIGKILL');
      await onC.ended;
      const missed = [await deliver(), await deliver(), await deliver()];
      const onA = await openStream(a.url, token, last.id);
      try {
        await onA.nth(2);
        expect(onA.events.map((e) => JSON.parse(e.data).message.messageId)).toEqual(missed);
      } finally {
        onA.close();
      }
    });

    it('ending a session on one instance stops its token and closes its stream on the other at once', async () => {
      const session = await postJson(b.url, '/v1/sessions', {
        username: (
          await seeded.service.store.db
            .selectFrom('accounts')
            .select('username')
            .where('id', '=', accountId)
            .executeTakeFirstOrThrow()
        ).username,
        password: 'Sawah hijau di pagi hari',
        device: { kind: 'personal', name: 'Ponsel Rudi' },
      });
      const other = session.body.accessToken as string;
      const onB = await openStream(b.url, other);
      const ended = await fetch(`${a.url}/v1/sessions/current`, { method: 'DELETE', headers: bearer(other) });
      expect(ended.status).toBe(204);
      const refused = await fetch(`${b.url}/v1/me`, { headers: bearer(other) });
      expect(refused.status).toBe(401);
      const started = Date.now();
      await onB.ended;
      // NOTIFY on the sessions channel, not the 25 s keep-alive check.
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('"end this session" on one instance stops the other device’s token and stream on the other at once', async () => {
      const name = (
        await seeded.service.store.db
          .selectFrom('accounts')
          .select('username')
          .where('id', '=', accountId)
          .executeTakeFirstOrThrow()
      ).username;
      const signIn = async (url: string, device: string) =>
        (
          await postJson(url, '/v1/sessions', {
            username: name,
            password: 'Sawah hijau di pagi hari',
            device: { kind: 'personal', name: device },
          })
        ).body.accessToken as string;
      const mine = await signIn(a.url, 'Laptop Rudi');
      const theirs = await signIn(b.url, 'Tablet Rudi');
      const onB = await openStream(b.url, theirs);
      const { sessions } = (await (await fetch(`${a.url}/v1/me/sessions`, { headers: bearer(mine) })).json()) as {
        sessions: Array<{ sessionId: string; deviceName: string }>;
      };
      const tablet = sessions.find((x) => x.deviceName === 'Tablet Rudi')!;
      const ended = await fetch(`${a.url}/v1/me/sessions/${tablet.sessionId}`, {
        method: 'DELETE',
        headers: bearer(mine),
      });
      expect(ended.status).toBe(204);
      expect((await fetch(`${b.url}/v1/me`, { headers: bearer(theirs) })).status).toBe(401);
      const started = Date.now();
      await onB.ended;
      expect(Date.now() - started).toBeLessThan(2000);
      expect((await fetch(`${a.url}/v1/me`, { headers: bearer(mine) })).status).toBe(200);
    });
  });

  it('a consultation with the person on one instance and the doctor on the other: each hears the other at once', async () => {
    await seeded.service.doctors.add({
      name: 'dr. Lintas Instans',
      license: 'STR-9999000001',
      email: 'lintas@klinik.example',
      username: 'dr.lintas',
      password: DOCTOR_PASSWORD,
    });
    const login = await postJson(b.url, '/v1/doctor/sessions', { username: 'dr.lintas', password: DOCTOR_PASSWORD });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const code = await latestCode(seeded, 'lintas@klinik.example');
    const doctor = await postJson(b.url, '/v1/doctor/sessions/verify', { flowId: login.body.flowId, code });
    expect(doctor.status, JSON.stringify(doctor.body)).toBe(201);
    const dr = { authorization: `Bearer ${doctor.body.token}` };

    const username = await register(seeded, customerNamed('Dewi Lestari'));
    const session = await postJson(a.url, '/v1/sessions', {
      username,
      password: 'Sawah hijau di pagi hari',
      device: { kind: 'personal', name: 'Laptop Dewi' },
    });
    const me = bearer(session.body.accessToken);
    const options = (await (
      await fetch(`${a.url}/v1/claims/options?policyNumber=KMP-2022-000045`, { headers: me })
    ).json()) as {
      people: Array<{ personId: string }>;
    };

    const doctorStream = await openStream(b.url, doctor.body.token, undefined, '/v1/doctor/events');
    const personStream = await openStream(a.url, session.body.accessToken);
    try {
      let started = Date.now();
      const c = await postJson(
        a.url,
        '/v1/consultations',
        {
          policyNumber: 'KMP-2022-000045',
          personId: options.people[0]!.personId,
          topic: 'Pusing',
          symptoms: 'Pusing sejak pagi',
        },
        me,
      );
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      const id = c.body.consultationId as string;
      await waitFor(() => doctorStream.events.find((e) => e.event === 'queue.updated'), 2000);
      expect(Date.now() - started).toBeLessThan(2000);

      expect((await postJson(b.url, `/v1/doctor/consultations/${id}/take`, {}, dr)).status).toBe(200);
      await waitFor(
        () =>
          personStream.events.find((e) => e.event === 'consultation.status' && JSON.parse(e.data).status === 'active'),
        2000,
      );
      started = Date.now();
      await postJson(
        a.url,
        `/v1/consultations/${id}/messages`,
        { clientMessageId: 'lintas-0001-aa', text: 'Halo' },
        me,
      );
      await waitFor(
        () =>
          doctorStream.events.find(
            (e) => e.event === 'consultation.message' && JSON.parse(e.data).message.from === 'customer',
          ),
        2000,
      );
      await postJson(
        b.url,
        `/v1/doctor/consultations/${id}/messages`,
        { clientMessageId: 'lintas-0002-bb', text: 'Halo juga' },
        dr,
      );
      await waitFor(
        () =>
          personStream.events.find(
            (e) => e.event === 'consultation.message' && JSON.parse(e.data).message.from === 'doctor',
          ),
        2000,
      );
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      doctorStream.close();
      personStream.close();
    }
  });
});
