import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClaimsDriver } from '../helpers/claims';
import { plainPdf } from '../helpers/claim-files';
import { backOffice, customerNamed, GOOD_PASSWORD, login, register } from '../helpers/flows';
import { jobsDone } from '../helpers/jobs';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const LIFE = 'IND-2019-000123';
const HEALTH = 'IND-2021-004567';

/** Closing an account (complaints-privacy.md; server/domain/privacy/retention.md), table by table. */
describe.each(STORE_KINDS)('closing my account, on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService(kind);
    await t.service.app.listen({ port: 0, host: '127.0.0.1' });
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.service.store.db;
  const count = async (table: string, column: string, value: string) =>
    Number(
      (
        await db()
          .selectFrom(table as 'accounts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(column as 'id', '=', value)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('ends every session at once, erases what no law keeps, keeps what it does, and lets the person register again', async () => {
    const me = customerNamed('Budi Santoso');
    const accountId = (
      await db().selectFrom('accounts').select('id').where('username', '=', budi.username).executeTakeFirstOrThrow()
    ).id;
    const customerId = (
      await db().selectFrom('accounts').select('customer_id').where('id', '=', accountId).executeTakeFirstOrThrow()
    ).customer_id;
    // What Budi has: a submitted claim and a draft with a file, a payment, a request, a complaint,
    // consents changed over time, inbox messages, sign-ins, a second device, a back-office look.
    const submittedId = await budi.readyHospitalClaim(HEALTH);
    expect((await budi.call('POST', `/v1/claims/${submittedId}/submit`)).statusCode).toBe(200);
    const draftId = await budi.readyHospitalClaim(HEALTH);
    const draftFiles = await db().selectFrom('claim_files').select('id').where('claim_id', '=', draftId).execute();
    expect(draftFiles.length).toBeGreaterThan(0);
    expect((await budi.upload(draftId, 'other', await plainPdf(), 'application/pdf')).statusCode).toBe(201);
    const bill = (await budi.call('GET', `/v1/bills?policyNumber=${LIFE}`)).json().bills[0];
    const paid = await budi.pay(bill.billId);
    expect(paid.statusCode, paid.body).toBe(201);
    const request = await budi.call('POST', '/v1/requests', {
      policyNumber: LIFE,
      type: 'policy_book_duplicate',
      payload: { delivery: 'email' },
    });
    expect(request.statusCode, request.body).toBe(201);
    const complaint = await budi.call('POST', '/v1/complaints', {
      category: 'service',
      description: 'Petugas tidak membalas surel saya selama dua minggu terakhir.',
    });
    expect(complaint.statusCode).toBe(201);
    for (const granted of [true, false, true]) {
      t.clock.advance(1000);
      await budi.call('PUT', '/v1/me/consents/marketing_email', { granted });
    }
    await budi.call('PUT', '/v1/me/consents/service_improvement', { granted: true });
    const looked = await t.call(
      'GET',
      `/v1/admin/claims/${submittedId}`,
      undefined,
      backOffice(t.service.devAdminKey!),
    );
    expect(looked.statusCode).toBe(200);
    const second = await login(t, budi.username);
    expect(second.statusCode).toBe(200);
    expect(await count('inbox_messages', 'account_id', accountId)).toBeGreaterThan(0);
    expect(await count('sign_ins', 'account_id', accountId)).toBe(2);
    expect(await count('consents', 'account_id', accountId)).toBe(4);
    // A copy of the data, made and lying in the store.
    await budi.stepUp();
    expect((await budi.call('POST', '/v1/me/data-exports')).statusCode).toBe(202);
    await jobsDone(t, 'data.export', 1);
    const copy = (
      await db()
        .selectFrom('data_exports')
        .select('storage_key')
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow()
    ).storage_key!;
    expect(await t.service.documentStore.has(copy)).toBe(true);

    // The password is asked again first (the claim's payout account proved it 6 minutes ago).
    t.clock.advance(6 * 60_000);
    const unproved = await budi.call('POST', '/v1/me/closure');
    expect(unproved.statusCode).toBe(403);
    expect(unproved.json().error.code).toBe('step_up_required');
    await budi.stepUp();
    t.clock.advance(1000);
    const closed = await budi.call('POST', '/v1/me/closure');
    expect(closed.statusCode, closed.body).toBe(202);
    expect(closed.json()).toEqual({ status: 'closing', closedAt: new Date(t.clock.now()).toISOString() });

    // Every session ended with that answer; the old username and password open nothing.
    expect((await budi.call('GET', '/v1/me/consents')).statusCode).toBe(401);
    expect(
      (await t.call('GET', '/v1/me/consents', undefined, { authorization: `Bearer ${second.json().accessToken}` }))
        .statusCode,
    ).toBe(401);
    expect((await login(t, budi.username)).json().error.code).toBe('invalid_credentials');
    // The last message, on both contacts, whatever the notification choices said.
    for (const to of [me.phone, me.email]) {
      const out = (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(to)}`)).json().messages;
      expect(out[0].body, to).toMatch(/akun Anda telah ditutup/u);
    }

    await jobsDone(t, 'account.erase', 1);
    // Gone: sign-ins, sessions and their tokens (the devices), the inbox, events, flows and codes, the draft and its files.
    expect(await count('sessions', 'account_id', accountId)).toBe(0);
    expect(await count('sign_ins', 'account_id', accountId)).toBe(0);
    expect(await count('inbox_messages', 'account_id', accountId)).toBe(0);
    expect(await count('events', 'account_id', accountId)).toBe(0);
    expect(await count('flows', 'customer_id', customerId)).toBe(0);
    expect(await count('claims', 'id', draftId)).toBe(0);
    expect(await count('claim_files', 'claim_id', draftId)).toBe(0);
    expect(await count('claim_timeline', 'claim_id', draftId)).toBe(0);
    expect(await count('data_exports', 'account_id', accountId)).toBe(0);
    expect(await t.service.documentStore.has(copy)).toBe(false);
    const tokens = await db().selectFrom('access_tokens').select('session_id').execute();
    const sessionIds = new Set((await db().selectFrom('sessions').select('id').execute()).map((s) => s.id));
    expect(tokens.every((x) => sessionIds.has(x.session_id))).toBe(true);
    // Consents: the last of each purpose asked, and it is a withdrawal.
    const consents = await db().selectFrom('consents').selectAll().where('account_id', '=', accountId).execute();
    expect(consents.map((c) => `${c.purpose} ${c.granted}`).sort()).toEqual([
      'marketing_email 0',
      'service_improvement 0',
    ]);
    // Kept, without a login: the account's row, the claim and its files, the payment, the request,
    // the complaint, the access log.
    const account = await db().selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ password_hash: '', legacy_username: null, closed_at: expect.anything() });
    expect(account.username).not.toBe(budi.username);
    expect(await count('claims', 'id', submittedId)).toBe(1);
    expect(await count('claim_files', 'claim_id', submittedId)).toBeGreaterThan(0);
    expect(await count('payments', 'account_id', accountId)).toBe(1);
    expect(await count('requests', 'account_id', accountId)).toBe(1);
    expect(await count('complaints', 'account_id', accountId)).toBe(1);
    expect(await count('access_log', 'customer_id', customerId)).toBe(1);
    // A move of a kept record after the closure reaches no inbox.
    const moved = await t.call(
      'POST',
      `/v1/admin/claims/${submittedId}/transitions`,
      { to: 'verifying' },
      backOffice(t.service.devAdminKey!),
    );
    expect(moved.statusCode).toBe(200);
    expect(await count('inbox_messages', 'account_id', accountId)).toBe(0);
    // The erasure run again changes nothing.
    await db()
      .updateTable('jobs')
      .set({ status: 'pending', run_at: t.clock.now() })
      .where('kind', '=', 'account.erase')
      .execute();
    await jobsDone(t, 'account.erase', 1);
    expect(await count('claims', 'id', submittedId)).toBe(1);

    // Registering again works: a new username, the kept records there again, nothing erased back.
    t.clock.advance(60_000);
    const again = await register(t, me);
    expect(again).not.toBe(budi.username);
    const back = await login(t, again, GOOD_PASSWORD);
    expect(back.statusCode, back.body).toBe(200);
    const anew = new ClaimsDriver(t, back.json().accessToken, again);
    const claims = (await anew.call('GET', '/v1/claims')).json().claims.map((c: { claimId: string }) => c.claimId);
    expect(claims).toEqual([submittedId]);
    const inbox = (await anew.call('GET', '/v1/inbox')).json().messages;
    expect(inbox.map((m: { category: string }) => m.category)).toEqual(['security']);
    const purposes = (await anew.call('GET', '/v1/me/consents')).json().purposes;
    expect(purposes.every((p: { granted: boolean }) => !p.granted)).toBe(true);
  });

  it('is refused to an account closed meanwhile, and a closed account cannot be closed twice', async () => {
    await budi.stepUp();
    expect((await budi.call('POST', '/v1/me/closure')).statusCode).toBe(202);
    expect((await budi.call('POST', '/v1/me/closure')).statusCode).toBe(401);
  });
});
