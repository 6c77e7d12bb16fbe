import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoreKind } from '../../server/store/connect';

/** PostgreSQL of the machine (trust auth, database `test`), unless the environment names another. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Every server suite runs on both engines. */
export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres'];

export interface TestStorePlace {
  env: Record<string, string>;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh data folder and, for PostgreSQL, a fresh schema: nothing shared between runs. */
export function freshStore(kind: StoreKind): TestStorePlace {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-test-'));
  const env: Record<string, string> = { DATA_DIR: dataDir };
  let schema: string | undefined;
  if (kind === 'postgres') {
    // The run's prefix (tests/global-setup.ts): its schemas are dropped together at the end.
    schema = `${process.env.PN_TEST_SCHEMA_PREFIX ?? 't_'}${crypto.randomBytes(6).toString('hex')}`;
    env.DATABASE_URL = TEST_DATABASE_URL;
    env.DATABASE_SCHEMA = schema;
  }
  return {
    env,
    dataDir,
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
