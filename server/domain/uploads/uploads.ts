import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import pLimit from 'p-limit';
import { CLAIM_FILE_MAX_BYTES, UploadContentTypeSchema, type UploadContentType } from '../../../contract/api/claims';
import type { DocumentStore } from '../documents/store';
import { iso } from '../clock';
import { ServiceError } from '../errors';
import { newId } from '../identity/secrets';
import type { VirusScanner } from './virus-scan';
import { lazy } from '../../lazy';

export interface StoredUpload {
  storageKey: string;
  contentType: UploadContentType;
  sizeBytes: number;
  sha256: string;
}

/** A name as `X-File-Name` sent it, made safe to show and to offer back as a file name. */
export function cleanFileName(raw: string | undefined): string {
  let name: string;
  try {
    name = decodeURIComponent(raw ?? '');
  } catch {
    name = '';
  }
  name = (name.split(/[\\/]/u).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .trim()
    .slice(-200);
  return name || 'dokumen';
}

/** The columns every stored file's row has (a claim's, a complaint's, a request's), from what was stored. */
export function storedFileRow(stored: StoredUpload, fileName: string | undefined, now: number) {
  return {
    id: newId(),
    file_name: cleanFileName(fileName),
    content_type: stored.contentType,
    size_bytes: stored.sizeBytes,
    sha256: stored.sha256,
    storage_key: stored.storageKey,
    created_at: now,
  };
}

/** A stored file's row (a claim's, a complaint's), as the contract shows a file. */
export function fileView(f: {
  id: string;
  file_name: string;
  content_type: UploadContentType;
  size_bytes: number;
  sha256: string;
  created_at: number;
}) {
  return {
    fileId: f.id,
    fileName: f.file_name,
    contentType: f.content_type,
    sizeBytes: f.size_bytes,
    sha256: f.sha256,
    uploadedAt: iso(f.created_at),
  };
}

const fileType = lazy(() => import('file-type'));
// pdf-lib and pdf.js come with the first PDF uploaded.
const activePdf = lazy(() => import('./active-pdf'));
const imaging = lazy(async () => {
  const { default: sharp } = await import('sharp');
  // Every upload is decoded once and never again: libvips' cache of decoded images would only hold
  // memory, and one thread per image (several images at once) keeps each image's working set small.
  sharp.cache(false);
  sharp.concurrency(1);
  return sharp;
});

/** An image larger than this many pixels is refused before it is decoded (a decompression bomb). */
const MAX_IMAGE_PIXELS = 50_000_000;

function refused(reason: string, extra: Record<string, unknown> = {}): ServiceError {
  return new ServiceError('file_type_refused', 'That file cannot be accepted.', { reason, ...extra });
}

function tooLarge(): ServiceError {
  return new ServiceError('file_too_large', 'The file is larger than 10 MiB.', { maxBytes: CLAIM_FILE_MAX_BYTES });
}

/** Counts the bytes that pass and stops at the limit, without reading what is left. */
class SizeLimit extends Transform {
  bytes = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    if (this.bytes > this.max) return done(tooLarge());
    done(null, chunk);
  }
}

