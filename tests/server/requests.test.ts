import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/calendar/working-days';
import { jakartaDate } from '../../server/domain/clock';
import { ClaimsDriver } from '../helpers/claims';
import { plainPdf } from '../helpers/claim-files';
import { backOffice, GOOD_PASSWORD } from '../helpers/flows';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const LIFE = 'IND-2019-000123';
const ADDRESS = { line1: 'Jl. Melati No. 12', city: 'Bandung', province: 'Jawa Barat', postalCode: '40115' };

describe.each(STORE_KINDS)('Transaksi Polis on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService(kind);
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });

  const admin = (id: string, body: Record<string, unknown>) =>
    t.call('POST', `/v1/admin/requests/${id}/transitions`, body, backOffice(t.service.devAdminKey!));
  const submit = (who: ClaimsDriver, type: string, payload: unknown, policyNumber = LIFE) =>
    who.call('POST', '/v1/requests', { policyNumber, type, payload });
  const rulesOf = (res: { json(): any }) => res.json().error.details.rules as string[];

  it('says which changes each person may ask for, and why not', async () => {
    const types = (await budi.call('GET', `/v1/policies/${LIFE}/request-types`)).json().types;
    const of = (type: string) => types.find((x: { type: string }) => x.type === type);
    expect(of('address_change')).toEqual({ type: 'address_change', allowed: true });
    expect(of('fund_switch')).toEqual({ type: 'fund_switch', allowed: false, reason: 'not_unit_linked' });
    expect(of('reinstatement')).toEqual({ type: 'reinstatement', allowed: false, reason: 'policy_not_lapsed' });
    const andi = await ClaimsDriver.signIn(t, 'Andi Pratama');
    const member = (await andi.call('GET', '/v1/policies/KMP-2022-000045/request-types')).json().types;
    // A member changes nothing of the employer's policy, but may correct their own record.
    expect(
      member
        .filter((x: { type: string }) => x.type !== 'data_correction')
        .every((x: { allowed: boolean; reason: string }) => !x.allowed && x.reason === 'not_policyholder'),
    ).toBe(true);
    expect(member.find((x: { type: string }) => x.type === 'data_correction')).toEqual({
      type: 'data_correction',
      allowed: true,
    });
    expect((await submit(andi, 'address_change', ADDRESS, 'KMP-2022-000045')).json().error.details.rules).toEqual([
      'not_policyholder',
    ]);
    expect((await budi.call('GET', '/v1/policies/KMP-2022-000045/request-types')).statusCode).toBe(404);
  });

  it('changes the address: submitted, in process, done; the policy and its history show it', async () => {
    expect(rulesOf(await submit(budi, 'address_change', { ...ADDRESS, postalCode: '4011' }))).toEqual([
      'postal_code_invalid',
    ]);
    const res = await submit(budi, 'address_change', ADDRESS);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.number).toMatch(/^TRX-\d{4}-000001$/u);
    const again = await submit(budi, 'address_change', ADDRESS);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict', details: { id: r.requestId, number: r.number } });

    expect((await admin(r.requestId, { to: 'done' })).json().error).toMatchObject({
      code: 'transition_invalid',
      details: { allowed: ['in_process', 'rejected'] },
    });
    expect((await admin(r.requestId, { to: 'in_process' })).statusCode).toBe(200);
    expect((await budi.call('POST', `/v1/requests/${r.requestId}/cancel`)).statusCode).toBe(409);
    const done = await admin(r.requestId, { to: 'done', note: 'Sesuai dokumen' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().timeline.map((x: { status: string }) => x.status)).toEqual(['submitted', 'in_process', 'done']);
    const policy = (await budi.call('GET', `/v1/policies/${LIFE}`)).json().policy;
    expect(policy.correspondenceAddress).toEqual(ADDRESS);
    const history = (await budi.call('GET', `/v1/policies/${LIFE}/history`)).json().entries;
    expect(history).toEqual([
      {
        at: expect.any(String),
        what: 'Alamat korespondensi diubah: Jl. Melati No. 12, Bandung 40115',
        requestNumber: r.number,
      },
    ]);
    const inbox = (await budi.call('GET', '/v1/inbox')).json().messages;
    expect(inbox.map((m: { title: string }) => m.title)).toContain(`Pengajuan ${r.number} selesai`);
    // Done: another may be asked for now.
    expect((await submit(budi, 'address_change', ADDRESS)).statusCode).toBe(201);
  });

  it('asks for the password again for beneficiaries, names each broken rule, and changes nothing when rejected', async () => {
    const good = [
      { fullName: 'Ratna Santoso', relationship: 'Istri', dateOfBirth: '1987-05-01', sharePercent: 50 },
      { fullName: 'Dimas Santoso', relationship: 'Anak', dateOfBirth: '2012-09-09', sharePercent: 50 },
    ];
    const stepUp = await submit(budi, 'beneficiary_change', { beneficiaries: good });
    expect(stepUp.statusCode).toBe(403);
    expect(stepUp.json().error.code).toBe('step_up_required');
    expect((await budi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD })).statusCode).toBe(200);

    const tomorrow = addDays(jakartaDate(t.clock.now()), 1);
    const wrong = await submit(budi, 'beneficiary_change', {
      beneficiaries: [
        { ...good[0]!, sharePercent: 49 },
        { ...good[1]!, relationship: 'Tetangga', dateOfBirth: tomorrow },
      ],
    });
    expect(wrong.statusCode).toBe(422);
    expect(rulesOf(wrong).sort()).toEqual(['date_of_birth_in_future', 'relationship_unknown', 'shares_not_100']);
    expect(
      rulesOf(await submit(budi, 'beneficiary_change', { beneficiaries: [{ ...good[0]!, sharePercent: 101 }] })),
    ).toEqual(['shares_not_100']);

    const before = (await budi.call('GET', `/v1/policies/${LIFE}`)).json().policy.beneficiaries;
    const r = (await submit(budi, 'beneficiary_change', { beneficiaries: good })).json();
    const rejected = await admin(r.requestId, { to: 'rejected', reason: 'Tanda tangan tidak sesuai' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectionReason: 'Tanda tangan tidak sesuai' });
    expect((await budi.call('GET', `/v1/policies/${LIFE}`)).json().policy.beneficiaries).toEqual(before);
    expect((await budi.call('GET', `/v1/policies/${LIFE}/history`)).json().entries).toEqual([]);

    const again = (await submit(budi, 'beneficiary_change', { beneficiaries: good })).json();
    await admin(again.requestId, { to: 'in_process' });
    await admin(again.requestId, { to: 'done' });
    expect((await budi.call('GET', `/v1/policies/${LIFE}`)).json().policy.beneficiaries).toEqual([
      { fullName: 'Ratna Santoso', relationship: 'Istri', sharePercent: 50 },
      { fullName: 'Dimas Santoso', relationship: 'Anak', sharePercent: 50 },
    ]);
  });

  it('asks for the password again when the step-up is 6 minutes old', async () => {
    expect((await budi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD })).statusCode).toBe(200);
    t.clock.advance(6 * 60_000);
    const late = await submit(budi, 'payment_method_change', { method: 'virtual_account' });
    expect(late.statusCode).toBe(403);
    expect(late.json().error.code).toBe('step_up_required');
    expect((await budi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD })).statusCode).toBe(200);
    expect((await submit(budi, 'payment_method_change', { method: 'virtual_account' })).statusCode).toBe(201);
  });

  it('changes nothing when a request of any type is rejected', async () => {
    await budi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD });
    const nur = await ClaimsDriver.signIn(t, 'Nur Aisyah');
    const cases: Array<[ClaimsDriver, string, string, unknown]> = [
      [budi, LIFE, 'address_change', ADDRESS],
      [
        budi,
        LIFE,
        'payment_method_change',
        {
          method: 'auto_debit_bca',
          debitDay: 15,
          account: { accountNumber: '0123456789', accountHolder: 'Budi Santoso' },
        },
      ],
      [budi, LIFE, 'policy_book_duplicate', { delivery: 'post' }],
      [
        nur,
        'SYR-2023-001122',
        'reinstatement',
        { healthDeclaration: { hospitalizedLast12Months: true, underTreatment: false } },
      ],
    ];
    for (const [who, policy, type, payload] of cases) {
      const before = (await who.call('GET', `/v1/policies/${policy}`)).json().policy;
      const r = await submit(who, type, payload, policy);
      expect(r.statusCode, `${type}: ${r.body}`).toBe(201);
      await admin(r.json().requestId, { to: 'in_process' });
      const rejected = await admin(r.json().requestId, { to: 'rejected', reason: 'Dokumen tidak lengkap' });
      expect(rejected.json().status, type).toBe('rejected');
      expect((await who.call('GET', `/v1/policies/${policy}`)).json().policy, type).toEqual(before);
      expect((await who.call('GET', `/v1/policies/${policy}/history`)).json().entries, type).toEqual([]);
    }
    // A rejection says why.
    const r = (await submit(budi, 'address_change', ADDRESS)).json();
    expect((await admin(r.requestId, { to: 'rejected' })).statusCode).toBe(400);
  });

  it('takes only the debit days the bank offers, and the new method shows on the policy', async () => {
    await budi.call('POST', '/v1/sessions/step-up', { password: GOOD_PASSWORD });
    expect(rulesOf(await submit(budi, 'payment_method_change', { method: 'auto_debit_card', debitDay: 31 }))).toEqual([
      'debit_day_invalid',
    ]);
    expect(
      rulesOf(
        await submit(budi, 'payment_method_change', {
          method: 'auto_debit_bca',
          debitDay: 10,
          account: { accountNumber: '0123456789', accountHolder: 'Budi Santoso' },
        }),
      ),
    ).toEqual(['debit_day_invalid']);
    const r = (await submit(budi, 'payment_method_change', { method: 'auto_debit_card', debitDay: 5 })).json();
    await admin(r.requestId, { to: 'in_process' });
    await admin(r.requestId, { to: 'done' });
    expect((await budi.call('GET', `/v1/policies/${LIFE}`)).json().policy.premium.paymentMethod).toBe(
      'Autodebet kartu kredit, tanggal 5',
    );
  });

  it('reinstates a lapsed policy once done; of two requests at once, one is taken', async () => {
    const nur = await ClaimsDriver.signIn(t, 'Nur Aisyah');
    const policy = 'SYR-2023-001122';
    const declaration = { healthDeclaration: { hospitalizedLast12Months: false, underTreatment: false } };
    const [x, y] = await Promise.all([
      submit(nur, 'reinstatement', declaration, policy),
      submit(nur, 'reinstatement', declaration, policy),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 409]);
    const r = (x.statusCode === 201 ? x : y).json();
    await admin(r.requestId, { to: 'in_process' });
    await admin(r.requestId, { to: 'done' });
    expect((await nur.call('GET', `/v1/policies/${policy}`)).json().policy.status).toBe('active');
    expect(rulesOf(await submit(nur, 'reinstatement', declaration, policy))).toEqual(['policy_not_lapsed']);
  });

  it('cancels only what is not yet in process, and keeps the back office behind its key', async () => {
    const r = (await submit(budi, 'policy_book_duplicate', { delivery: 'email' })).json();
    expect((await budi.call('POST', `/v1/requests/${r.requestId}/cancel`)).json().status).toBe('cancelled');
    expect((await t.call('POST', `/v1/admin/requests/${r.requestId}/transitions`, { to: 'done' })).statusCode).toBe(
      401,
    );
    expect((await admin(r.requestId, { to: 'in_process' })).statusCode).toBe(409);
    const list = (await budi.call('GET', '/v1/requests?status=cancelled')).json();
    expect(list.requests.map((x: { requestId: string }) => x.requestId)).toEqual([r.requestId]);
    const siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    expect((await siti.call('GET', `/v1/requests/${r.requestId}`)).statusCode).toBe(404);
    expect((await submit(budi, 'policy_book_duplicate', { delivery: 'fax' })).json().error.details.rules).toEqual([
      'payload_invalid',
    ]);
  });

  it('corrects a person’s own name and date of birth with a document: any member of the policy, one pending each', async () => {
    const GROUP = 'KMP-2022-000045';
    const andi = await ClaimsDriver.signIn(t, 'Andi Pratama');
    const dewi = await ClaimsDriver.signIn(t, 'Dewi Lestari');
    const correction = { fullName: 'Andi Pratama Putra', dateOfBirth: '1990-07-21', reason: 'Sesuai KTP' };
    t.clock.advance(6 * 60_000);
    // Identity is sensitive: the password first.
    expect((await submit(andi, 'data_correction', correction, GROUP)).json().error.code).toBe('step_up_required');
    await andi.stepUp();
    await dewi.stepUp();
    expect(rulesOf(await submit(andi, 'data_correction', { reason: 'Salah ketik' }, GROUP))).toEqual([
      'correction_empty',
    ]);
    expect(rulesOf(await submit(andi, 'data_correction', { idNumber: '3171', reason: 'NIK' }, GROUP))).toEqual([
      'id_number_invalid',
    ]);
    expect(
      rulesOf(await submit(andi, 'data_correction', { dateOfBirth: '2099-01-01', reason: 'Lahir' }, GROUP)),
    ).toEqual(['date_of_birth_in_future']);
    const mine = await submit(andi, 'data_correction', { ...correction, idNumber: '3171012107900001' }, GROUP);
    expect(mine.statusCode, mine.body).toBe(201);
    // One pending each: Dewi, on the same policy, may have hers; Andi a second is refused.
    const hers = await submit(dewi, 'data_correction', { fullName: 'Dewi Lestari Ayu', reason: 'Akta' }, GROUP);
    expect(hers.statusCode, hers.body).toBe(201);
    expect((await submit(andi, 'data_correction', correction, GROUP)).statusCode).toBe(409);

    const r = mine.json();
    const upload = (who: ClaimsDriver, id: string, body: Buffer, type: string) =>
      t.service.app.inject({
        method: 'POST',
        url: `/v1/requests/${id}/files`,
        headers: { authorization: `Bearer ${who.token}`, 'content-type': type, 'x-file-name': 'ktp.pdf' },
        payload: body,
      });
    const ktp = await plainPdf('KTP Andi Pratama Putra');
    const sent = await upload(andi, r.requestId, ktp, 'application/pdf');
    expect(sent.statusCode, sent.body).toBe(201);
    const file = sent.json();
    expect((await andi.call('GET', `/v1/requests/${r.requestId}`)).json().files).toEqual([file]);
    const read = await andi.call('GET', `/v1/requests/${r.requestId}/files/${file.fileId}`);
    expect(read.rawPayload).toEqual(ktp);
    // Nobody else's, not even on the same policy.
    expect((await dewi.call('GET', `/v1/requests/${r.requestId}/files/${file.fileId}`)).statusCode).toBe(404);
    expect((await upload(dewi, r.requestId, ktp, 'application/pdf')).statusCode).toBe(404);
    // Other types carry no documents.
    const book = (await submit(budi, 'policy_book_duplicate', { delivery: 'email' })).json();
    expect(rulesOf(await upload(budi, book.requestId, ktp, 'application/pdf'))).toEqual(['files_not_accepted']);

    // Without its document a correction is not done.
    const dewiId = hers.json().requestId;
    await admin(dewiId, { to: 'in_process' });
    const undocumented = await admin(dewiId, { to: 'done' });
    expect(undocumented.statusCode).toBe(422);
    expect(undocumented.json().error.details.rules).toEqual(['document_required']);
    expect((await dewi.call('GET', `/v1/requests/${dewiId}`)).json().status).toBe('in_process');

    await admin(r.requestId, { to: 'in_process' });
    // Once in process no document is added.
    expect((await upload(andi, r.requestId, ktp, 'application/pdf')).statusCode).toBe(409);
    expect((await admin(r.requestId, { to: 'done' })).statusCode).toBe(200);
    const me = (await andi.call('GET', '/v1/me')).json();
    expect(me.fullName).toBe('Andi Pratama Putra');
    const record = await t.service.store.db
      .selectFrom('customers')
      .selectAll()
      .where('full_name', '=', 'Andi Pratama Putra')
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ date_of_birth: '1990-07-21', id_number: '3171012107900001' });
    // The group policy's history, which every member reads, says nothing of it.
    expect((await dewi.call('GET', `/v1/policies/${GROUP}/history`)).json().entries).toEqual([]);
  });

  it('carries a policyholder’s corrected name onto the policies they hold', async () => {
    await budi.stepUp();
    const r = (await submit(budi, 'data_correction', { fullName: 'Budi Santoso Wibowo', reason: 'Sesuai KTP' })).json();
    await t.service.app.inject({
      method: 'POST',
      url: `/v1/requests/${r.requestId}/files`,
      headers: { authorization: `Bearer ${budi.token}`, 'content-type': 'application/pdf', 'x-file-name': 'ktp.pdf' },
      payload: await plainPdf('KTP'),
    });
    await admin(r.requestId, { to: 'in_process' });
    expect((await admin(r.requestId, { to: 'done' })).statusCode).toBe(200);
    const policies = (await budi.call('GET', '/v1/policies')).json().policies;
    expect(policies.map((p: { policyholderName: string }) => p.policyholderName)).toEqual([
      'Budi Santoso Wibowo',
      'Budi Santoso Wibowo',
    ]);
  });
});
