import crypto from 'node:crypto';
import { testCore } from '../helpers/core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentProgress, IpcMethod, PortalResult } from '../../contract/ipc';
import { seedDemoDocuments } from '../../server/cli/demo-documents';
import { EncryptedDocumentCache, KeyLost, type KeyProtector } from '../../electron/main/core/document-cache';
import { fileNameFor, type DocumentDesk } from '../../electron/main/core/document-methods';
import { KeychainKeyProtector } from '../../electron/main/core/keychain-key-protector';
import { customerNamed, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { startUnreliableProxy } from '../helpers/unreliable-proxy';
import { keychainServices } from '../../electron/main/core/app-identity';
import { KeytarVault } from '../../electron/main/core/keytar-vault';
import { keychain } from '../../electron/main/core/keychain';

const PASSWORD = 'Sawah hijau di pagi hari';

/** A protector over a key the test holds (the cache's own sealing is what these tests look at). */
function heldKeyProtector(): KeyProtector {
  const key = crypto.randomBytes(32);
  return {
    usable: async () => true,
    protect: async (k) => Buffer.from(k.map((b, i) => b ^ key[i]!)),
    unprotect: async (blob) => Buffer.from(blob.map((b, i) => b ^ key[i]!)),
  };
}

/** Where the cache sealed a document, in whichever account's folder. */
function sealedFile(cacheDir: string, documentId: string): string {
  const found = (fs.readdirSync(cacheDir, { recursive: true }) as string[]).find((f) =>
    f.endsWith(`${documentId}.bin`),
  );
  if (!found) throw new Error(`no sealed copy of ${documentId}`);
  return path.join(cacheDir, found);
}
const withKeychain = process.env.CI === 'true' || Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

describe('documents through the core', () => {
  let svc: LiveService;
  let username: string;
  let dir: string;
  beforeAll(async () => {
    svc = await startLiveService();
    await seedDemoDocuments(svc.service.store.db, svc.service.documents, svc.clock.now());
    username = await register(svc, customerNamed('Budi Santoso'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-docs-'));
  }, 60_000);
  afterAll(async () => {
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(options: {
    mode?: 'personal' | 'kiosk';
    cacheDir?: string;
    protector?: KeyProtector;
    url?: string;
    desk?: DocumentDesk;
    printingAllowed?: boolean;
    printer?: string;
  }) {
    const core = testCore(options.url ?? svc.url, path.join(dir, `s-${crypto.randomUUID()}.json`), {
      mode: options.mode ?? 'personal',
      documentCache:
        options.cacheDir && options.protector
          ? new EncryptedDocumentCache(options.cacheDir, options.protector)
          : undefined,
      desk: options.desk,
      printingAllowed: options.printingAllowed,
      printer: options.printer,
    });
    const call = async (m: IpcMethod, input?: unknown) => (await core.handlers[m](input)) as PortalResult<any>;
    expect((await call('session.login', { username, password: PASSWORD, remember: false })).ok).toBe(true);
    return { core, call };
  }
  const longDocument = async (call: (m: IpcMethod, i?: unknown) => Promise<PortalResult<any>>) => {
    const r = await call('policies.documents', { policyNumber: 'IND2019000123' });
    expect(r.ok).toBe(true);
    return (
      r as { ok: true; value: { documents: Array<{ documentId: string; title: string; sizeBytes: number }> } }
    ).value.documents.find((d) => d.title === 'Ketentuan Umum Polis')!;
  };

  it('hands over the bytes (not a path or URL) with progress, for a kiosk without keeping anything', async () => {
    const { core, call } = await signedIn({ mode: 'kiosk' });
    const progress: DocumentProgress[] = [];
    core.onEvent((event, payload) => event === 'documents.progress' && progress.push(payload as DocumentProgress));
    const doc = await longDocument(call);
    const opened = await call('documents.open', { documentId: doc.documentId });
    expect(opened.ok).toBe(true);
    const { data, fromCache } = (opened as { ok: true; value: { data: ArrayBuffer; fromCache: boolean } }).value;
    expect(data).toBeInstanceOf(ArrayBuffer);
    expect(data.byteLength).toBe(doc.sizeBytes);
    expect(Buffer.from(data).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fromCache).toBe(false);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({
      documentId: doc.documentId,
      receivedBytes: doc.sizeBytes,
      totalBytes: doc.sizeBytes,
    });
    // A kiosk asked again downloads again: nothing was kept.
    expect(((await call('documents.open', { documentId: doc.documentId })) as any).value.fromCache).toBe(false);
  });

  it('refuses another customer’s document as not found', async () => {
    const { call } = await signedIn({});
    const r = await call('documents.open', { documentId: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(r).toEqual({ ok: false, error: { code: 'not_found' } });
    expect((await call('documents.open', { documentId: '../../etc/passwd' })).ok).toBe(false);
  });

  it.runIf(withKeychain)('keeps an encrypted copy, revalidates it with the ETag and opens it offline', async () => {
    const cacheDir = path.join(dir, 'cache');
    const protector = new KeychainKeyProtector(`portal-nasabah-test-${crypto.randomBytes(4).toString('hex')}`);
    expect(await protector.usable()).toBe(true);
    const first = await signedIn({ cacheDir, protector });
    const doc = await longDocument(first.call);
    expect(((await first.call('documents.open', { documentId: doc.documentId })) as any).value.fromCache).toBe(false);

    const sealedPath = sealedFile(cacheDir, doc.documentId);
    const sealed = fs.readFileSync(sealedPath);
    // Under a folder of its account's, named by a hash: the disk does not say whose it is.
    expect(sealedPath).not.toContain(username);
    expect(sealed.includes(Buffer.from('%PDF-'))).toBe(false);
    expect(sealed.includes(Buffer.from('Ketentuan Umum'))).toBe(false);

    // Unchanged at the service: 304, the copy is used.
    const again = (await first.call('documents.open', { documentId: doc.documentId })) as any;
    expect(again.value.fromCache).toBe(true);
    expect(again.value.data.byteLength).toBe(doc.sizeBytes);

    // Offline: signed in, then the service can no longer be reached; the kept copy still opens.
    const proxy = await startUnreliableProxy(svc.url);
    try {
      const offline = await signedIn({ url: proxy.url, cacheDir, protector });
      await proxy.close();
      const fromDisk = (await offline.call('documents.open', { documentId: doc.documentId })) as any;
      expect(fromDisk.ok).toBe(true);
      expect(fromDisk.value.fromCache).toBe(true);
    } finally {
      await proxy.close();
    }

    // A changed file on disk fails its seal and is not used.
    sealed[sealed.length - 1] = sealed.at(-1)! ^ 0xff;
    fs.writeFileSync(sealedPath, sealed);
    expect(await new EncryptedDocumentCache(cacheDir, protector).get(username, doc.documentId)).toBeNull();
  });

  it.runIf(withKeychain)(
    'keeps a remembered session and the cache key apart: ten restarts with both present keep both',
    async () => {
      // The app's own wiring of keychain services, under a name of this test's.
      const services = keychainServices(`portal-nasabah-test-${crypto.randomBytes(4).toString('hex')}`);
      const cacheDir = path.join(dir, `restarts-${crypto.randomUUID()}`);
      const resets: string[] = [];
      const start = () => {
        const core = testCore(svc.url, path.join(cacheDir, 'settings.json'), {
          vault: new KeytarVault(services.session),
          documentCache: new EncryptedDocumentCache(
            cacheDir,
            new KeychainKeyProtector(services.documentCache),
            (reason) => resets.push(reason),
          ),
        });
        return async (m: IpcMethod, input?: unknown) => (await core.handlers[m](input)) as any;
      };
      const first = start();
      expect((await first('session.login', { username, password: PASSWORD, remember: true })).ok).toBe(true);
      const doc = await longDocument(first);
      expect((await first('documents.open', { documentId: doc.documentId })).value.fromCache).toBe(false);
      const sealedKey = fs.readFileSync(path.join(cacheDir, 'key.sealed'));

      for (let restart = 1; restart <= 10; restart++) {
        const call = start();
        const current = await call('session.current');
        expect(current, `restart ${restart}`).toMatchObject({ ok: true, value: { user: { username } } });
        const opened = await call('documents.open', { documentId: doc.documentId });
        expect(opened.value.fromCache, `restart ${restart}`).toBe(true);
      }
      expect(resets).toEqual([]);
      expect(fs.readFileSync(path.join(cacheDir, 'key.sealed')).equals(sealedKey)).toBe(true);
      await start()('session.logout');
      // Logout forgot the session and nothing else: the cache's key is still there.
      const k = (await keychain())!;
      expect(await k.findCredentials(services.session)).toEqual([]);
      expect(await k.getPassword(services.documentCache, 'document-cache-key')).toBeTruthy();
    },
    60_000,
  );

  it.runIf(withKeychain)('probes the keychain once, however often the app asks', async () => {
    const vault = new KeytarVault(`portal-nasabah-test-${crypto.randomBytes(4).toString('hex')}`);
    const asked = vault.isAvailable();
    expect(vault.isAvailable()).toBe(asked);
    expect(await asked).toBe(true);
  });

  it('resets the cache out loud when its key can never be opened again, and keeps it when the keychain is only locked', async () => {
    const cacheDir = path.join(dir, `reset-${crypto.randomUUID()}`);
    const wrapping = crypto.randomBytes(32);
    let state: 'open' | 'locked' | 'lost' = 'open';
    // A protector over a key the test holds: it can be locked (not now) or lost (never).
    const protector: KeyProtector = {
      usable: async () => true,
      protect: async (key) => Buffer.from(key.map((b, i) => b ^ wrapping[i]!)),
      unprotect: async (blob) => {
        if (state === 'locked') throw new Error('the keychain is locked');
        if (state === 'lost') throw new KeyLost('gone');
        return Buffer.from(blob.map((b, i) => b ^ wrapping[i]!));
      },
    };
    const resets: string[] = [];
    const open = () => new EncryptedDocumentCache(cacheDir, protector, (reason) => resets.push(reason));
    await open().put('budi', 'AAAAAAAAAAAAAAAAAAAAAA', { etag: '"1"', bytes: Buffer.from('%PDF-1.7 satu') });
    const copies = () => (fs.readdirSync(cacheDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.bin'));
    expect(copies()).toHaveLength(1);

    state = 'locked';
    expect(await open().get('budi', 'AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    expect(copies()).toHaveLength(1);
    expect(resets).toEqual([]);
    state = 'open';
    expect((await open().get('budi', 'AAAAAAAAAAAAAAAAAAAAAA'))?.etag).toBe('"1"');

    state = 'lost';
    const after = open();
    expect(await after.get('budi', 'AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    expect(resets).toHaveLength(1);
    expect(copies()).toEqual([]);
    // And it works again from there, under a new key.
    state = 'open';
    await after.put('budi', 'BBBBBBBBBBBBBBBBBBBBBB', { etag: '"2"', bytes: Buffer.from('%PDF-1.7 dua') });
    expect((await after.get('budi', 'BBBBBBBBBBBBBBBBBBBBBB'))?.etag).toBe('"2"');
  });

  it('keeps each account’s copies apart: another person on this computer never opens them, even offline', async () => {
    const cacheDir = path.join(dir, `owners-${crypto.randomUUID()}`);
    const protector = heldKeyProtector();
    const cache = new EncryptedDocumentCache(cacheDir, protector);
    const id = 'CCCCCCCCCCCCCCCCCCCCCC';
    await cache.put('budi', id, { etag: '"1"', bytes: Buffer.from('%PDF-1.7 milik Budi') });
    expect((await cache.get('budi', id))?.bytes.toString()).toContain('Budi');
    expect(await cache.get('siti', id)).toBeNull();
    // Budi's sealed file moved into Siti's folder does not open for her: it is sealed to its account.
    await cache.put('siti', 'DDDDDDDDDDDDDDDDDDDDDD', { etag: '"x"', bytes: Buffer.from('%PDF-1.7 milik Siti') });
    fs.copyFileSync(
      sealedFile(cacheDir, id),
      path.join(path.dirname(sealedFile(cacheDir, 'DDDDDDDDDDDDDDDDDDDDDD')), `${id}.bin`),
    );
    expect(await cache.get('siti', id)).toBeNull();
    await cache.forget('budi');
    expect(await cache.get('budi', id)).toBeNull();
    expect((await cache.get('siti', 'DDDDDDDDDDDDDDDDDDDDDD'))?.etag).toBe('"x"');
  });

  it('a person who was not remembered leaves no copies at logout; one who was keeps them', async () => {
    const cacheDir = path.join(dir, `logout-${crypto.randomUUID()}`);
    const protector = heldKeyProtector();
    const forgetful = await signedIn({ cacheDir, protector });
    const doc = await longDocument(forgetful.call);
    expect((await forgetful.call('documents.open', { documentId: doc.documentId })).ok).toBe(true);
    const cache = new EncryptedDocumentCache(cacheDir, protector);
    expect(await cache.get(username, doc.documentId)).not.toBeNull();
    await forgetful.call('session.logout');
    await expect.poll(() => cache.get(username, doc.documentId)).toBeNull();
    if (!withKeychain) return;

    // "Ingat saya" (the real keychain): this computer is the person's own, and the copies stay.
    const remembered = testCore(svc.url, path.join(dir, `s-${crypto.randomUUID()}.json`), {
      documentCache: new EncryptedDocumentCache(cacheDir, protector),
      vault: new KeytarVault(`portal-nasabah-test-${crypto.randomBytes(4).toString('hex')}`),
    });
    expect((await remembered.handlers['session.login']({ username, password: PASSWORD, remember: true })).ok).toBe(
      true,
    );
    expect((await remembered.handlers['documents.open']({ documentId: doc.documentId })).ok).toBe(true);
    await remembered.handlers['session.logout'](undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(await cache.get(username, doc.documentId)).not.toBeNull();
  });

  /** A desk that records what it was asked, like the app's save dialog and printer. */
  function recordingDesk(answers: { savePath?: string | null; printFails?: boolean } = {}) {
    const asked: { names: string[]; prints: number; printers: Array<string | undefined> } = {
      names: [],
      prints: 0,
      printers: [],
    };
    const desk: DocumentDesk = {
      chooseSavePath: async (name) => {
        asked.names.push(name);
        return answers.savePath ?? null;
      },
      print: async ({ printer }) => {
        asked.prints++;
        asked.printers.push(printer);
        if (answers.printFails) throw new Error('Print job failed');
      },
    };
    return { desk, asked };
  }

  it('saves a copy through the save dialog, named for the document, byte for byte', async () => {
    const target = path.join(dir, 'salinan.pdf');
    const { desk, asked } = recordingDesk({ savePath: target });
    const { call } = await signedIn({ desk });
    const doc = await longDocument(call);
    expect(await call('documents.saveCopy', { documentId: doc.documentId })).toEqual({
      ok: true,
      value: { saved: true, savedAs: target },
    });
    expect(asked.names).toEqual(['Ketentuan Umum Polis IND2019000123.pdf']);
    const opened = (await call('documents.open', { documentId: doc.documentId })) as any;
    expect(fs.readFileSync(target).equals(Buffer.from(opened.value.data))).toBe(true);
  });

  it('saves nothing when the dialog is cancelled, and says so when the folder cannot be written', async () => {
    const cancelled = await signedIn({ desk: recordingDesk({ savePath: null }).desk });
    const doc = await longDocument(cancelled.call);
    expect(await cancelled.call('documents.saveCopy', { documentId: doc.documentId })).toEqual({
      ok: true,
      value: { saved: false },
    });
    const nowhere = path.join(dir, 'tidak-ada', 'folder', 'salinan.pdf');
    const failing = await signedIn({ desk: recordingDesk({ savePath: nowhere }).desk });
    expect(await failing.call('documents.saveCopy', { documentId: doc.documentId })).toEqual({
      ok: false,
      error: { code: 'save_failed' },
    });
  });

  it('never saves on a kiosk, nor another customer’s document: no dialog opens', async () => {
    const kiosk = recordingDesk({ savePath: path.join(dir, 'kiosk.pdf') });
    const onKiosk = await signedIn({ mode: 'kiosk', desk: kiosk.desk });
    const doc = await longDocument(onKiosk.call);
    expect(await onKiosk.call('documents.saveCopy', { documentId: doc.documentId })).toEqual({
      ok: false,
      error: { code: 'not_allowed_in_kiosk' },
    });
    const personal = recordingDesk({ savePath: path.join(dir, 'asing.pdf') });
    const { call } = await signedIn({ desk: personal.desk });
    expect(await call('documents.saveCopy', { documentId: 'AAAAAAAAAAAAAAAAAAAAAA' })).toEqual({
      ok: false,
      error: { code: 'not_found' },
    });
    expect([kiosk.asked.names, personal.asked.names]).toEqual([[], []]);
    expect(fs.existsSync(path.join(dir, 'kiosk.pdf'))).toBe(false);
  });

  it('prints only a document open in this session, and says so when the printer fails', async () => {
    const { desk, asked } = recordingDesk();
    const { call } = await signedIn({ desk });
    const doc = await longDocument(call);
    expect(await call('documents.print', { documentId: doc.documentId })).toEqual({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(asked.prints).toBe(0);
    expect((await call('documents.open', { documentId: doc.documentId })).ok).toBe(true);
    expect(await call('documents.print', { documentId: doc.documentId })).toEqual({ ok: true, value: {} });
    expect(asked.prints).toBe(1);

    const broken = await signedIn({ desk: recordingDesk({ printFails: true }).desk });
    expect((await broken.call('documents.open', { documentId: doc.documentId })).ok).toBe(true);
    expect(await broken.call('documents.print', { documentId: doc.documentId })).toEqual({
      ok: false,
      error: { code: 'print_failed' },
    });
  });

  it('prints on a kiosk only where the branch allows it, silently to the branch printer', async () => {
    for (const [printingAllowed, printer] of [
      [false, undefined],
      [true, undefined],
      [false, 'Kasir-1'],
      [true, 'Kasir-1'],
    ] as const) {
      const { desk, asked } = recordingDesk();
      const { call } = await signedIn({ mode: 'kiosk', desk, printingAllowed, printer });
      const doc = await longDocument(call);
      expect((await call('documents.open', { documentId: doc.documentId })).ok).toBe(true);
      const r = await call('documents.print', { documentId: doc.documentId });
      const allowed = printingAllowed && printer !== undefined;
      expect(r.ok, `${printingAllowed} ${printer}`).toBe(allowed);
      if (!r.ok) expect(r.error.code).toBe('not_allowed_in_kiosk');
      expect(asked.printers).toEqual(allowed ? ['Kasir-1'] : []);
    }
    // A personal device prints through the dialog, to no printer chosen in advance.
    const { desk, asked } = recordingDesk();
    const { call } = await signedIn({ desk });
    const doc = await longDocument(call);
    await call('documents.open', { documentId: doc.documentId });
    expect((await call('documents.print', { documentId: doc.documentId })).ok).toBe(true);
    expect(asked.printers).toEqual([undefined]);
  });

  it('forgets what was open when the person signs out', async () => {
    const { desk, asked } = recordingDesk();
    const { call } = await signedIn({ desk });
    const doc = await longDocument(call);
    expect((await call('documents.open', { documentId: doc.documentId })).ok).toBe(true);
    expect((await call('session.logout')).ok).toBe(true);
    expect((await call('session.login', { username, password: PASSWORD, remember: false })).ok).toBe(true);
    expect((await call('documents.print', { documentId: doc.documentId })).ok).toBe(false);
    expect(asked.prints).toBe(0);
  });
});

describe('file names for saved copies', () => {
  it('keeps the title and policy number, and drops what a file system refuses', () => {
    expect(fileNameFor('Ikhtisar Polis', 'IND2019000123')).toBe('Ikhtisar Polis IND2019000123.pdf');
    expect(fileNameFor('Surat: A/B\\C <1>?*|"\u0007', 'X1')).toBe('Surat A B C 1 X1.pdf');
    expect(fileNameFor('..', '')).toBe('Dokumen Polis.pdf');
    expect(fileNameFor('x'.repeat(300), 'P').length).toBe(124);
  });
});
