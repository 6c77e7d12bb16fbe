import type { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { lazy } from '../../lazy';
import { checkedKey, type DocumentStore } from './store';

// The SDK is loaded when the store is first used: an instance with a folder store never loads it.
const sdk = lazy(() => import('@aws-sdk/client-s3'));

export interface S3StoreSettings {
  bucket: string;
  /** Keys are `prefix + document key`, so one bucket can hold other things too. */
  prefix: string;
  region: string;
  /** An S3-compatible server (MinIO, Ceph, a cloud's own); AWS itself when absent. */
  endpoint?: string;
  forcePathStyle: boolean;
}

/**
 * Document bytes in an S3-compatible bucket, so several service instances share them.
 * Credentials come from the AWS SDK's own chain (AWS_ACCESS_KEY_ID…, a profile, an
 * instance role), never from the service's settings file.
 */
/** A readiness probe's question to the bucket waits no longer than this. */
const PING_TIMEOUT_MS = 2000;
/** When a cut-short upload's key is deleted a second time. */
const LATE_DELETE_MS = 1000;

export class S3DocumentStore implements DocumentStore {
  private made: S3Client | undefined;
  private readonly connect = lazy(async () => {
    const { S3Client } = await sdk();
    this.made = new S3Client({
      region: this.s.region,
      endpoint: this.s.endpoint,
      forcePathStyle: this.s.forcePathStyle,
      // A streamed upload would otherwise go as `aws-chunked` with a trailing checksum, which not
      // every S3-compatible server understands (one stored the framing with the bytes); the
      // service keeps its own SHA-256 of every file.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    return this.made;
  });

  constructor(private readonly s: S3StoreSettings) {}

  private key(key: string): string {
    return this.s.prefix + checkedKey(key);
  }

  async ping(): Promise<void> {
    const { HeadBucketCommand } = await sdk();
    await (
      await this.connect()
    ).send(new HeadBucketCommand({ Bucket: this.s.bucket }), {
      abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS),
    });
  }

  async has(key: string): Promise<boolean> {
    const { HeadObjectCommand, NotFound } = await sdk();
    try {
      await (await this.connect()).send(new HeadObjectCommand({ Bucket: this.s.bucket, Key: this.key(key) }));
      return true;
    } catch (err) {
      if (
        err instanceof NotFound ||
        (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      )
        return false;
      throw err;
    }
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const { PutObjectCommand } = await sdk();
    await (
      await this.connect()
    ).send(
      new PutObjectCommand({
        Bucket: this.s.bucket,
        Key: this.key(key),
        Body: bytes,
        ContentType: 'application/pdf',
        ContentLength: bytes.length,
      }),
    );
  }

  async putStream(key: string, body: Readable, length: number, contentType: string): Promise<void> {
    const { PutObjectCommand } = await sdk();
    const client = await this.connect();
    // A source that fails half-way (a disk error) must end the request, not leave it waiting.
    const abort = new AbortController();
    let failed: Error | undefined;
    body.once('error', (err) => {
      failed = err;
      abort.abort(err);
    });
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: this.s.bucket,
          Key: this.key(key),
          Body: body,
          ContentType: contentType,
          ContentLength: length,
        }),
        { abortSignal: abort.signal },
      );
    } catch (err) {
      // S3 keeps no object of an upload cut short; a lesser S3-compatible server might, and may
      // even write it after this delete (it finishes the cut request on its own time): once more later.
      await this.delete(key).catch(() => undefined);
      setTimeout(() => void this.delete(key).catch(() => undefined), LATE_DELETE_MS).unref();
      throw failed ?? err;
    }
  }

  async delete(key: string): Promise<void> {
    const { DeleteObjectCommand } = await sdk();
    // S3 answers a missing key with success, as the folder store does.
    await (await this.connect()).send(new DeleteObjectCommand({ Bucket: this.s.bucket, Key: this.key(key) }));
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const { GetObjectCommand } = await sdk();
    const answer = await (
      await this.connect()
    ).send(
      new GetObjectCommand({
        Bucket: this.s.bucket,
        Key: this.key(key),
        ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }),
    );
    // In Node the SDK's body is an http.IncomingMessage, a Readable.
    if (!(answer.Body instanceof Readable)) throw new Error('the document store answered without a body');
    return answer.Body;
  }

  close(): void {
    this.made?.destroy();
  }
}
