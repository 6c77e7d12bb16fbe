import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemoDocuments } from '../../server/cli/demo-documents';
import { loadConfig } from '../../server/config';
import { openDocumentStore } from '../../server/domain/documents/open-store';
import { GOOD_PASSWORD, customerNamed, login, register } from '../helpers/flows';
import { postJson, runServiceCommand, spawnService } from '../helpers/process';
import { credentialsInThisProcess, startTestBucket, type TestBucket } from '../helpers/s3';
import { startTestService, type TestService } from '../helpers/service';
import { TEST_DATABASE_URL } from '../helpers/stores';

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('backups', () => {
  const place = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-backup-test-'));
  afterAll(() => fs.rmSync(place, { recursive: true, force: true }));

  it('SQLite: backs up while the service runs, restores into a new data folder, and the person signs in and reads a document', async () => {
    const t: TestService = await startTestService('sqlite', { systemClock: true });
    let documentId: string;
    let bytes: Buffer;
    const username = await register(t, customerNamed('Budi Santoso'));
    try {
      expect(await seedDemoDocuments(t.service.store.db, t.service.documents, t.clock.now())).toBeGreaterThan(10);
      const session = (await login(t, username)).json();
      const list = await t.call('GET', '/v1/policies/IND2019000123/documents', undefined, {
        authorization: `Bearer ${session.accessToken}`,
      });
      documentId = list.json().documents[0].documentId;
      bytes = (
        await t.call('GET', `/v1/documents/${documentId}`, undefined, {
          authorization: `Bearer ${session.accessToken}`,
        })
      ).rawPayload;
      // Taken while the service is up and has its database open.
      const backedUp = await runServiceCommand(t.env, ['backup', path.join(place, 'cabang.tar.gz'), '--dev']);
      expect(backedUp.code, backedUp.out).toBe(0);
      expect(backedUp.out).toMatch(/backed up: the database, \d+ documents, the server key/u);
    } finally {
      await t.close();
    }

    const restoredDir = path.join(place, 'restored');
    const env = { DATA_DIR: restoredDir };
    const restored = await runServiceCommand(env, ['restore', path.join(place, 'cabang.tar.gz'), '--dev']);
    expect(restored.code, restored.out).toBe(0);
    // Never over a database that is there.
    const again = await runServiceCommand(env, ['restore', path.join(place, 'cabang.tar.gz'), '--dev']);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/has a database already/u);
    const checked = await runServiceCommand(env, ['check-documents', '--dev']);
    expect(checked.code, checked.out).toBe(0);
    expect(checked.out).toMatch(/\d+ stored files named, 0 missing/u);

    const instance = await spawnService(env, ['--dev']);
    try {
      const signedIn = await postJson(instance.url, '/v1/sessions', {
        username,
        password: GOOD_PASSWORD,
        device: { kind: 'personal', name: 'Laptop' },
      });
      expect(signedIn.status).toBe(200);
      const res = await fetch(`${instance.url}/v1/documents/${documentId}`, {
        headers: { authorization: `Bearer ${signedIn.body.accessToken}` },
      });
      expect(res.status).toBe(200);
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(bytes));
    } finally {
      expect(await instance.stop()).toBe(0);
    }

    // A file lost from the folder is named by the check.
    const folder = path.join(restoredDir, 'documents');
    fs.rmSync(path.join(folder, fs.readdirSync(folder)[0]!));
    const lost = await runServiceCommand(env, ['check-documents', '--dev']);
    expect(lost.code).toBe(1);
    expect(lost.out).toMatch(/1 missing\nmissing: documents \S+/u);
  }, 120_000);

  it('PostgreSQL and S3: a pg_dump restored into a fresh schema finds every stored file in the bucket', async () => {
    const bucket: TestBucket = await startTestBucket();
    const restoreCredentials = credentialsInThisProcess(bucket);
    const t = await startTestService('postgres', { env: bucket.env, systemClock: true });
    try {
      expect(await seedDemoDocuments(t.service.store.db, t.service.documents, t.clock.now())).toBeGreaterThan(10);
      const schema = t.env.DATABASE_SCHEMA!;
      const fresh = `${schema}_pulih`;
      const dump = execFileSync('pg_dump', ['--no-owner', '--no-privileges', '-n', schema, TEST_DATABASE_URL], {
        maxBuffer: 256 * 1024 * 1024,
      }).toString('utf8');
      // The same dump into another schema, as a restore into a new database would be.
      execFileSync('psql', ['-v', 'ON_ERROR_STOP=1', '-q', TEST_DATABASE_URL], {
        input: dump.replaceAll(schema, fresh),
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      const env = { ...t.env, ...bucket.env, DATABASE_SCHEMA: fresh };
      const checked = await runServiceCommand(env, ['check-documents', '--dev']);
      expect(checked.code, checked.out).toBe(0);
      expect(checked.out).toMatch(/(\d+) stored files named, 0 missing/u);
      const named = Number(/(\d+) stored files named/u.exec(checked.out)![1]);
      expect(named).toBeGreaterThan(10);

      // An object the bucket lost is named.
      const row = await t.service.store.db
        .selectFrom('documents')
        .select(['id', 'storage_key'])
        .executeTakeFirstOrThrow();
      const objects = openDocumentStore(loadConfig(env, 'development').documentStore);
      await objects.delete(row.storage_key);
      objects.close?.();
      const lost = await runServiceCommand(env, ['check-documents', '--dev']);
      expect(lost.code).toBe(1);
      expect(lost.out).toContain(`missing: documents ${row.id}`);
      // SQLite's backup is not offered for PostgreSQL: the README's way is said instead.
      const refused = await runServiceCommand(env, ['backup', path.join(place, 'pg.tar.gz'), '--dev']);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/pg_dump/u);
    } finally {
      await t.close();
      await bucket.close();
      restoreCredentials();
    }
  }, 120_000);
});