/** A SHA-256 of what streams through, read when the stream has ended. */
class RunningHash extends Transform {
  private readonly hash = crypto.createHash('sha256');
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void) {
    this.hash.update(chunk);
    done(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * One uploaded file (api-v1.md, Uploads): streamed to a private temporary file with a
 * size cut-off; scanned (when a scanner is set); its type decided from its bytes; an
 * active PDF refused; an image decoded and written again without its metadata; then
 * streamed to the document store with a running SHA-256. The temporary files go in
 * every case.
 */
export class Uploads {
  /**
   * The parse of a PDF and the decoding of an image are the steps that take memory and
   * CPU: as many at once as the machine has cores, the rest wait their turn (the bytes
   * wait on disk, not in memory), so many uploads at once cannot add up.
   */
  private readonly heavy = pLimit(os.availableParallelism());

  constructor(
    private readonly store: DocumentStore,
    private readonly tmpDir: string,
    private readonly scanner?: VirusScanner,
  ) {
    fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  }

  /**
   * Accepts an upload, then `record`s it (its row, in the item's transaction); when recording
   * fails (the item moved on meanwhile, a limit reached), the stored bytes are removed again.
   */
  async acceptAndRecord<T>(
    upload: { body: Readable; contentType: string; length?: number },
    record: (stored: StoredUpload) => Promise<T>,
  ): Promise<T> {
    const stored = await this.accept(upload.body, upload.contentType, upload.length);
    try {
      return await record(stored);
    } catch (err) {
      await this.store.delete(stored.storageKey).catch(() => undefined);
      throw err;
    }
  }

  /** `declaredLength` is the request's Content-Length, when it sent one. */
  async accept(body: Readable, declaredType: string, declaredLength?: number): Promise<StoredUpload> {
    const declared = UploadContentTypeSchema.safeParse(declaredType.split(';')[0]!.trim().toLowerCase());
    if (!declared.success) throw refused('type_not_allowed');
    if (declaredLength !== undefined && declaredLength > CLAIM_FILE_MAX_BYTES) throw tooLarge();
    const base = path.join(this.tmpDir, newId());
    const received = `${base}.in`;
    const cleaned = `${base}.out`;
    try {
      const limit = new SizeLimit(CLAIM_FILE_MAX_BYTES);
      // Piped by hand, not through pipeline(): a refused body must leave the request open,
      // unread, so that the answer still reaches the client (the route then closes it).
      const written = pipeline(limit, fs.createWriteStream(received, { mode: 0o600 }));
      body.on('error', (err) => limit.destroy(err));
      body.pipe(limit);
      try {
        await written;
      } catch (err) {
        body.unpipe(limit);
        body.pause();
        throw err;
      }
      if (limit.bytes === 0) throw refused('empty');

      if (this.scanner) {
        let verdict: { infected: boolean; viruses: string[] };
        try {
          verdict = await this.scanner.scan(fs.createReadStream(received));
        } catch {
          throw new ServiceError('unavailable', 'The virus scanner cannot be reached.');
        }
        if (verdict.infected) throw new ServiceError('file_infected', 'The file carries a virus.', { reason: 'virus' });
      }

      const detected = (await (await fileType()).fileTypeFromFile(received))?.mime;
      const allowed = UploadContentTypeSchema.safeParse(detected);
      if (!allowed.success) throw refused('type_not_allowed');
      if (allowed.data !== declared.data) throw refused('type_mismatch', { detected: allowed.data });

      let final = received;
      if (allowed.data === 'application/pdf') {
        // The parser needs the whole document (at most 10 MiB); the upload itself never was in memory.
        const verdict = await this.heavy(async () =>
          (await activePdf()).inspectUploadedPdf(await fs.promises.readFile(received)),
        );
        if (!verdict.ok) throw refused(verdict.reason, 'found' in verdict ? { found: verdict.found } : {});
      } else {
        const type = allowed.data;
        const sharp = await imaging();
        try {
          await this.heavy(() => {
            const image = sharp(received, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', sequentialRead: true })
              // Turned upright by its EXIF orientation before that, like all metadata, is left out.
              .rotate();
            // Huffman optimisation needs the whole image's coefficients at once (measured: five times the
            // memory of a streamed encode, bench/claims.ts) for about 5 % smaller files: not worth it here.
            return (type === 'image/jpeg' ? image.jpeg({ quality: 90, optimiseCoding: false }) : image.png()).toFile(
              cleaned,
            );
          });
        } catch {
          throw refused('image_undecodable');
        }
        final = cleaned;
      }

      const sizeBytes = (await fs.promises.stat(final)).size;
      const storageKey = newId();
      const hash = new RunningHash();
      const source = fs.createReadStream(final);
      source.on('error', (err) => hash.destroy(err));
      await this.store.putStream(storageKey, source.pipe(hash), sizeBytes, allowed.data);
      return { storageKey, contentType: allowed.data, sizeBytes, sha256: hash.digest() };
    } finally {
      await Promise.all([fs.promises.rm(received, { force: true }), fs.promises.rm(cleaned, { force: true })]);
    }
  }
}
