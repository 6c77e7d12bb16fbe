import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devAdminFile } from '../../server/cli/admin-claims';
import { newId } from '../../server/domain/identity/secrets';
import { bearer } from '../helpers/flows';
import { waitFor } from '../helpers/mail-and-sms';
import { postJson, runServiceCommand, spawnService, type ServiceProcess } from '../helpers/process';
import { startTestService, type TestService } from '../helpers/service';
import { freshStore } from '../helpers/stores';

/**
 * The back office from the command line against a development service started with its own
 * `ADMIN_API_KEYS` (not a key it made itself): it is found, the key is taken from the same
 * setting, and the jobs can be listed and tried again.
 */
describe('npm run service -- admin, with ADMIN_API_KEYS', () => {
  const key = crypto.randomBytes(24).toString('base64url');
  const place = freshStore('sqlite');
  const env = {
    ...place.env,
    ADMIN_API_KEYS: `kantor:${key}`,
    ADMIN_URL: '',
    ADMIN_API_KEY: '',
    ADMIN_REASON: 'Pemeriksaan rutin',
  };
  let svc: ServiceProcess;
  let seeded: TestService;
  beforeAll(async () => {
    svc = await spawnService(env, ['--dev']);
  }, 60_000);
  afterAll(async () => {
    expect(await svc?.stop()).toBe(0);
    await seeded?.close();
    await place.drop();
  });

  const admin = (...args: string[]) => runServiceCommand(env, ['admin', ...args]);

  it('finds the running development service and uses the key it was started with', async () => {
    expect(fs.existsSync(devAdminFile(place.dataDir))).toBe(true);
    expect(JSON.parse(fs.readFileSync(devAdminFile(place.dataDir), 'utf8')).key).toBeUndefined();
    const listed = await admin('claims', 'list');
    expect(listed.code, listed.out).toBe(0);
    expect(listed.out).toContain('0 claim(s)');
    const jobs = await admin('jobs', 'list');
    expect(jobs.code, jobs.out).toBe(0);
    expect(jobs.out).toMatch(/\d+ job\(s\)/u);
    // A payment waiting at the simulator is paid by the command, and booked. (Agus Wijaya's
    // account came from the old system: resources/demo/legacy-accounts.json.)
    const login = await postJson(svc.url, '/v1/sessions', {
      username: 'agus.w70',
      password: 'Kopi-Tubruk-2009',
      device: { kind: 'personal', name: 'Laptop' },
    });
    const auth = bearer(login.body.accessToken as string);
    const { bills } = (await (await fetch(`${svc.url}/v1/bills`, { headers: auth })).json()) as {
      bills: Array<{ billId: string }>;
    };
    const payment = await postJson(
      svc.url,
      `/v1/bills/${bills[0]!.billId}/payments`,
      { method: 'va_bca' },
      { ...auth, 'idempotency-key': crypto.randomUUID() },
    );
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    const paid = await admin('pay', payment.body.paymentId);
    expect(paid.code, paid.out).toBe(0);
    const after = (await (
      await fetch(`${svc.url}/v1/payments/${payment.body.paymentId}`, { headers: auth })
    ).json()) as {
      status: string;
    };
    expect(after.status).toBe('paid');
  });

  it('lists a given-up job and tries it again, over HTTP and from the command line', async () => {
    // A job that gave up earlier (the policy's status after a payment), as the table keeps it.
    seeded = await startTestService('sqlite', { seed: false, env: place.env });
    const id = newId();
    await seeded.service.store.db
      .insertInto('jobs')
      .values({
        id,
        kind: 'policy.follow',
        key: `follow:test-${id}`,
        payload: JSON.stringify({ policyNumber: 'IND2021004567' }),
        status: 'failed',
        attempts: 12,
        run_at: 0,
        claimed_until: null,
        last_error: 'database unavailable',
        group_key: null,
        give_up_at: null,
        created_at: seeded.clock.now(),
        finished_at: seeded.clock.now(),
      })
      .execute();
    const refused = await fetch(`${svc.url}/v1/admin/jobs?status=failed`);
    expect(refused.status).toBe(401);
    const failed = await fetch(`${svc.url}/v1/admin/jobs?status=failed`, { headers: bearer(key) });
    const listed = ((await failed.json()) as { jobs: Array<{ jobId: string; kind: string; lastError: string }> }).jobs;
    expect(listed).toEqual([
      expect.objectContaining({ jobId: id, kind: 'policy.follow', lastError: 'database unavailable' }),
    ]);
    const shown = await admin('jobs', 'list', '--status', 'failed');
    expect(shown.out).toContain(id);
    const retried = await admin('jobs', 'retry', id);
    expect(retried.code, retried.out).toBe(0);
    const done = await waitFor(async () => {
      const res = await fetch(`${svc.url}/v1/admin/jobs?kind=policy.follow&status=done`, { headers: bearer(key) });
      const jobs = ((await res.json()) as { jobs: Array<{ jobId: string }> }).jobs;
      return jobs.find((j) => j.jobId === id);
    }, 10_000);
    expect(done).toMatchObject({ attempts: 1 });
    // Done is done: it is not tried again.
    const again = await postJson(svc.url, `/v1/admin/jobs/${id}/retry`, {}, bearer(key));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('transition_invalid');
  });

  it('says how to use it and exits non-zero for a command it does not know', async () => {
    for (const args of [['frob'], ['jobs', 'frob'], ['claims', 'frob'], ['requests', 'frob'], ['pay']]) {
      const r = await admin(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.out, args.join(' ')).toMatch(/usage:/u);
    }
    const top = await runServiceCommand(env, ['frob']);
    expect(top.code).not.toBe(0);
    expect(top.out).toMatch(/usage:/u);
  });
});
