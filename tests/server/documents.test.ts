import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDocuments } from '../../server/cli/demo-documents';
import { Documents } from '../../server/domain/documents/documents';
import { STORE_KINDS } from '../helpers/stores';
import { startTestService, type TestService } from '../helpers/service';
import { bearer, customerNamed, login, register } from '../helpers/flows';
import { failInsertsInto } from '../helpers/faults';

describe.each(STORE_KINDS)('policy detail and documents on %s', (kind) => {
  let t: TestService;
  const auth: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    t = await startTestService(kind);
    expect(await seedDemoDocuments(t.service.store.db, t.service.documents, t.clock.now())).toBeGreaterThan(10);
    for (const name of ['Budi Santoso', 'Dewi Lestari', 'Andi Pratama', 'Rudi Hartono', 'Siti Rahmawati']) {
      const username = await register(t, customerNamed(name));
      auth[name] = bearer((await login(t, username)).json().accessToken);
    }
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const list = async (who: string, policy: string) =>
    t.call('GET', `/v1/policies/${policy}/documents`, undefined, auth[who]);

  it('reads the whole policy: riders, beneficiaries with shares, payment method', async () => {
    const { policy } = (await t.call('GET', '/v1/policies/IND2019000123', undefined, auth['Budi Santoso'])).json();
    expect(policy.coverages).toEqual([
      { name: 'Proteksi Jiwa Prima', kind: 'basic', sumAssured: 500000000, insuredName: 'Budi Santoso' },
      { name: 'Rider Penyakit Kritis', kind: 'rider', sumAssured: 200000000, insuredName: 'Budi Santoso' },
      { name: 'Rider Rawat Inap Harian', kind: 'rider', sumAssured: 1000000, insuredName: 'Budi Santoso' },
      { name: 'Rider Cacat Tetap Total', kind: 'rider', sumAssured: 250000000, insuredName: 'Budi Santoso' },
    ]);
    expect(policy.beneficiaries.map((b: { sharePercent: number }) => b.sharePercent)).toEqual([60, 40]);
    expect(policy.premium.paymentMethod).toContain('Autodebet');
    expect(policy.funds).toBeNull();
  });

  it('values unit-linked funds as units × unit price', async () => {
    const { policy } = (await t.call('GET', '/v1/policies/IND2015000888', undefined, auth['Rudi Hartono'])).json();
    const saham = policy.funds.find((f: { fundName: string }) => f.fundName === 'Dana Saham Indonesia');
    expect(saham).toEqual({
      fundName: 'Dana Saham Indonesia',
      // Exact decimals: a float would print 2875.4312 as 2.875,431 somewhere down the line.
      units: '15234.5678',
      unitPrice: '2875.4312',
      value: 43805951,
      priceDate: '2026-11-24',
    });
  });

  it("words a sharia policy's contribution with its tabarru' part", async () => {
    const { policy } = (await t.call('GET', '/v1/policies/SYR2020007788', undefined, auth['Siti Rahmawati'])).json();
    expect(policy.tabarruAmount).toBe(175000);
  });

  it('lists a policy’s documents with pages, size and protection; the long one has over 300 pages', async () => {
    const res = await list('Budi Santoso', 'IND-2019-000123');
    expect(res.statusCode).toBe(200);
    const docs = res.json().documents;
    expect(docs.map((d: { title: string }) => d.title).sort()).toEqual([
      'Ikhtisar Polis',
      'Ketentuan Umum Polis',
      'Rincian Premi',
    ]);
    expect(docs.find((d: { title: string }) => d.title === 'Ketentuan Umum Polis').pageCount).toBe(320);
    expect(docs.find((d: { title: string }) => d.title === 'Ikhtisar Polis').passwordProtected).toBe(true);
    const stranger = await list('Siti Rahmawati', 'IND2019000123');
    expect(stranger.statusCode).toBe(404);
  });

  it('shows a group member their own card and not another member’s', async () => {
    const dewi = (await list('Dewi Lestari', 'KMP2022000045')).json().documents;
    const andi = (await list('Andi Pratama', 'KMP2022000045')).json().documents;
    const card = (docs: Array<{ title: string; documentId: string }>) => docs.find((d) => d.title === 'Kartu Peserta')!;
    expect(card(dewi).documentId).not.toBe(card(andi).documentId);
    const foreign = await t.call('GET', `/v1/documents/${card(andi).documentId}`, undefined, auth['Dewi Lestari']);
    const missing = await t.call('GET', '/v1/documents/AAAAAAAAAAAAAAAAAAAAAA', undefined, auth['Dewi Lestari']);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body);
  });

  it('serves the bytes with ETag and Content-Length, 304 when unchanged, 206 for a range', async () => {
    const doc = (await list('Budi Santoso', 'IND2019000123'))
      .json()
      .documents.find((d: { title: string }) => d.title === 'Ketentuan Umum Polis');
    const full = await t.call('GET', `/v1/documents/${doc.documentId}`, undefined, auth['Budi Santoso']);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('application/pdf');
    expect(Number(full.headers['content-length'])).toBe(doc.sizeBytes);
    expect(full.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const etag = String(full.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/u);
    // A personal document: no cache on the way may keep it.
    expect(full.headers['cache-control']).toBe('private, no-store');

    const again = await t.call('GET', `/v1/documents/${doc.documentId}`, undefined, {
      ...auth['Budi Santoso'],
      'if-none-match': etag,
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const part = await t.call('GET', `/v1/documents/${doc.documentId}`, undefined, {
      ...auth['Budi Santoso'],
      range: 'bytes=100-1123',
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1123/${doc.sizeBytes}`);
    expect(part.rawPayload.equals(full.rawPayload.subarray(100, 1124))).toBe(true);

    const beyond = await t.call('GET', `/v1/documents/${doc.documentId}`, undefined, {
      ...auth['Budi Santoso'],
      range: `bytes=${doc.sizeBytes + 10}-`,
    });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.json().error.code).toBe('range_not_satisfiable');
    expect(beyond.headers['content-range']).toBe(`bytes */${doc.sizeBytes}`);
  });

  it('leaves no bytes behind when the document row cannot be written, and no row when the bytes cannot', async () => {
    const anyDoc = (await list('Rudi Hartono', 'IND2015000888')).json().documents[0];
    const bytes = (await t.call('GET', `/v1/documents/${anyDoc.documentId}`, undefined, auth['Rudi Hartono']))
      .rawPayload;
    const dir = path.join(t.env.DATA_DIR!, 'documents');
    const files = () => fs.readdirSync(dir).sort();
    const rows = async () =>
      Number(
        (
          await t.service.store.db
            .selectFrom('documents')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = { files: files(), rows: await rows() };
    const doc = {
      policyNumber: 'IND2015000888',
      title: 'Gagal',
      category: 'other' as const,
      issuedAt: '2026-11-20',
      bytes,
    };

    const restore = await failInsertsInto(t.service.store, 'documents');
    await expect(t.service.documents.add(doc, t.clock.now())).rejects.toThrow();
    await restore();
    expect({ files: files(), rows: await rows() }).toEqual(before);

    // The other way round: the store refuses the bytes (a full disk, a bucket that is down).
    const refusing = new Documents(t.service.store.db, {
      ping: async () => undefined,
      has: async () => false,
      put: async () => {
        throw new Error('disk full');
      },
      putStream: async () => {
        throw new Error('disk full');
      },
      delete: async () => {},
      read: async () => {
        throw new Error('nothing kept');
      },
    });
    await expect(refusing.add(doc, t.clock.now())).rejects.toThrow('disk full');
    expect({ files: files(), rows: await rows() }).toEqual(before);
  });

  it('embeds its font in every demo document: no standard font left for the reader to substitute', async () => {
    const rows = await t.service.store.db.selectFrom('documents').selectAll().execute();
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const chunks: Buffer[] = [];
      for await (const c of await t.service.documents.read(row)) chunks.push(c as Buffer);
      const pdf = await PDFDocument.load(Buffer.concat(chunks), { ignoreEncryption: true });
      const fonts = pdf.context
        .enumerateIndirectObjects()
        .map(([, obj]) => obj)
        .filter((obj): obj is PDFDict => obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('Font'));
      const cidFonts = fonts.filter((f) => f.get(PDFName.of('Subtype')) === PDFName.of('CIDFontType2'));
      expect(fonts.length, row.title).toBeGreaterThan(0);
      // Every font is a composite one whose glyphs travel inside the file.
      for (const f of fonts) {
        const subtype = f.get(PDFName.of('Subtype'));
        expect([PDFName.of('Type0'), PDFName.of('CIDFontType2')], `${row.title}: ${String(subtype)}`).toContain(
          subtype,
        );
      }
      for (const f of cidFonts) {
        const descriptor = pdf.context.lookup(f.get(PDFName.of('FontDescriptor')), PDFDict);
        expect(descriptor.get(PDFName.of('FontFile2')), row.title).toBeDefined();
        expect(String(descriptor.get(PDFName.of('FontName')))).toContain('PlusJakartaSans');
      }
    }
  });

  it('needs a session for the bytes', async () => {
    expect((await t.call('GET', '/v1/documents/AAAAAAAAAAAAAAAAAAAAAA')).json().error.code).toBe('unauthenticated');
  });

  it('the add-document command attaches a PDF and refuses what is not one', async () => {
    const dir = fs.mkdtempSync(path.join(t.env.DATA_DIR!, 'in-'));
    const run = (file: string, extra: string[] = []) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'server/main.ts',
          'add-document',
          '--policy',
          'IND-2015-000888',
          '--title',
          'Surat Konfirmasi',
          ...extra,
          file,
        ],
        {
          env: { ...process.env, ...t.env },
          encoding: 'utf8',
        },
      );
    const text = path.join(dir, 'bukan.pdf');
    fs.writeFileSync(text, 'Ini hanya teks, bukan PDF.');
    const refused = run(text);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is not a PDF');
    const fake = path.join(dir, 'palsu.pdf');
    fs.writeFileSync(fake, '%PDF-1.7\nnot really');
    expect(run(fake).status).toBe(1);

    const real = path.join(dir, 'asli.pdf');
    const anyDoc = (await list('Rudi Hartono', 'IND2015000888')).json().documents[0];
    const bytes = (await t.call('GET', `/v1/documents/${anyDoc.documentId}`, undefined, auth['Rudi Hartono']))
      .rawPayload;
    fs.writeFileSync(real, bytes);
    const ok = run(real, ['--category', 'other', '--issued', '2026-11-20']);
    expect(ok.status, ok.stderr).toBe(0);
    const added = JSON.parse(ok.stdout.trim().split('\n').at(-1)!);
    const titles = (await list('Rudi Hartono', 'IND2015000888'))
      .json()
      .documents.map((d: { title: string }) => d.title);
    expect(titles).toContain('Surat Konfirmasi');
    expect(added.pageCount).toBe(anyDoc.pageCount);
  });
});
