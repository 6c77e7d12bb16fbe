import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where document bytes live: a folder by default; an S3-compatible store behind the same interface. */
export interface DocumentStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Streams `length` bytes in (uploads): never the whole file in memory. */
  putStream(key: string, body: Readable, length: number, contentType: string): Promise<void>;
  /** Removes the bytes; a key that is not there is no fault. */
  delete(key: string): Promise<void>;
  /** The bytes from `start` to `end` inclusive (the whole file without a range). */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Answers when the store can be used (readiness); fails when it cannot. */
  ping(): Promise<void>;
  /** Whether the bytes of a key are there (a restore's check); fails when the store cannot say. */
  has(key: string): Promise<boolean>;
  close?(): void;
}

/** A key as the service makes them (an id): nothing that could name a place outside the store. */
export function checkedKey(key: string): string {
  if (!/^[A-Za-z0-9_-]+$/u.test(key)) throw new Error('bad document key');
  return key;
}

/** Document bytes as files under `DATA_DIR/documents`, named by key. */
export class FolderDocumentStore implements DocumentStore {
  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private file(key: string): string {
    return path.join(this.dir, checkedKey(key));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const tmp = `${this.file(key)}.tmp`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, this.file(key));
  }

  async putStream(key: string, body: Readable): Promise<void> {
    const tmp = `${this.file(key)}.tmp`;
    try {
      await pipeline(body, fs.createWriteStream(tmp));
      await fs.promises.rename(tmp, this.file(key));
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.file(key), { force: true });
  }

  async ping(): Promise<void> {
    await fs.promises.access(this.dir, fs.constants.R_OK | fs.constants.W_OK);
  }

  async has(key: string): Promise<boolean> {
    return fs.promises.access(this.file(key)).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    // Opened first, so a missing file fails before an answer has begun, as the bucket does.
    const handle = await fs.promises.open(this.file(key), 'r');
    return handle.createReadStream({ ...range, autoClose: true });
  }
}
