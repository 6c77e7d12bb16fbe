import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/main/core/compose';
import type { DocumentDesk } from '../../electron/main/core/document-methods';
import { plainPdf } from '../helpers/claim-files';
import { coreCalls, recordingCore } from '../helpers/core';
import { backOffice, customerNamed, GOOD_PASSWORD, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { waitFor } from '../helpers/mail-and-sms';
import { readZip } from '../helpers/zip';

const asArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
const TEXT = 'Premi bulan ini terdebit dua kali dari rekening saya, mohon dikembalikan.';

describe('Pengaduan and Data Saya through the main-process core (complaints-privacy.md, App)', () => {
  let svc: LiveService;
  let dir: string;
  const usernames: Record<string, string> = {};

  beforeAll(async () => {
    svc = await startLiveService();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-privacy-'));
    for (const name of ['Budi Santoso', 'Siti Rahmawati', 'Rudi Hartono'])
      usernames[name] = await register(svc, customerNamed(name));
  });
  afterAll(async () => {
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const saved: string[] = [];
  const desk: DocumentDesk = {
    chooseSavePath: async (name) => {
      const target = path.join(dir, `${saved.length}-${name}`);
      saved.push(target);
      return target;
    },
    print: async () => {},
  };
  const start = (mode: 'personal' | 'kiosk' = 'personal') => recordingCore(svc.url, dir, { mode, desk });
  const { call, ok } = coreCalls((r, label) => expect(r, label).toMatchObject({ ok: true }));
  const signIn = (c: Core, who = 'Budi Santoso') =>
    ok(c, 'session.login', { username: usernames[who], password: GOOD_PASSWORD, remember: false });
  const admin = (method: string, url: string, body?: unknown) =>
    fetch(`${svc.url}${url}`, {
      method,
      headers: { ...backOffice(svc.service.devAdminKey!), 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('files a complaint with a file, reads its receipt, hears it move, and opens only its own external routes', async () => {
    const { c, events, opened } = start();
    await signIn(c);
    const filed = await ok(c, 'complaints.create', { category: 'payment', description: TEXT, channel: 'email' });
    expect(filed.complaintNumber).toMatch(/^ADU-\d{4}-\d{6}$/u);
    const pdf = await plainPdf('Mutasi rekening');
    const file = await ok(c, 'complaints.addFile', {
      complaintId: filed.complaintId,
      fileName: 'mutasi.pdf',
      contentType: 'application/pdf',
      bytes: asArrayBuffer(pdf),
    });
    expect(file).toMatchObject({ fileName: 'mutasi.pdf', sizeBytes: pdf.length });
    // A type the service refuses is refused here, before a byte goes.
    expect(
      await call(c, 'complaints.addFile', {
        complaintId: filed.complaintId,
        fileName: 'x.exe',
        contentType: 'application/x-msdownload',
        bytes: asArrayBuffer(Buffer.from('MZ')),
      }),
    ).toMatchObject({ ok: false, error: { code: 'file_type_refused' } });
    const receipt = await waitFor(async () => {
      const r = await call(c, 'complaints.receipt', { complaintId: filed.complaintId });
      return r.ok ? r.value : undefined;
    }, 15_000);
    expect(Buffer.from(receipt.bytes).subarray(0, 5).toString()).toBe('%PDF-');

    expect((await ok(c, 'complaints.list', {})).complaints.map((x: { complaintId: string }) => x.complaintId)).toEqual([
      filed.complaintId,
    ]);
    // Not yet unsatisfied: no external route to open, whatever the renderer asks.
    expect(
      await call(c, 'complaints.openExternal', { complaintId: filed.complaintId, url: 'https://lapssjk.id' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    for (const to of ['in_progress', 'answered']) {
      const res = await admin('POST', `/v1/admin/complaints/${filed.complaintId}/transitions`, {
        to,
        ...(to === 'answered' ? { answer: 'Kelebihan debit telah kami kembalikan.', outcome: 'upheld' } : {}),
      });
      expect(res.status, await res.text()).toBe(200);
    }
    await waitFor(
      () => events.find((e) => e.event === 'complaints.updated' && e.payload.status === 'answered'),
      10_000,
    );
    const escalated = await ok(c, 'complaints.feedback', {
      complaintId: filed.complaintId,
      satisfied: false,
      reason: 'Belum dikembalikan',
    });
    expect(escalated.status).toBe('escalated');
    const route = escalated.externalRoutes[0];
    await ok(c, 'complaints.openExternal', { complaintId: filed.complaintId, url: route.url });
    expect(opened).toEqual([route.url]);
    expect(
      await call(c, 'complaints.openExternal', { complaintId: filed.complaintId, url: 'https://example.com/phish' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // A kiosk files and follows complaints, but sends nobody out of the app.
    const kiosk = start('kiosk');
    await signIn(kiosk.c);
    expect((await ok(kiosk.c, 'complaints.get', { complaintId: filed.complaintId })).status).toBe('escalated');
    expect(
      await call(kiosk.c, 'complaints.openExternal', { complaintId: filed.complaintId, url: route.url }),
    ).toMatchObject({ ok: false, error: { code: 'not_allowed_in_kiosk' } });
  });

  it('switches consents, shows who looked, and saves a copy of the data streamed to the chosen file', async () => {
    const { c, events } = start();
    await signIn(c, 'Siti Rahmawati');
    const consents = await ok(c, 'privacy.consents');
    const email = consents.purposes.find((p: { purpose: string }) => p.purpose === 'marketing_email');
    await ok(c, 'privacy.setConsent', { purpose: 'marketing_email', granted: true, version: email.version });
    expect(
      (await ok(c, 'privacy.consents')).purposes.find((p: { purpose: string }) => p.purpose === 'marketing_email')
        .granted,
    ).toBe(true);
    expect((await ok(c, 'privacy.consentHistory', {})).changes).toHaveLength(1);
    const complaint = await ok(c, 'complaints.create', { category: 'service', description: TEXT });
    await admin('GET', `/v1/admin/complaints/${complaint.complaintId}`);
    expect((await ok(c, 'privacy.accessLog', {})).entries[0]).toMatchObject({
      keyName: 'dev',
      action: 'read',
      subject: { kind: 'complaint', number: complaint.complaintNumber },
    });

    expect(await call(c, 'privacy.requestExport')).toMatchObject({ ok: false, error: { code: 'step_up_required' } });
    await ok(c, 'account.stepUp', { password: GOOD_PASSWORD });
    const asked = await ok(c, 'privacy.requestExport');
    const ready = await waitFor(async () => {
      const x = await ok(c, 'privacy.getExport', { exportId: asked.exportId });
      return x.status === 'ready' ? x : undefined;
    }, 30_000);
    expect((await ok(c, 'privacy.exports')).exports[0].exportId).toBe(asked.exportId);
    const result = await ok(c, 'privacy.saveExport', { exportId: asked.exportId });
    expect(result).toEqual({ saved: true, savedAs: saved.at(-1) });
    const bytes = fs.readFileSync(result.savedAs);
    expect(bytes.length).toBe(ready.sizeBytes);
    expect(fs.existsSync(`${result.savedAs}.part`)).toBe(false);
    const zip = await readZip(bytes);
    expect(JSON.parse(zip.get('profile.json')!.toString()).fullName).toBe('Siti Rahmawati');
    const progress = events.filter((e) => e.event === 'privacy.exportProgress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.payload).toEqual({
      exportId: asked.exportId,
      receivedBytes: ready.sizeBytes,
      totalBytes: ready.sizeBytes,
    });

    // A kiosk shows consents and the log, but neither makes nor downloads a copy.
    const kiosk = start('kiosk');
    await signIn(kiosk.c, 'Siti Rahmawati');
    expect((await ok(kiosk.c, 'privacy.accessLog', {})).entries.length).toBeGreaterThan(0);
    for (const [method, input] of [
      ['privacy.requestExport', undefined],
      ['privacy.exports', undefined],
      ['privacy.saveExport', { exportId: asked.exportId }],
      ['privacy.closeAccount', undefined],
    ] as const) {
      expect(await call(kiosk.c, method, input), method).toMatchObject({
        ok: false,
        error: { code: 'not_allowed_in_kiosk' },
      });
    }
  });

  it('sends a data correction’s document, and closes the account: the session ends here with the reason', async () => {
    const { c, events } = start();
    await signIn(c, 'Rudi Hartono');
    await ok(c, 'account.stepUp', { password: GOOD_PASSWORD });
    const policies = (await ok(c, 'policies.list')).policies;
    const correction = await ok(c, 'requests.submit', {
      policyNumber: policies[0].policyNumber,
      type: 'data_correction',
      payload: { fullName: 'Rudi Hartono Saputra', reason: 'Sesuai KTP' },
    });
    const ktp = await plainPdf('KTP');
    await ok(c, 'requests.addFile', {
      requestId: correction.requestId,
      fileName: 'ktp.pdf',
      contentType: 'application/pdf',
      bytes: asArrayBuffer(ktp),
    });
    expect((await ok(c, 'requests.get', { requestId: correction.requestId })).files).toHaveLength(1);

    const closed = await ok(c, 'privacy.closeAccount');
    expect(closed.status).toBe('closing');
    expect(events.find((e) => e.event === 'session.signedOut')?.payload).toEqual({ reason: 'account_closed' });
    expect(await ok(c, 'session.current')).toEqual({ user: null });
    expect(
      await call(c, 'session.login', { username: usernames['Rudi Hartono'], password: GOOD_PASSWORD, remember: false }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
  });
});
