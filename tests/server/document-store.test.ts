import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3DocumentStore } from '../../server/domain/documents/s3-store';
import { FolderDocumentStore, type DocumentStore } from '../../server/domain/documents/store';
import { bearer, customerNamed, login, register } from '../helpers/flows';
import { spawnService, type ServiceProcess } from '../helpers/process';
import { credentialsInThisProcess, startTestBucket, type TestBucket } from '../helpers/s3';
import { startTestService, type TestService } from '../helpers/service';

let bucket: TestBucket;
let restoreCredentials = () => {};
beforeAll(async () => {
  bucket = await startTestBucket();
  restoreCredentials = credentialsInThisProcess(bucket);
});
afterAll(async () => {
  restoreCredentials();
  await bucket?.close();
});

const stores: Array<[string, () => DocumentStore]> = [
  ['a folder', () => new FolderDocumentStore(fs.mkdtempSync(path.join(os.tmpdir(), 'pn-docs-')))],
  [
    'an S3 bucket',
    () =>
      new S3DocumentStore({
        bucket: bucket.env.S3_BUCKET!,
        prefix: 'uji/',
        region: 'ap-southeast-3',
        endpoint: bucket.env.S3_ENDPOINT,
        forcePathStyle: true,
      }),
  ],
];

describe.each(stores)('the document store in %s', (_name, open) => {
  it('keeps bytes, reads them whole and by range, and overwrites', async () => {
    const store = open();
    try {
      await store.put('dok_A1', Buffer.from('0123456789abcdef'));
      expect(await text(await store.read('dok_A1'))).toBe('0123456789abcdef');
      expect(await text(await store.read('dok_A1', { start: 3, end: 6 }))).toBe('3456');
      await store.put('dok_A1', Buffer.from('baru'));
      expect(await text(await store.read('dok_A1'))).toBe('baru');
    } finally {
      store.close?.();
    }
  });

  it('streams an upload in, never whole in memory, and keeps nothing of a stream that fails', async () => {
    const store = open();
    try {
      const chunk = Buffer.alloc(256 * 1024, 7);
      const chunks = () =>
        Readable.from(
          (function* () {
            for (let i = 0; i < 12; i++) yield chunk;
          })(),
        );
      await store.putStream('unggah_1', chunks(), 12 * chunk.length, 'image/png');
      const back = await buffer(await store.read('unggah_1'));
      expect(back.length).toBe(12 * chunk.length);
      expect(back.every((b) => b === 7)).toBe(true);

      const broken = new Readable({ read() {} });
      broken.push(chunk);
      setTimeout(() => broken.destroy(new Error('connection lost')), 20);
      await expect(store.putStream('unggah_2', broken, 12 * chunk.length, 'image/png')).rejects.toThrow();
      // Nothing kept (a server that writes the cut request late sees its key deleted again).
      await expect
        .poll(
          () =>
            store.read('unggah_2').then(
              () => 'kept',
              () => 'gone',
            ),
          { timeout: 5000, interval: 200 },
        )
        .toBe('gone');
    } finally {
      store.close?.();
    }
  });

  it('refuses a key that could leave its place', async () => {
    const store = open();
    try {
      await expect(store.put('../luar', Buffer.from('x'))).rejects.toThrow('bad document key');
      await expect(store.read('a/b')).rejects.toThrow('bad document key');
    } finally {
      store.close?.();
    }
  });

  it('fails reading a key it never kept', async () => {
    const store = open();
    try {
      // Before any byte is streamed, so the service can still answer with an error.
      await expect(store.read('tidak_ada')).rejects.toThrow();
    } finally {
      store.close?.();
    }
  });
});

async function smallPdf(words: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText(words, { x: 72, y: 760, size: 14, font });
  return Buffer.from(await pdf.save());
}

/** Two instances on one PostgreSQL schema and one bucket: a document one stores, the other serves. */
describe('two instances sharing one bucket', () => {
  let a: TestService;
  let b: ServiceProcess;
  beforeAll(async () => {
    a = await startTestService('postgres', { env: bucket.env, systemClock: true });
    b = await spawnService({ ...a.env, ...bucket.env }, ['--dev']);
  }, 90_000);
  afterAll(async () => {
    expect(await b?.stop()).toBe(0);
    await a?.close();
  });

  it('a document added through one instance downloads whole and by range from the other', async () => {
    const bytes = await smallPdf('Surat Konfirmasi Perubahan Alamat');
    const row = await a.service.documents.add(
      {
        policyNumber: 'IND2019000123',
        title: 'Surat Konfirmasi',
        category: 'other',
        issuedAt: '2026-11-20',
        bytes,
      },
      a.clock.now(),
    );
    // Nothing on the instance's own disk: the bytes are in the bucket.
    expect(fs.existsSync(path.join(a.env.DATA_DIR!, 'documents', row.storage_key))).toBe(false);
    const auth = bearer((await login(a, await register(a, customerNamed('Budi Santoso')))).json().accessToken);

    const full = await fetch(`${b.url}/v1/documents/${row.id}`, { headers: auth });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-length')).toBe(String(bytes.length));
    expect(Buffer.from(await full.arrayBuffer()).equals(bytes)).toBe(true);
    const etag = full.headers.get('etag')!;

    const unchanged = await fetch(`${b.url}/v1/documents/${row.id}`, { headers: { ...auth, 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);

    const part = await fetch(`${b.url}/v1/documents/${row.id}`, { headers: { ...auth, range: 'bytes=0-7' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(0, 8))).toBe(true);

    const stranger = bearer((await login(a, await register(a, customerNamed('Siti Rahmawati')))).json().accessToken);
    expect((await fetch(`${b.url}/v1/documents/${row.id}`, { headers: stranger })).status).toBe(404);
  });
});
