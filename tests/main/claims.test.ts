import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcEvent } from '../../contract/ipc';
import type { Core } from '../../electron/main/core/compose';
import { photoWithGps, plainPdf } from '../helpers/claim-files';
import { coreCalls, recordingCore, testCore } from '../helpers/core';
import { backOffice, customerNamed, GOOD_PASSWORD, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { waitFor } from '../helpers/mail-and-sms';

const HEALTH = 'IND-2021-004567';
const asArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;

describe('Klaim through the main-process core (claims.md, The app)', () => {
  let svc: LiveService;
  let dir: string;
  let username: string;

  beforeAll(async () => {
    svc = await startLiveService();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-claims-'));
    username = await register(svc, customerNamed('Budi Santoso'));
  });
  afterAll(async () => {
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = (mode: 'personal' | 'kiosk' = 'personal') => recordingCore(svc.url, dir, { mode });
  const { call, ok } = coreCalls((r, label) => expect(r, label).toMatchObject({ ok: true }));
  const signIn = (c: Core) => ok(c, 'session.login', { username, password: GOOD_PASSWORD, remember: false });
  const today = () => new Date(svc.clock.now()).toISOString().slice(0, 10);

  it('files a claim: draft, files with upload progress, submit; a move by the back office arrives as claims.updated', async () => {
    const { c, events } = start();
    await signIn(c);
    const options = await ok(c, 'claims.options', { policyNumber: HEALTH });
    const personId = options.people[0].personId;
    expect((await ok(c, 'claims.banks')).banks.length).toBeGreaterThan(20);
    expect((await ok(c, 'claims.benefits', { policyNumber: HEALTH })).benefits[0].code).toBe('inpatient_annual');

    const draft = await ok(c, 'claims.create', { policyNumber: HEALTH, personId, type: 'outpatient' });
    const fill = {
      claimId: draft.claimId,
      event: { date: today(), providerName: 'Klinik Pratama Sehat', diagnosis: 'ISPA' },
      amountClaimed: 450_000,
      payout: { bankCode: '008', accountNumber: '1234567890', accountHolder: 'Budi Santoso' },
    };
    // Where the money goes needs the password proved again (api-v1.md, Step-up).
    expect(await call(c, 'claims.update', fill)).toMatchObject({ ok: false, error: { code: 'step_up_required' } });
    await ok(c, 'account.stepUp', { password: GOOD_PASSWORD });
    const filled = await ok(c, 'claims.update', fill);
    expect(filled.event.providerName).toBe('Klinik Pratama Sehat');

    const big = await plainPdf('Kuitansi', 40);
    for (const kind of ['claim_form', 'receipt', 'doctor_statement']) {
      await ok(c, 'claims.addFile', {
        claimId: draft.claimId,
        kind,
        fileName: `${kind}.pdf`,
        contentType: 'application/pdf',
        bytes: asArrayBuffer(big),
        uploadId: `u-${kind}`,
      });
    }
    const progress = events.filter((e) => e.event === 'claims.uploadProgress' && e.payload.uploadId === 'u-receipt');
    expect(progress[0]!.payload).toMatchObject({ sentBytes: 0, totalBytes: big.length });
    expect(progress.at(-1)!.payload).toMatchObject({ sentBytes: big.length, totalBytes: big.length });

    const photo = await photoWithGps();
    const ktp = await ok(c, 'claims.addFile', {
      claimId: draft.claimId,
      kind: 'id_card',
      fileName: 'ktp.jpg',
      contentType: 'image/jpeg',
      bytes: asArrayBuffer(photo),
    });
    const back = await ok(c, 'claims.openFile', { claimId: draft.claimId, fileId: ktp.fileId });
    expect(back.contentType).toBe('image/jpeg');
    expect(crypto.createHash('sha256').update(Buffer.from(back.bytes)).digest('hex')).toBe(ktp.sha256);

    const submitted = await ok(c, 'claims.submit', { claimId: draft.claimId });
    expect(submitted.status).toBe('submitted');
    expect((await ok(c, 'claims.list', {})).claims[0].claimId).toBe(draft.claimId);

    await waitFor(
      async () => events.some((e) => e.event === 'claims.updated' && e.payload.status === 'submitted') || undefined,
      5000,
    );
    const moved = await fetch(`${svc.url}/v1/admin/claims/${draft.claimId}/transitions`, {
      method: 'POST',
      headers: { ...backOffice(svc.service.devAdminKey!), 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'verifying' }),
    });
    expect(moved.status).toBe(200);
    const update = await waitFor(
      async () => events.find((e) => e.event === 'claims.updated' && e.payload.status === 'verifying'),
      5000,
    );
    expect(update.payload).toEqual({ claimId: draft.claimId, claimNumber: submitted.claimNumber, status: 'verifying' });
    await ok(c, 'session.logout');
  });

  it('refuses a file over 10 MiB or of another type before sending a byte; the service refuses the rest', async () => {
    const { c, events } = start();
    await signIn(c);
    const personId = (await ok(c, 'claims.options', { policyNumber: HEALTH })).people[0].personId;
    const draft = await ok(c, 'claims.create', { policyNumber: HEALTH, personId, type: 'outpatient' });
    const before = events.length;
    const large = await call(c, 'claims.addFile', {
      claimId: draft.claimId,
      kind: 'receipt',
      fileName: 'besar.jpg',
      contentType: 'image/jpeg',
      bytes: new ArrayBuffer(30 * 1024 * 1024),
    });
    expect(large).toEqual({ ok: false, error: { code: 'file_too_large', details: { maxBytes: 10 * 1024 * 1024 } } });
    const exe = await call(c, 'claims.addFile', {
      claimId: draft.claimId,
      kind: 'receipt',
      fileName: 'setup.exe',
      contentType: 'application/x-msdownload',
      bytes: new ArrayBuffer(10),
    });
    expect(exe.error.code).toBe('file_type_refused');
    expect(events.slice(before).filter((e) => e.event === 'claims.uploadProgress')).toEqual([]);
    // Bytes that only claim to be a PDF: the service's verdict passes through unchanged.
    const fake = await call(c, 'claims.addFile', {
      claimId: draft.claimId,
      kind: 'receipt',
      fileName: 'kuitansi.pdf',
      contentType: 'application/pdf',
      bytes: asArrayBuffer(Buffer.from('MZ bukan pdf sama sekali')),
    });
    expect(fake).toEqual({ ok: false, error: { code: 'file_type_refused', details: { reason: 'type_not_allowed' } } });
    // Input outside the contract never reaches the service.
    expect((await call(c, 'claims.addFile', { claimId: draft.claimId, kind: 'receipt', bytes: 'x' })).error.code).toBe(
      'invalid_input',
    );
    await ok(c, 'claims.remove', { claimId: draft.claimId });
    expect((await call(c, 'claims.get', { claimId: draft.claimId })).error.code).toBe('not_found');
    await ok(c, 'session.logout');
  });

  it('files a claim on a kiosk, and leaves nothing of it on the machine after the session ends', async () => {
    const kioskDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-kiosk-claim-'));
    const events: Array<{ event: IpcEvent; payload: any }> = [];
    const c = testCore(svc.url, path.join(kioskDir, 'settings.json'), { mode: 'kiosk', eventsBackoffMs: 50 });
    c.onEvent((event, payload) => events.push({ event, payload }));
    const listing = () => fs.readdirSync(kioskDir, { recursive: true, encoding: 'utf8' }).sort();
    const before = listing();
    await ok(c, 'session.login', { username, password: GOOD_PASSWORD, remember: false });
    const personId = (await ok(c, 'claims.options', { policyNumber: HEALTH })).people[0].personId;
    const draft = await ok(c, 'claims.create', {
      policyNumber: HEALTH,
      personId,
      type: 'outpatient',
      event: { date: today(), providerName: 'Klinik Kiosk Cabang', diagnosis: 'Faringitis' },
    });
    const pdf = await plainPdf('Kuitansi kiosk');
    const added = await ok(c, 'claims.addFile', {
      claimId: draft.claimId,
      kind: 'receipt',
      fileName: 'kuitansi.pdf',
      contentType: 'application/pdf',
      bytes: asArrayBuffer(pdf),
    });
    await ok(c, 'kiosk.finish');
    // The draft is on the service, for the person to continue at home; the kiosk holds none of it.
    expect((await call(c, 'claims.get', { claimId: draft.claimId })).error.code).toBe('unauthenticated');
    const after = listing();
    expect(after.filter((f) => !before.includes(f) && f !== 'settings.json')).toEqual([]);
    for (const f of after) {
      const full = path.join(kioskDir, String(f));
      if (!fs.statSync(full).isFile()) continue;
      const text = fs.readFileSync(full);
      expect(text.includes(draft.claimNumber), String(f)).toBe(false);
      expect(text.includes(added.sha256), String(f)).toBe(false);
      expect(text.includes(pdf.subarray(0, 64)), String(f)).toBe(false);
    }
    const row = await svc.service.store.db
      .selectFrom('claims')
      .select('status')
      .where('id', '=', draft.claimId)
      .executeTakeFirst();
    expect(row?.status).toBe('draft');
    fs.rmSync(kioskDir, { recursive: true, force: true });
  });
});
