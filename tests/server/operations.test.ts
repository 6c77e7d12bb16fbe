import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service';
import { customerNamed, login, register } from '../helpers/flows';
import { openStream } from '../helpers/sse';
import { runServiceCommand, spawnService, type ServiceProcess } from '../helpers/process';
import { ClaimsDriver } from '../helpers/claims';
import { plainPdf } from '../helpers/claim-files';
import { accountIdOf, deliverMessage } from '../helpers/inbox';
import { STORE_KINDS, freshStore } from '../helpers/stores';
import { openStore, pendingMigrations } from '../../server/store/connect';
import { loadConfig } from '../../server/config';
import { sql } from 'kysely';

const getJson = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** A request that never finishes sending its body: what a slow upload looks like to the service. */
function tricklingRequest(base: string): Promise<net.Socket> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        'POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"username":',
      );
      resolve(socket);
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

describe.each(STORE_KINDS)('operations: health, stopping, migrations (%s)', (kind) => {
  let seeded: TestService;
  let token: string;
  const key = crypto.randomBytes(32).toString('hex');

  beforeAll(async () => {
    seeded = await startTestService(kind, { env: { OTP_HMAC_KEY: key }, systemClock: true });
    const username = await register(seeded, customerNamed('Siti Rahmawati'));
    token = (await login(seeded, username)).json().accessToken;
  }, 60_000);
  afterAll(async () => {
    await seeded?.close();
  });

  it('answers live and ready, names the part that is not ready and nothing else, and is ready again once it is back', async () => {
    const env = { ...seeded.env, OTP_HMAC_KEY: key };
    const instance = await spawnService(env, ['--dev']);
    try {
      expect(await getJson(`${instance.url}/health/live`)).toEqual({ status: 200, body: { status: 'live' } });
      const ready = await getJson(`${instance.url}/health/ready`);
      // Warnings name a year counted without its decree of holidays, which depends on the day
      // this process's clock says: only their form is the same on any date.
      const { warnings, ...rest } = ready.body as { warnings?: string[] };
      expect({ status: ready.status, body: rest }).toEqual({
        status: 200,
        body: {
          status: 'ready',
          stopping: false,
          checks: { database: 'ok', schema: 'ok', documents: 'ok', jobs: 'ok' },
        },
      });
      for (const w of warnings ?? []) expect(w).toMatch(/^holidays_\d{4}_not_decreed$/u);
      // The document store goes away (a bucket down, a volume unmounted): not ready, and which part says so.
      const documents = path.join(seeded.env.DATA_DIR!, 'documents');
      const aside = `${documents}-aside`;
      fs.renameSync(documents, aside);
      try {
        const down = await getJson(`${instance.url}/health/ready`);
        expect(down.status).toBe(503);
        expect(down.body).toMatchObject({ status: 'not_ready', checks: { documents: 'failed', database: 'ok' } });
      } finally {
        fs.renameSync(aside, documents);
      }
      expect((await getJson(`${instance.url}/health/ready`)).status).toBe(200);
    } finally {
      expect(await instance.stop()).toBe(0);
    }
    // An instance that runs no jobs says so, and is ready all the same.
    const answering = await spawnService({ ...env, RUN_JOBS: 'false' }, ['--dev']);
    try {
      expect((await getJson(`${answering.url}/health/ready`)).body).toMatchObject({
        status: 'ready',
        checks: { jobs: 'off' },
      });
    } finally {
      expect(await answering.stop()).toBe(0);
    }
  }, 60_000);

  it('ends at SIGTERM every time, with an events stream, a request still sending its body and an idle connection open', async () => {
    const env = { ...seeded.env, OTP_HMAC_KEY: key, SHUTDOWN_GRACE_SECONDS: '2' };
    for (let round = 0; round < 4; round++) {
      const instance = await spawnService(env, ['--dev']);
      const stream = await openStream(instance.url, token);
      expect(stream.status).toBe(200);
      const trickling = await tricklingRequest(instance.url);
      const idle = net.connect(Number(new URL(instance.url).port), '127.0.0.1');
      idle.on('error', () => undefined);
      await new Promise((r) => idle.once('connect', r));
      const started = Date.now();
      const exited = instance.stop();
      // The stream is told to go elsewhere at once, not after the grace.
      await stream.ended;
      expect(Date.now() - started).toBeLessThan(1500);
      expect(await exited).toBe(0);
      // The trickling request held it for the grace (2 s) at most, then was cut.
      expect(Date.now() - started).toBeLessThan(6000);
      trickling.destroy();
      idle.destroy();
    }
  }, 120_000);

  it('migrates once with `migrate`; an instance with MIGRATE=false waits for the schema instead of migrating', async () => {
    const place = freshStore(kind);
    try {
      // MIGRATE=false on a new database: it waits, and says so; it does not migrate.
      const waiting = spawnService({ ...place.env, MIGRATE: 'false', MIGRATE_WAIT_SECONDS: '60' }, ['--dev']);
      await new Promise((r) => setTimeout(r, 1500));
      const config = loadConfig(place.env, 'development');
      const peek = await openStore(config.database, undefined, { migrate: 'none' });
      expect((await pendingMigrations(peek)).length).toBeGreaterThan(10);
      await peek.close();
      const migrated = await runServiceCommand(place.env, ['migrate', '--dev']);
      expect(migrated.code, migrated.out).toBe(0);
      expect(migrated.out).toMatch(/^migrated: 001-identity, /mu);
      // Once the schema is current the waiting instance starts.
      const instance = await waiting;
      expect((await getJson(`${instance.url}/health/ready`)).body).toMatchObject({ checks: { schema: 'ok' } });
      expect(await instance.stop()).toBe(0);
      const again = await runServiceCommand(place.env, ['migrate', '--dev']);
      expect(again.out).toMatch(/the schema is current/u);

      // A rolling upgrade: the next release migrated first (an additive change this release does not
      // know). This release's instances, migrating by default, start on it and are ready.
      const next = await openStore(config.database, undefined, { migrate: 'none' });
      await sql`alter table customers add column next_release_note text`.execute(next.db);
      await sql`insert into kysely_migration (name, timestamp) values ('999-next-release', ${new Date().toISOString()})`.execute(
        next.db,
      );
      await next.close();
      const previous = await spawnService(place.env, ['--dev']);
      expect((await getJson(`${previous.url}/health/ready`)).status).toBe(200);
      expect(await previous.stop()).toBe(0);
    } finally {
      await place.drop();
    }
  }, 120_000);
});

