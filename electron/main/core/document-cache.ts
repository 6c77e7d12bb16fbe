import { ResourceIdSchema } from '../../../contract/api/common';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Protects the cache's data key with the OS: Electron `safeStorage` in the app (never
 * when its backend is `basic_text`), the keychain elsewhere. Null when none is usable.
 */
export interface KeyProtector {
  usable(): Promise<boolean>;
  protect(key: Buffer): Promise<Buffer>;
  /** Rejects with `KeyLost` when the blob can never be opened again; with anything else when not now. */
  unprotect(blob: Buffer): Promise<Buffer>;
}

/** The key that protected the cache's key is gone (or another one answers): the sealed copies are lost. */
export class KeyLost extends Error {}

export interface CachedDocument {
  etag: string;
  bytes: Buffer;
}

/**
 * Kept copies, each under the account it was fetched for: one person's copies never open for
 * another signed in on the same computer account, and go when that person asks (`forget`).
 */
export interface DocumentCache {
  get(owner: string, documentId: string): Promise<CachedDocument | null>;
  put(owner: string, documentId: string, doc: CachedDocument): Promise<void>;
  /** Removes every copy kept for one account. */
  forget(owner: string): Promise<void>;
  clear(): Promise<void>;
}

/** A kiosk, or a machine with nothing to protect the key with: nothing is kept on disk. */
export const noDocumentCache: DocumentCache = {
  get: async () => null,
  put: async () => {},
  forget: async () => {},
  clear: async () => {},
};

/** An account's folder: named by a hash, so the disk does not list who used the app. */
const ownerFolder = (owner: string) =>
  crypto.createHash('sha256').update(`portal-nasabah document owner\0${owner}`).digest('hex').slice(0, 32);

/**
 * Documents on disk, each sealed with AES-256-GCM under one data key; the data key is
 * kept only in its protected form. The ETag travels inside the sealed file, so a
 * changed or swapped file fails to open and is treated as absent.
 */
export class EncryptedDocumentCache implements DocumentCache {
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly dir: string,
    private readonly protector: KeyProtector,
    /** Told when the cache had to start over (its key could not be opened); the app logs it. */
    private readonly onReset: (reason: string) => void = () => {},
  ) {}

  /**
   * The data key: unsealed once, kept in memory. A new one is made only where there was
   * none, or, said out loud and with the old copies removed, where the old one can never
   * be opened again. A keychain that cannot be reached now (locked) loses nothing: the
   * cache is simply not used until it can.
   */
  private dataKey(): Promise<Buffer> {
    this.key ??= (async () => {
      await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
      // Copies an earlier version kept for no account in particular: nobody's to open now.
      const names = await fs.promises.readdir(this.dir);
      await Promise.all(
        names.filter((n) => n.endsWith('.bin')).map((n) => fs.promises.rm(path.join(this.dir, n), { force: true })),
      );
      const file = path.join(this.dir, 'key.sealed');
      const sealed = await fs.promises.readFile(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (sealed) {
        try {
          return await this.protector.unprotect(sealed);
        } catch (err) {
          if (!(err instanceof KeyLost)) throw err;
          await this.removeCopies();
          this.onReset(`the key that sealed the document cache cannot be opened any more (${err.message})`);
        }
      }
      const key = crypto.randomBytes(32);
      await fs.promises.writeFile(file, await this.protector.protect(key), { mode: 0o600 });
      return key;
    })().catch((err: unknown) => {
      this.key = null;
      throw err;
    });
    return this.key;
  }

  /** Every copy, of every account (and the unowned copies an earlier version kept), but not the key. */
  private async removeCopies(): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((n) => n !== 'key.sealed')
        .map((n) => fs.promises.rm(path.join(this.dir, n), { recursive: true, force: true })),
    );
  }

  private file(owner: string, id: string): string {
    if (!ResourceIdSchema.safeParse(id).success) throw new Error('bad document id');
    if (!owner) throw new Error('a kept copy belongs to an account');
    return path.join(this.dir, ownerFolder(owner), `${id}.bin`);
  }

  /** Binds a sealed copy to its account and document: a file moved to another account's folder does not open. */
  private static aad(owner: string, id: string): Buffer {
    return Buffer.from(`${owner}\0${id}`, 'utf8');
  }

  async get(owner: string, documentId: string): Promise<CachedDocument | null> {
    let sealed: Buffer;
    try {
      sealed = await fs.promises.readFile(this.file(owner, documentId));
    } catch {
      return null;
    }
    try {
      const key = await this.dataKey();
      const iv = sealed.subarray(0, 12);
      const tag = sealed.subarray(12, 28);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(EncryptedDocumentCache.aad(owner, documentId));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
      const etagLength = plain.readUInt16BE(0);
      return { etag: plain.subarray(2, 2 + etagLength).toString('utf8'), bytes: plain.subarray(2 + etagLength) };
    } catch {
      return null;
    }
  }

  async put(owner: string, documentId: string, doc: CachedDocument): Promise<void> {
    const key = await this.dataKey();
    const etag = Buffer.from(doc.etag, 'utf8');
    const header = Buffer.alloc(2);
    header.writeUInt16BE(etag.length);
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(EncryptedDocumentCache.aad(owner, documentId));
    const body = Buffer.concat([cipher.update(Buffer.concat([header, etag, doc.bytes])), cipher.final()]);
    const file = this.file(owner, documentId);
    await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await fs.promises.writeFile(`${file}.tmp`, Buffer.concat([iv, cipher.getAuthTag(), body]), { mode: 0o600 });
    await fs.promises.rename(`${file}.tmp`, file);
  }

  async forget(owner: string): Promise<void> {
    await fs.promises.rm(path.join(this.dir, ownerFolder(owner)), { recursive: true, force: true });
  }

  async clear(): Promise<void> {
    await fs.promises.rm(this.dir, { recursive: true, force: true });
    this.key = null;
  }
}
