import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { checkedKey, type DocumentStore } from './store';

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
  private readonly client: S3Client;

  constructor(private readonly s: S3StoreSettings) {
    this.client = new S3Client({
      region: s.region,
      endpoint: s.endpoint,
      forcePathStyle: s.forcePathStyle,
      // A streamed upload would otherwise go as `aws-chunked` with a trailing checksum, which not
      // every S3-compatible server understands (one stored the framing with the bytes); the
      // service keeps its own SHA-256 of every file.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
  }

  private key(key: string): string {
    return this.s.prefix + checkedKey(key);
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.s.bucket }), {
      abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS),
    });
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.client.send(
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
    // A source that fails half-way (a disk error) must end the request, not leave it waiting.
    const abort = new AbortController();
    let failed: Error | undefined;
    body.once('error', (err) => {
      failed = err;
      abort.abort(err);
    });
    try {
      await this.client.send(
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
    // S3 answers a missing key with success, as the folder store does.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.s.bucket, Key: this.key(key) }));
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const answer = await this.client.send(
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
    this.client.destroy();
  }
}