/**
 * A rolling restart as a load balancer sees it: two instances on one PostgreSQL, one stopped with
 * SIGTERM while a person's events stream is open on it and a claim file is half sent to it.
 */
describe('SIGTERM with two instances: the clients resume on the other, nothing is lost', () => {
  let seeded: TestService;
  let a: ServiceProcess;
  let b: ServiceProcess;
  const key = crypto.randomBytes(32).toString('hex');

  beforeAll(async () => {
    seeded = await startTestService('postgres', { env: { OTP_HMAC_KEY: key }, systemClock: true });
    const env = { ...seeded.env, OTP_HMAC_KEY: key, SHUTDOWN_GRACE_SECONDS: '2' };
    [a, b] = await Promise.all([spawnService(env, ['--dev']), spawnService(env, ['--dev'])]);
  }, 90_000);
  afterAll(async () => {
    await b?.stop();
    await seeded?.close();
  });

  it('the stream resumes on the other instance with every event, and the cut upload is sent again there once', async () => {
    const budi = await ClaimsDriver.signIn(seeded, 'Budi Santoso');
    const claimId = await budi.readyHospitalClaim('IND-2021-004567');
    const filesBefore = (await budi.call('GET', `/v1/claims/${claimId}`)).json().files.length;
    const accountId = await accountIdOf(seeded.service, budi.username);
    const deliver = () => deliverMessage(seeded.service, accountId, seeded.clock.now());

    const onA = await openStream(a.url, budi.token);
    const first = await deliver();
    await onA.nth(0);
    // A claim file on its way to A: headers and half its bytes.
    const pdf = await plainPdf('Kuitansi yang terpotong');
    const { port } = new URL(a.url);
    const upload = net.connect(Number(port), '127.0.0.1');
    upload.on('error', () => undefined);
    await new Promise((r) => upload.once('connect', r));
    upload.write(
      `POST /v1/claims/${claimId}/files?kind=other HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${budi.token}\r\n` +
        `Content-Type: application/pdf\r\nX-File-Name: kuitansi.pdf\r\nContent-Length: ${pdf.length}\r\n\r\n`,
    );
    upload.write(pdf.subarray(0, Math.floor(pdf.length / 2)));
    const uploadClosed = new Promise((r) => upload.once('close', r));

    const stopped = a.stop();
    await onA.ended;
    // Raised while the person's app moves over: none may be missed.
    const meanwhile = [await deliver(), await deliver()];
    const onB = await openStream(b.url, budi.token, onA.events.at(-1)!.id);
    try {
      await onB.nth(1);
      expect(onB.events.map((e) => JSON.parse(e.data).message.messageId)).toEqual(meanwhile);
      expect(onA.events.map((e) => JSON.parse(e.data).message.messageId)).toEqual([first]);
    } finally {
      onB.close();
    }
    // A cut the half-sent file after its grace, and ended.
    await uploadClosed;
    expect(await stopped).toBe(0);
    const files = () => budi.call('GET', `/v1/claims/${claimId}`).then((r) => r.json().files.length as number);
    expect(await files()).toBe(filesBefore);
    // The app sends it again, whole, to the instance that answers.
    const again = await fetch(`${b.url}/v1/claims/${claimId}/files?kind=other`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${budi.token}`,
        'content-type': 'application/pdf',
        'x-file-name': 'kuitansi.pdf',
      },
      body: new Uint8Array(pdf),
    });
    expect(again.status).toBe(201);
    expect(await files()).toBe(filesBefore + 1);
  }, 90_000);
});
