import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/calendar/working-days';
import { jakartaDate } from '../../server/domain/clock';
import { CLAIM_MOVES } from '../../server/domain/claims/state-machine';
import { ClaimsDriver } from '../helpers/claims';
import { customerNamed, login } from '../helpers/flows';
import { plainPdf } from '../helpers/claim-files';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const HEALTH = 'IND-2021-004567'; // Kesehatan Keluarga Plus: yearly inpatient limit Rp 500 juta
const LIFE = 'IND-2019-000123'; // Proteksi Jiwa Prima with riders

describe.each(STORE_KINDS)('Claims on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService(kind);
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });

  const status = async (id: string) => (await budi.call('GET', `/v1/claims/${id}`)).json().status as string;
  const submitted = async (provider?: string) => {
    const id = await budi.readyHospitalClaim(HEALTH, { provider });
    const res = await budi.call('POST', `/v1/claims/${id}/submit`);
    expect(res.statusCode, res.body).toBe(200);
    return id;
  };
  const walk = async (id: string, steps: Array<Record<string, unknown>>) => {
    for (const step of steps) {
      t.clock.advance(1000);
      const res = await budi.move(id, step);
      expect(res.statusCode, `${JSON.stringify(step)}: ${res.body}`).toBe(200);
    }
  };
  const paidAt = () => new Date(t.clock.now()).toISOString();

  it('offers the types of the policy and its riders, each with its checklist; none on a lapsed policy', async () => {
    const life = (await budi.call('GET', `/v1/claims/options?policyNumber=${LIFE}`)).json();
    expect(life.types.map((x: { type: string }) => x.type).sort()).toEqual([
      'critical_illness',
      'death',
      'disability',
      'hospitalization',
    ]);
    expect(life.deadlineDays).toBe(60);
    const death = life.types.find((x: { type: string }) => x.type === 'death');
    expect(death.documents).toContainEqual({
      kind: 'death_certificate',
      required: true,
      label: 'Surat keterangan kematian',
    });
    const health = (await budi.call('GET', `/v1/claims/options?policyNumber=${HEALTH.toLowerCase()}`)).json();
    expect(health.types.map((x: { type: string }) => x.type).sort()).toEqual(['hospitalization', 'outpatient']);

    const nur = await ClaimsDriver.signIn(t, 'Nur Aisyah');
    const lapsed = (await nur.call('GET', '/v1/claims/options?policyNumber=SYR-2023-001122')).json();
    expect(lapsed.types).toEqual([]);
    // A group member claims for themselves only, and never a death claim.
    const dewi = await ClaimsDriver.signIn(t, 'Dewi Lestari');
    const group = (await dewi.call('GET', '/v1/claims/options?policyNumber=KMP-2022-000045')).json();
    expect(group.people.map((p: { fullName: string }) => p.fullName)).toEqual(['Dewi Lestari']);
    expect(group.types.map((x: { type: string }) => x.type).sort()).toEqual(['hospitalization', 'outpatient']);
    expect(group.types[0].methods).toContain('cashless');
    // A stranger's policy is not found, as a missing one.
    expect((await dewi.call('GET', `/v1/claims/options?policyNumber=${LIFE}`)).statusCode).toBe(404);
  });

  it('walks a claim from draft to paid: timeline, decision date, inbox, messages, and the benefit used', async () => {
    const before = (await budi.call('GET', `/v1/policies/${HEALTH}/benefits`)).json();
    const inpatient = before.benefits.find((b: { code: string }) => b.code === 'inpatient_annual');
    expect(inpatient).toMatchObject({ limit: 500_000_000, used: 0, remaining: 500_000_000, per: 'year' });

    const id = await budi.readyHospitalClaim(HEALTH);
    const draft = (await budi.call('GET', `/v1/claims/${id}`)).json();
    expect(draft).toMatchObject({
      status: 'draft',
      method: 'reimbursement',
      claimNumber: expect.stringMatching(/^KLM-\d{4}-\d{6}$/u),
    });
    expect(draft.submitDeadline).toBe(budi.daysAgo(7 - 60));
    expect(draft.payout).toEqual({ bankCode: '014', accountNumberMasked: '••••••7890', accountHolder: 'Budi Santoso' });
    t.clock.advance(1000);
    const sub = await budi.call('POST', `/v1/claims/${id}/submit`);
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().expectedDecisionDate).toBe(
      t.service.claims['records'].workingDays.addWorkingDays(budi.daysAgo(0), 14),
    );

    await walk(id, [
      { to: 'verifying' },
      { to: 'documents_requested', note: 'Mohon kirim hasil laboratorium.', documentKinds: ['lab_result'] },
    ]);
    const asked = (await budi.call('GET', `/v1/claims/${id}`)).json();
    expect(asked.pendingRequest).toMatchObject({
      note: 'Mohon kirim hasil laboratorium.',
      documentKinds: ['lab_result'],
    });
    expect(asked.expectedDecisionDate).toBeUndefined();
    // The answer needs a file added since the request.
    const early = await budi.call('POST', `/v1/claims/${id}/answer`, { note: 'Sudah' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.details.rules).toEqual(['no_new_file']);
    t.clock.advance(1000);
    expect((await budi.upload(id, 'lab_result', await plainPdf('Hasil lab'), 'application/pdf')).statusCode).toBe(201);
    // Answered two days later (a fresh sign-in: the token of two days ago has expired).
    t.clock.advance(2 * 86_400_000);
    budi = new ClaimsDriver(t, (await login(t, budi.username)).json().accessToken, budi.username);
    const answered = await budi.call('POST', `/v1/claims/${id}/answer`, { note: 'Hasil lab terlampir' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'verifying' });
    expect(answered.json().pendingRequest).toBeUndefined();
    expect(answered.json().expectedDecisionDate).toBe(
      t.service.claims['records'].workingDays.addWorkingDays(budi.daysAgo(0), 14),
    );

    await walk(id, [
      { to: 'assessing' },
      { to: 'approved', approvedAmount: 11_000_000, note: 'Sesuai kuitansi' },
      { to: 'paid', paidAmount: 11_000_000, paidAt: paidAt(), reference: 'TRF-2026-0001' },
    ]);
    const paid = (await budi.call('GET', `/v1/claims/${id}`)).json();
    expect(paid).toMatchObject({
      status: 'paid',
      approvedAmount: 11_000_000,
      paidAmount: 11_000_000,
      paymentReference: 'TRF-2026-0001',
    });
    expect(paid.timeline.map((e: { status: string }) => e.status)).toEqual([
      'draft',
      'submitted',
      'verifying',
      'documents_requested',
      'verifying',
      'assessing',
      'approved',
      'paid',
    ]);
    expect(paid.timeline[4].note).toBe('Hasil lab terlampir');

    const after = (await budi.call('GET', `/v1/policies/${HEALTH}/benefits`)).json();
    expect(after.benefits.find((b: { code: string }) => b.code === 'inpatient_annual')).toMatchObject({
      used: 11_000_000,
      remaining: 489_000_000,
    });

    // One inbox message a move (not for the draft), each linking to the claim; SMS and e-mail with them.
    const inbox = (await budi.call('GET', '/v1/inbox?limit=50')).json().messages as Array<{
      title: string;
      link?: { kind: string; id: string };
    }>;
    const about = inbox.filter((m) => m.link?.id === id);
    expect(about.map((m) => m.title)).toEqual([
      `Klaim ${paid.claimNumber} telah dibayar`,
      `Klaim ${paid.claimNumber} disetujui`,
      `Klaim ${paid.claimNumber} sedang dianalisa`,
      `Klaim ${paid.claimNumber} sedang diverifikasi`,
      `Klaim ${paid.claimNumber} memerlukan dokumen tambahan`,
      `Klaim ${paid.claimNumber} sedang diverifikasi`,
      `Klaim ${paid.claimNumber} telah kami terima`,
    ]);
    const events = await t.service.store.db
      .selectFrom('events')
      .select(['name', 'data'])
      .where('name', '=', 'claim.updated')
      .execute();
    expect(events.map((e) => JSON.parse(e.data).status)).toContain('paid');
  });

  it('sends the claim messages by SMS and e-mail only where the person left them on', async () => {
    const me = customerNamed('Budi Santoso');
    expect((await budi.call('PATCH', '/v1/me', { notifications: { sms: false } })).statusCode).toBe(200);
    const id = await submitted();
    const outbox = async (to: string) =>
      (
        (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(to)}`)).json().messages as Array<{
          subject: string | null;
          body: string;
        }>
      ).filter((m) => m.body.includes('KLM-') || (m.subject ?? '').includes('KLM-'));
    await expect.poll(async () => (await outbox(me.email)).length, { timeout: 5000 }).toBe(1);
    expect(await outbox(me.phone)).toEqual([]);
    void id;
  });

  it('follows every other path of the state table, and refuses each move it lacks', async () => {
    // Rejected with a reason.
    const rejected = await submitted('RS Satu');
    await walk(rejected, [
      { to: 'verifying' },
      { to: 'assessing' },
      { to: 'rejected', reason: 'Pengecualian polis pasal 7' },
    ]);
    expect((await budi.call('GET', `/v1/claims/${rejected}`)).json()).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Pengecualian polis pasal 7',
    });
    // documents_requested from assessing, too.
    const fromAssessing = await submitted('RS Dua');
    await walk(fromAssessing, [
      { to: 'verifying' },
      { to: 'assessing' },
      { to: 'documents_requested', note: 'Kuitansi asli kurang jelas', documentKinds: ['receipt'] },
    ]);
    // Withdrawn from submitted, verifying and documents_requested.
    const w1 = await submitted('RS Tiga');
    const w2 = await submitted('RS Empat');
    await walk(w2, [{ to: 'verifying' }]);
    for (const id of [w1, w2, fromAssessing]) {
      const res = await budi.call('POST', `/v1/claims/${id}/withdraw`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe('withdrawn');
    }
    // A draft is deleted, with its files.
    const draft = await budi.readyHospitalClaim(HEALTH, { provider: 'RS Lima' });
    const keys = await t.service.store.db
      .selectFrom('claim_files')
      .select('storage_key')
      .where('claim_id', '=', draft)
      .execute();
    expect((await budi.call('DELETE', `/v1/claims/${draft}`)).statusCode).toBe(204);
    expect((await budi.call('GET', `/v1/claims/${draft}`)).statusCode).toBe(404);
    expect(
      await t.service.store.db.selectFrom('claim_files').select('id').where('claim_id', '=', draft).execute(),
    ).toEqual([]);
    expect(keys).toHaveLength(4);

    // Moves the table lacks: 409 with what is allowed from there.
    const fresh = await submitted('RS Enam');
    const skip = await budi.move(fresh, { to: 'approved', approvedAmount: 1_000_000 });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error).toMatchObject({
      code: 'transition_invalid',
      details: { from: 'submitted', allowed: ['verifying'] },
    });
    expect((await budi.call('POST', `/v1/claims/${rejected}/withdraw`)).json().error.code).toBe('transition_invalid');
    expect((await budi.call('PATCH', `/v1/claims/${fresh}`, { amountClaimed: 5 })).json().error.code).toBe(
      'transition_invalid',
    );
    // A move without what it must record.
    await walk(fresh, [{ to: 'verifying' }, { to: 'assessing' }]);
    const bare = await budi.move(fresh, { to: 'approved' });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().error.details.rules).toEqual(['missing_field:approvedAmount']);
    const over = await budi.move(fresh, { to: 'approved', approvedAmount: 12_500_001 });
    expect(over.json().error.details.rules).toEqual(['approved_over_claimed']);
    await walk(fresh, [{ to: 'approved', approvedAmount: 12_000_000 }]);
    const overpaid = await budi.move(fresh, { to: 'paid', paidAmount: 12_000_001, paidAt: paidAt(), reference: 'X1' });
    expect(overpaid.json().error.details.rules).toEqual(['paid_over_approved']);

    // Every row of the table was taken by this test or the one before (draft → submitted by submit).
    const taken = new Set([
      'submitted',
      'verifying',
      'documents_requested',
      'assessing',
      'approved',
      'rejected',
      'paid',
      'withdrawn',
    ]);
    expect(CLAIM_MOVES.every((m) => taken.has(m.to))).toBe(true);
  });

  it('refuses a stay claimed twice, naming the first claim, and lets it again once the first is withdrawn', async () => {
    const first = await submitted();
    const second = await budi.readyHospitalClaim(HEALTH, { provider: '  rs sehat SENTOSA jakarta ' });
    const dup = await budi.call('POST', `/v1/claims/${second}/submit`);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'conflict', details: { id: first } });
    expect(await status(second)).toBe('draft');
    expect((await budi.call('POST', `/v1/claims/${first}/withdraw`)).statusCode).toBe(200);
    expect((await budi.call('POST', `/v1/claims/${second}/submit`)).statusCode).toBe(200);
  });

  it('names every missing field and document, the deadline, and a payout account in another name', async () => {
    const personId = await budi.personId(LIFE);
    const empty = await budi.call('POST', '/v1/claims', { policyNumber: LIFE, personId, type: 'critical_illness' });
    expect(empty.statusCode, empty.body).toBe(201);
    const res = await budi.call('POST', `/v1/claims/${empty.json().claimId}/submit`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.rules).toEqual([
      'missing_field:event.date',
      'missing_field:event.diagnosis',
      'missing_field:amountClaimed',
      'missing_field:payout.bankCode',
      'missing_field:payout.accountNumber',
      'missing_field:payout.accountHolder',
      'missing_document:claim_form',
      'missing_document:medical_resume',
      'missing_document:doctor_statement',
      'missing_document:lab_result',
      'missing_document:id_card',
    ]);

    // Discharged 61 days ago: one day past the deadline.
    const late = await budi.readyHospitalClaim(HEALTH, { admitted: 64 });
    const refused = await budi.call('POST', `/v1/claims/${late}/submit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual({ rules: ['deadline_passed'], deadline: budi.daysAgo(1) });
    const inTime = await budi.readyHospitalClaim(HEALTH, { admitted: 63, provider: 'RS Tepat Waktu' });
    expect((await budi.call('POST', `/v1/claims/${inTime}/submit`)).statusCode).toBe(200);

    // The payout account must be the policyholder's: titles, case and punctuation aside.
    const named = (holder: string) =>
      budi.call('PATCH', `/v1/claims/${empty.json().claimId}`, {
        payout: { bankCode: '008', accountNumber: '9876543210', accountHolder: holder },
      });
    expect((await named('Bapak BUDI SANTOSO, S.E.')).statusCode).toBe(200);
    const other = await named('Siti Rahmawati');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.details.rules).toEqual(['payout_holder_mismatch']);
    const bank = await budi.call('PATCH', `/v1/claims/${empty.json().claimId}`, {
      payout: { bankCode: '999', accountNumber: '9876543210', accountHolder: 'Budi Santoso' },
    });
    expect(bank.json().error.details.rules).toEqual(['bank_unknown']);
    // For death, a listed beneficiary's account is allowed.
    const death = await budi.call('POST', '/v1/claims', {
      policyNumber: LIFE,
      personId,
      type: 'death',
      payout: { bankCode: '002', accountNumber: '5555566666', accountHolder: 'Ratna Santoso' },
    });
    expect(death.statusCode, death.body).toBe(201);
  });

  it('bounds dates where they enter: no year past 2099, no event after today; a claim stays readable', async () => {
    const personId = await budi.personId(HEALTH);
    const far = await budi.call('POST', '/v1/claims', {
      policyNumber: HEALTH,
      personId,
      type: 'outpatient',
      event: { date: '9999-12-01', providerName: 'Klinik Masa Depan', diagnosis: 'ISPA' },
    });
    expect(far.statusCode, far.body).toBe(400);
    expect(far.json().error.details.fields).toEqual(['event.date']);
    const tomorrow = addDays(jakartaDate(t.clock.now()), 1);
    const early = await budi.call('POST', '/v1/claims', {
      policyNumber: HEALTH,
      personId,
      type: 'outpatient',
      event: { date: tomorrow, providerName: 'Klinik Besok', diagnosis: 'ISPA' },
    });
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json().error.details.rules).toEqual(['date_in_future']);
    const draft = (
      await budi.call('POST', '/v1/claims', { policyNumber: HEALTH, personId, type: 'outpatient' })
    ).json();
    const patched = await budi.call('PATCH', `/v1/claims/${draft.claimId}`, { event: { dischargeDate: tomorrow } });
    expect(patched.json().error.details.rules).toEqual(['date_in_future']);
    // What was refused left the draft as it was, readable by its person and the back office alike.
    expect((await budi.call('GET', `/v1/claims/${draft.claimId}`)).statusCode).toBe(200);
    expect((await budi.admin('GET', `/v1/admin/claims/${draft.claimId}`)).statusCode).toBe(200);
  });

  it('asks for the password again before a payout account is set, and takes it after', async () => {
    const personId = await budi.personId(HEALTH);
    const payout = { bankCode: '014', accountNumber: '1234567890', accountHolder: 'Budi Santoso' };
    // Six minutes after the last proof of the password (api-v1.md, Step-up: five).
    t.clock.advance(6 * 60_000);
    budi = await budi.relogin();
    const created = await budi.call('POST', '/v1/claims', {
      policyNumber: HEALTH,
      personId,
      type: 'outpatient',
      payout,
    });
    expect(created.statusCode).toBe(403);
    expect(created.json().error.code).toBe('step_up_required');
    const draft = (
      await budi.call('POST', '/v1/claims', { policyNumber: HEALTH, personId, type: 'outpatient' })
    ).json();
    const changed = await budi.call('PATCH', `/v1/claims/${draft.claimId}`, { payout });
    expect(changed.json().error.code).toBe('step_up_required');
    expect((await budi.call('GET', `/v1/claims/${draft.claimId}`)).json().payout).toBeUndefined();
    await budi.stepUp();
    const set = await budi.call('PATCH', `/v1/claims/${draft.claimId}`, { payout });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().payout.accountNumberMasked).toBe('••••••7890');
  });

  it('numbers claims in the Jakarta year: at 01:00 WIB on 1 January the new series has begun', async () => {
    const personId = await budi.personId(HEALTH);
    // 1 January 2027, 01:00 WIB is still 31 December 2026 in UTC.
    t.clock.advance(Date.parse('2026-12-31T18:00:00Z') - t.clock.now());
    budi = await budi.relogin();
    const c = (await budi.call('POST', '/v1/claims', { policyNumber: HEALTH, personId, type: 'outpatient' })).json();
    expect(c.claimNumber).toMatch(/^KLM-2027-\d{6}$/u);
  });

  it('refuses amounts that are negative, fractional or absurd, and unknown fields', async () => {
    const personId = await budi.personId(HEALTH);
    for (const amountClaimed of [-1, 0, 1500.5, 1e15, '1000']) {
      const res = await budi.call('POST', '/v1/claims', {
        policyNumber: HEALTH,
        personId,
        type: 'outpatient',
        amountClaimed,
      });
      expect(res.statusCode, String(amountClaimed)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    const odd = await budi.call('POST', '/v1/claims', { policyNumber: HEALTH, personId, type: 'outpatient', bonus: 1 });
    expect(odd.json().error).toMatchObject({ code: 'invalid_request', details: { fields: ['bonus'] } });
    const uncovered = await budi.call('POST', '/v1/claims', { policyNumber: HEALTH, personId, type: 'death' });
    expect(uncovered.json().error.details.rules).toEqual(['type_not_covered']);
  });

  it("answers a stranger's claim, file and policy as not found, exactly like missing ones", async () => {
    const id = await budi.readyHospitalClaim(HEALTH);
    const file = (await budi.call('GET', `/v1/claims/${id}`)).json().files[0].fileId;
    const siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    const missing = 'AAAAAAAAAAAAAAAAAAAAAA';
    for (const url of [`/v1/claims/${id}`, `/v1/claims/${missing}`, `/v1/claims/${id}/files/${file}`]) {
      const res = await siti.call('GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await siti.call('POST', `/v1/claims/${id}/submit`)).statusCode).toBe(404);
    expect((await siti.call('DELETE', `/v1/claims/${id}`)).statusCode).toBe(404);
    expect((await siti.call('GET', '/v1/claims')).json().claims).toEqual([]);
    expect((await siti.call('GET', `/v1/policies/${HEALTH}/benefits`)).statusCode).toBe(404);
    // The owner reads the file back as it was stored.
    const bytes = await budi.call('GET', `/v1/claims/${id}/files/${file}`);
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['content-type']).toBe('application/pdf');
  });

  it('holds at most 20 files a claim', async () => {
    const id = await budi.readyHospitalClaim(HEALTH);
    const pdf = await plainPdf();
    for (let i = 4; i < 20; i++) expect((await budi.upload(id, 'other', pdf, 'application/pdf')).statusCode).toBe(201);
    const one = await budi.upload(id, 'other', pdf, 'application/pdf');
    expect(one.statusCode).toBe(409);
    expect(one.json().error).toMatchObject({ code: 'conflict', details: { reason: 'too_many_files', max: 20 } });
    expect((await budi.call('GET', `/v1/claims/${id}`)).json().files).toHaveLength(20);
  });

  it('lists claims newest first with filters and pages', async () => {
    const ids = [];
    for (const p of ['RS A', 'RS B', 'RS C']) {
      t.clock.advance(1000);
      ids.push(await submitted(p));
    }
    t.clock.advance(1000);
    await budi.readyHospitalClaim(HEALTH, { provider: 'RS D' });
    const all = (await budi.call('GET', '/v1/claims?limit=2')).json();
    expect(all.claims).toHaveLength(2);
    const next = (await budi.call('GET', `/v1/claims?limit=2&cursor=${all.nextCursor}`)).json();
    expect(next.claims.map((c: { claimId: string }) => c.claimId)).toEqual([ids[1], ids[0]]);
    expect(next.nextCursor).toBeUndefined();
    const onlySubmitted = (await budi.call('GET', '/v1/claims?status=submitted')).json();
    expect(onlySubmitted.claims).toHaveLength(3);
    expect((await budi.call('GET', `/v1/claims?policyNumber=${LIFE}`)).json().claims).toEqual([]);
    expect((await budi.call('GET', '/v1/claims?status=lost')).statusCode).toBe(400);
  });

  /**
   * Holds the first two readers of a claim until both have read it: two requests then decide on
   * the same stale state, on SQLite (whose transactions never overlap) as on PostgreSQL, and
   * only the database's own once-only rule is left to tell them apart.
   */
  function bothReadFirst<T extends object, K extends keyof T>(target: T, method: K): () => void {
    const original = target[method] as (...args: unknown[]) => Promise<unknown>;
    let readers = 0;
    let release!: () => void;
    const both = new Promise<void>((r) => (release = r));
    target[method] = (async (...args: unknown[]) => {
      const value = await original.apply(target, args);
      if (++readers === 2) release();
      if (readers <= 2) await both;
      return value;
    }) as T[K];
    return () => void (target[method] = original as T[K]);
  }

  it('makes one of two racing back-office moves win; the other is told the claim moved', async () => {
    const id = await submitted();
    const restore = bothReadFirst(t.service.claims['records'], 'anyRow');
    const [a, b] = await Promise.all([budi.move(id, { to: 'verifying' }), budi.move(id, { to: 'verifying' })]).finally(
      restore,
    );
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error).toMatchObject({ code: 'transition_invalid', details: { from: 'verifying' } });
    const timeline = (await budi.call('GET', `/v1/claims/${id}`)).json().timeline;
    expect(timeline.filter((e: { status: string }) => e.status === 'verifying')).toHaveLength(1);
  });

  it('lets one of two racing submissions of the same stay through; the other names the first', async () => {
    const one = await budi.readyHospitalClaim(HEALTH, { provider: 'RS Kembar' });
    const two = await budi.readyHospitalClaim(HEALTH, { provider: 'RS Kembar' });
    // Both pass the look for an earlier claim of the stay before either is submitted.
    const restore = bothReadFirst(t.service.claims as never, 'refuseDuplicate' as never);
    const answers = await Promise.all([
      budi.call('POST', `/v1/claims/${one}/submit`),
      budi.call('POST', `/v1/claims/${two}/submit`),
    ]).finally(restore);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = answers.find((r) => r.statusCode === 200)!.json();
    const loser = answers.find((r) => r.statusCode === 409)!.json();
    expect(loser.error).toMatchObject({
      code: 'conflict',
      details: { id: winner.claimId, claimNumber: winner.claimNumber },
    });
  });

  it('keeps the back office behind its keys, and logs each call with the key name', async () => {
    const id = await submitted();
    expect((await budi.admin('GET', '/v1/admin/claims', undefined, 'not-a-key-at-all-but-long')).statusCode).toBe(401);
    expect((await t.call('GET', '/v1/admin/claims')).statusCode).toBe(401);
    // A customer's own access token is no back-office key.
    expect((await budi.admin('GET', '/v1/admin/claims', undefined, budi.token)).statusCode).toBe(401);
    const list = await budi.admin('GET', '/v1/admin/claims?status=submitted');
    expect(list.statusCode).toBe(200);
    expect(list.json().claims.map((c: { claimId: string }) => c.claimId)).toEqual([id]);
    expect(t.logs.some((l) => l.includes('"admin":"dev"') && l.includes('admin call'))).toBe(true);
  });

  it('keeps a member within the benefit limit: what is promised counts, and payments racing past it are refused', async () => {
    const guarantee = (amount: number, diagnosis: string) =>
      budi.admin('POST', '/v1/admin/claims', {
        policyNumber: 'KMP-2022-000045',
        memberNumber: 'PTMB-0003',
        type: 'hospitalization',
        // Each its own stay: another hospital (one stay is claimed once).
        event: { date: budi.daysAgo(2), providerName: `RS ${diagnosis}`, diagnosis },
        guaranteedAmount: amount,
      });
    // Rp 300,000,000 a policy year for a stay: two guarantees of 180 million cannot both be promised.
    const first = await guarantee(180_000_000, 'Fraktur');
    expect(first.statusCode, first.body).toBe(201);
    const second = await guarantee(180_000_000, 'Apendisitis');
    expect(second.statusCode).toBe(422);
    expect(second.json().error.details).toEqual({ rules: ['benefit_limit_exceeded'], remaining: 120_000_000 });
    const a = (await guarantee(60_000_000, 'Tifoid')).json();
    const b = (await guarantee(60_000_000, 'DBD')).json();
    // Another stay was paid meanwhile (150 million used): the three approved no longer all fit.
    const member = await t.service.store.db
      .selectFrom('claims')
      .select(['customer_id'])
      .where('id', '=', a.claimId)
      .executeTakeFirstOrThrow();
    await t.service.store.db
      .insertInto('benefit_usage')
      .values({
        policy_number: 'KMP2022000045',
        customer_id: member.customer_id,
        benefit_code: 'inpatient_annual',
        period_from: '2026-01-01',
        used: 150_000_000,
      })
      .execute();
    const pay = (claimId: string, amount: number, ref: string) =>
      budi.move(claimId, { to: 'paid', paidAmount: amount, paidAt: paidAt(), reference: ref });
    const answers = await Promise.all([
      pay(first.json().claimId, 100_000_000, 'RS-1'),
      pay(a.claimId, 60_000_000, 'RS-2'),
      pay(b.claimId, 60_000_000, 'RS-3'),
    ]);
    const refused = answers.filter((r) => r.statusCode === 422);
    expect(answers.filter((r) => r.statusCode === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of refused) expect(r.json().error.details.rules).toEqual(['benefit_limit_exceeded']);
    const used = await t.service.store.db.selectFrom('benefit_usage').select('used').executeTakeFirstOrThrow();
    expect(Number(used.used)).toBeLessThanOrEqual(300_000_000);
    expect(refused.length).toBeGreaterThanOrEqual(1);
  });

  it('creates a cashless claim for a group member, with the guarantee letter in their documents', async () => {
    const dewi = await ClaimsDriver.signIn(t, 'Dewi Lestari');
    t.clock.advance(1000);
    const res = await dewi.admin('POST', '/v1/admin/claims', {
      policyNumber: 'KMP-2022-000045',
      memberNumber: 'ptmb-0002',
      type: 'hospitalization',
      event: {
        date: dewi.daysAgo(1),
        admissionDate: dewi.daysAgo(1),
        providerName: 'RS Medika Bandung',
        diagnosis: 'Tifoid',
      },
      guaranteedAmount: 25_000_000,
    });
    expect(res.statusCode, res.body).toBe(201);
    const claim = res.json();
    expect(claim).toMatchObject({
      method: 'cashless',
      status: 'approved',
      approvedAmount: 25_000_000,
      person: { fullName: 'Dewi Lestari' },
    });
    expect(claim.payout).toBeUndefined();
    const docs = (await dewi.call('GET', '/v1/policies/KMP-2022-000045/documents')).json().documents;
    const letter = docs.find((d: { documentId: string }) => d.documentId === claim.guaranteeLetterDocumentId);
    expect(letter).toMatchObject({ title: `Surat Jaminan ${claim.claimNumber}` });
    const pdf = await dewi.call('GET', `/v1/documents/${letter.documentId}`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Andi, on the same group policy, sees neither the claim nor the letter.
    const andi = await ClaimsDriver.signIn(t, 'Andi Pratama');
    expect((await andi.call('GET', `/v1/claims/${claim.claimId}`)).statusCode).toBe(404);
    expect(
      (await andi.call('GET', '/v1/policies/KMP-2022-000045/documents'))
        .json()
        .documents.map((d: { documentId: string }) => d.documentId),
    ).not.toContain(letter.documentId);
    // Dewi hears of it, and the claim is paid to the hospital.
    const inbox = (await dewi.call('GET', '/v1/inbox')).json().messages;
    expect(inbox[0].title).toBe(`Surat jaminan klaim ${claim.claimNumber} telah terbit`);
    t.clock.advance(1000);
    const paid = await dewi.move(claim.claimId, {
      to: 'paid',
      paidAmount: 24_000_000,
      paidAt: paidAt(),
      reference: 'RS-INV-9',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    const left = (await dewi.call('GET', '/v1/policies/KMP-2022-000045/benefits')).json();
    expect(left.benefits.find((b: { code: string }) => b.code === 'inpatient_annual').used).toBe(24_000_000);
    // Over the yearly limit: refused with what remains.
    const tooMuch = await dewi.admin('POST', '/v1/admin/claims', {
      policyNumber: 'KMP-2022-000045',
      memberNumber: 'PTMB-0002',
      type: 'hospitalization',
      event: { date: dewi.daysAgo(0), providerName: 'RS Lain', diagnosis: 'Operasi' },
      guaranteedAmount: 280_000_000,
    });
    expect(tooMuch.json().error).toMatchObject({
      code: 'validation_failed',
      details: { rules: ['benefit_limit_exceeded'], remaining: 276_000_000 },
    });
  });
});
