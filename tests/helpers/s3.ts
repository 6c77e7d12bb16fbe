import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface TestBucket {
  /** Settings for the service: S3_* plus the SDK's credentials. */
  env: Record<string, string>;
  /** Stops answering (the store is down); `start` brings it back on the same address with what it held. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real S3-compatible server on loopback with one empty bucket, its files in a temp folder. */
export async function startTestBucket(bucket = 'dokumen-polis'): Promise<TestBucket> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-s3-'));
  const make = (on: number) =>
    new S3rver({ port: on, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] });
  let server: S3rver | null = make(0);
  const { port } = await server.run();
  return {
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_FORCE_PATH_STYLE: 'true',
      // s3rver's fixed test credentials, read through the SDK's own chain as in production.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    async stop() {
      await server?.close();
      server = null;
    },
    async start() {
      if (server) return;
      server = make(port);
      await server.run();
    },
    async close() {
      await server?.close();
      server = null;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The bucket's credentials in this process's environment, where an in-process service's SDK reads
 * them through its own chain as in production. Answers the undoing, which puts back what was there.
 */
export function credentialsInThisProcess(bucket: TestBucket): () => void {
  const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_EC2_METADATA_DISABLED'];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) process.env[n] = bucket.env[n];
  return () => {
    for (const [n, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  };
}
