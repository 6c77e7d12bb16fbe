import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClaimsDriver } from '../helpers/claims';
import { exportOf, sectionOf } from '../helpers/data-export';
import { plainPdf, plainPng } from '../helpers/claim-files';
import { doctorSignedIn } from '../helpers/consult';
import { jobsDone } from '../helpers/jobs';
import { waitFor } from '../helpers/mail-and-sms';
import { pdfText } from '../helpers/pdf-text';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const LIFE = 'IND-2019-000123';
const HEALTH = 'IND-2021-004567';
const GROUP = 'KMP-2022-000045';
const DAY = 86_400_000;

vi.setConfig({ testTimeout: 90_000 });

/** A copy of my data (complaints-privacy.md, Data Saya). */
describe.each(STORE_KINDS)('a copy of my data, on %s', (kind) => {
  let t: TestService;
  let base: string;
  beforeEach(async () => {
    t = await startTestService(kind);
    base = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
  });
  afterEach(async () => {
    await t.close();
  });

  const raw = (who: ClaimsDriver, url: string, body: Buffer, type: string, headers: Record<string, string> = {}) =>
    t.service.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${who.token}`, 'content-type': type, ...headers },
      payload: body,
    });

  const json = sectionOf;

  it('holds each of the person’s items — claim files, payment and receipt, request, consultation and photo, messages, complaint — in a ZIP with a summary', async () => {
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    // A claim with its files.
    const claimId = await budi.readyHospitalClaim(HEALTH);
    const claim = (await budi.call('POST', `/v1/claims/${claimId}/submit`)).json();
    // A payment, paid, with its receipt.
    const bill = (await budi.call('GET', `/v1/bills?policyNumber=${LIFE}`)).json().bills[0];
    const payment = (await budi.pay(bill.billId)).json();
    await fetch(`${base}/dev/gateway/ui/${payment.paymentId}/pay`, { method: 'POST', redirect: 'manual' });
    await waitFor(async () => (await budi.call('GET', `/v1/payments/${payment.paymentId}`)).json().receiptDocumentId);
    // A request.
    const request = (
      await budi.call('POST', '/v1/requests', {
        policyNumber: LIFE,
        type: 'policy_book_duplicate',
        payload: { delivery: 'email' },
      })
    ).json();
    // A consultation with a photo.
    const personId = await budi.personId(HEALTH);
    const consultation = (
      await budi.call('POST', '/v1/consultations', {
        policyNumber: HEALTH,
        personId,
        topic: 'Ruam kulit',
        symptoms: 'Ruam merah di lengan sejak tiga hari, gatal pada malam hari.',
      })
    ).json();
    const dr = await doctorSignedIn(t);
    await dr.call('POST', `/v1/doctor/consultations/${consultation.consultationId}/take`);
    const photo = await plainPng();
    const sent = await raw(budi, `/v1/consultations/${consultation.consultationId}/files`, photo, 'image/png');
    expect(sent.statusCode, sent.body).toBe(201);
    // A complaint with a file.
    const complaint = (
      await budi.call('POST', '/v1/complaints', {
        category: 'claim',
        subject: { kind: 'claim', id: claimId },
        description: 'Klaim rawat inap saya belum diputuskan lebih dari dua minggu.',
      })
    ).json();
    const evidence = await plainPdf('Bukti percakapan');
    const attached = await raw(budi, `/v1/complaints/${complaint.complaintId}/files`, evidence, 'application/pdf', {
      'x-file-name': 'bukti.pdf',
    });
    expect(attached.statusCode, attached.body).toBe(201);
    await jobsDone(t, 'complaint.receipt', 1);

    // One at a time: a second ask while the first is prepared is refused.
    await budi.stepUp();
    const { zip, ready } = await exportOf(budi);
    expect(Date.parse(ready.expiresAt) - Date.parse(ready.readyAt)).toBe(7 * DAY);

    const claims = json(zip, 'claims');
    expect(claims.map((c: { claimNumber: string }) => c.claimNumber)).toEqual([claim.claimNumber]);
    for (const f of claims[0].files) {
      const bytes = zip.get(`claims/${claim.claimNumber}/${f.fileId}-${f.fileName}`);
      expect(bytes, f.fileName).toBeDefined();
      expect(crypto.createHash('sha256').update(bytes!).digest('hex')).toBe(f.sha256);
    }
    expect(json(zip, 'payments').map((p: { paymentId: string }) => p.paymentId)).toEqual([payment.paymentId]);
    expect(zip.get(`payments/${payment.paymentId}-kuitansi.pdf`)!.subarray(0, 5).toString()).toBe('%PDF-');
    expect(json(zip, 'bills').some((b: { billId: string }) => b.billId === bill.billId)).toBe(true);
    expect(json(zip, 'requests').map((r: { number: string }) => r.number)).toEqual([request.number]);
    const consultations = json(zip, 'consultations');
    expect(consultations[0]).toMatchObject({ number: consultation.number, topic: 'Ruam kulit' });
    const withPhoto = consultations[0].messages.find((m: { file?: unknown }) => m.file);
    expect(zip.get(`consultations/${consultation.number}/${withPhoto.seq}-${withPhoto.file.fileId}.png`)).toBeDefined();
    const complaints = json(zip, 'complaints');
    expect(complaints[0]).toMatchObject({ complaintNumber: complaint.complaintNumber });
    expect(zip.get(`complaints/${complaint.complaintNumber}/${complaints[0].files[0].fileId}-bukti.pdf`)).toEqual(
      evidence,
    );
    expect(zip.has(`complaints/${complaint.complaintNumber}/tanda-terima.pdf`)).toBe(true);
    const inbox = json(zip, 'inbox');
    expect(inbox.some((m: { category: string }) => m.category === 'claim')).toBe(true);
    expect(json(zip, 'profile')).toMatchObject({ fullName: 'Budi Santoso', email: 'budi.santoso@example.co.id' });
    expect(
      json(zip, 'policies')
        .map((p: { policyNumber: string }) => p.policyNumber)
        .sort(),
    ).toEqual([LIFE, HEALTH]);
    expect(json(zip, 'sign-ins').length).toBeGreaterThan(0);
    expect(json(zip, 'consents').purposes).toHaveLength(4);
    // The summary, in the person's language, counts what the ZIP holds.
    const summary = await pdfText(zip.get('ringkasan-data-saya.pdf')!);
    expect(summary).toContain('Ringkasan Data Saya');
    expect(summary).toMatch(/Klaim dan berkasnya:\s+1 — claims\.json/u);
    // Announced in the inbox.
    const messages = (await budi.call('GET', '/v1/inbox')).json().messages;
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'security', title: 'Salinan data Anda sudah siap' }),
      ]),
    );
  });

  it('holds nothing of another member of the same policy', async () => {
    const andi = await ClaimsDriver.signIn(t, 'Andi Pratama');
    const dewi = await ClaimsDriver.signIn(t, 'Dewi Lestari');
    const mine = await andi.readyHospitalClaim(GROUP, { holder: 'Andi Pratama' });
    await andi.call('POST', `/v1/claims/${mine}/submit`);
    const theirs = await dewi.readyHospitalClaim(GROUP, { holder: 'Dewi Lestari' });
    // A file only Dewi has (the helper's files are the same bytes for everyone).
    const own = await plainPdf('Kuitansi apotek milik Dewi');
    expect((await dewi.upload(theirs, 'other', own, 'application/pdf', 'apotek.pdf')).statusCode).toBe(201);
    const theirClaim = (await dewi.call('POST', `/v1/claims/${theirs}/submit`)).json();
    const theirComplaint = (
      await dewi.call('POST', '/v1/complaints', {
        category: 'service',
        description: 'Kartu peserta saya belum terbit sejak bulan lalu, mohon dibantu.',
      })
    ).json();
    const { zip } = await exportOf(andi);
    expect(json(zip, 'claims').map((c: { claimId: string }) => c.claimId)).toEqual([mine]);
    const everything = [...zip.values()];
    const text = everything.map((b) => b.toString('latin1')).join('\n');
    for (const needle of ['Dewi Lestari', theirClaim.claimNumber, theirComplaint.complaintNumber, theirs])
      expect(text, needle).not.toContain(needle);
    const hashes = new Set(everything.map((b) => crypto.createHash('sha256').update(b).digest('hex')));
    expect(hashes.has(crypto.createHash('sha256').update(own).digest('hex'))).toBe(false);
  });

  it('asks for the password, makes one at a time, and deletes the copy after 7 days', async () => {
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    expect((await budi.call('POST', '/v1/me/data-exports')).json().error.code).toBe('step_up_required');
    await budi.stepUp();
    const first = await budi.call('POST', '/v1/me/data-exports');
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ status: 'preparing' });
    const second = await budi.call('POST', '/v1/me/data-exports');
    expect(second.statusCode).toBe(409);
    expect(second.json().error.details.reason).toBe('export_in_progress');
    const id = first.json().exportId;
    await waitFor(
      async () => (await budi.call('GET', `/v1/me/data-exports/${id}`)).json().status === 'ready' || undefined,
      30_000,
    );
    const key = (
      await t.service.store.db
        .selectFrom('data_exports')
        .select('storage_key')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).storage_key!;
    expect(await t.service.documentStore.has(key)).toBe(true);
    // Another person cannot read it, not even its state.
    const siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    await siti.stepUp();
    expect((await siti.call('GET', `/v1/me/data-exports/${id}`)).statusCode).toBe(404);
    expect((await siti.call('GET', `/v1/me/data-exports/${id}/file`)).statusCode).toBe(404);
    // The download asks for the password again too.
    t.clock.advance(6 * 60_000);
    const fresh = await budi.relogin();
    expect((await fresh.call('GET', `/v1/me/data-exports/${id}/file`)).json().error.code).toBe('step_up_required');

    t.clock.advance(7 * DAY);
    await jobsDone(t, 'data.export.expire', 1);
    const later = await budi.relogin();
    await later.stepUp();
    expect((await later.call('GET', `/v1/me/data-exports/${id}`)).json().status).toBe('expired');
    expect((await later.call('GET', `/v1/me/data-exports/${id}/file`)).statusCode).toBe(404);
    expect(await t.service.documentStore.has(key)).toBe(false);
    expect((await later.call('GET', '/v1/me/data-exports')).json().exports).toHaveLength(1);
  });
});
