import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcMethod, PortalResult } from '../../contract/ipc';
import { createCore, type Core } from '../../electron/main/core/compose';
import { KeytarVault } from '../../electron/main/core/keytar-vault';
import { JsonFileSettings } from '../../electron/main/core/settings';
import { noVault, type CredentialVault } from '../../electron/main/core/vault';
import { customerNamed, registrationBody } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { openSessionsOf } from '../helpers/service';
import { startUnreliableProxy } from '../helpers/unreliable-proxy';
import { recordingCore } from '../helpers/core';

const PASSWORD = 'Sawah hijau di pagi hari';

describe('main-process core against the real service', () => {
  let svc: LiveService;
  let dir: string;
  let vault: KeytarVault;
  let keychain: boolean;
  const results: unknown[] = [];

  beforeAll(async () => {
    svc = await startLiveService();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-core-'));
    vault = new KeytarVault(`portal-nasabah-test-${crypto.randomBytes(4).toString('hex')}`);
    keychain = await vault.isAvailable();
  });
  afterAll(async () => {
    await vault.clear();
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function core(options: { mode?: 'personal' | 'kiosk'; vault?: CredentialVault; url?: string } = {}): Core {
    return createCore({
      serviceUrl: options.url ?? svc.url,
      settings: new JsonFileSettings(path.join(dir, `settings-${crypto.randomUUID()}.json`)),
      vault: options.vault ?? vault,
      mode: options.mode ?? 'personal',
      version: '0.1.0',
      deviceName: 'Laptop uji',
      openExternal: async () => {},
    });
  }
  /** Calls a method as the renderer would, and keeps every answer for the token check. */
  async function call(c: Core, method: IpcMethod, input?: unknown): Promise<any> {
    const r = (await c.handlers[method](input)) as PortalResult<any>;
    results.push(r);
    return r;
  }
  const ok = async (c: Core, method: IpcMethod, input?: unknown) => {
    const r = await call(c, method, input);
    expect(r, `${method}: ${JSON.stringify(r)}`).toMatchObject({ ok: true });
    return r.value;
  };

  async function registerThrough(c: Core, name: string): Promise<string> {
    const person = customerNamed(name);
    const { eula } = await ok(c, 'registration.start', registrationBody(person));
    const { channels } = await ok(c, 'registration.acceptEula', { version: eula.version });
    expect(channels).toHaveLength(2);
    const sent = await ok(c, 'registration.sendOtp', { channel: 'email' });
    expect(sent.expiresInMs).toBeGreaterThan(110_000);
    // Within the Date header's one-second resolution, even after the service's clock moved on.
    expect(sent.expiresInMs).toBeLessThanOrEqual(121_000);
    expect(sent.resendInMs).toBe(sent.expiresInMs);
    const { username } = await ok(c, 'registration.verifyOtp', { code: await svc.code(person.email) });
    expect(
      (await ok(c, 'registration.setPassword', { password: PASSWORD, passwordConfirmation: PASSWORD })).username,
    ).toBe(username);
    return username;
  }

  it('registers, logs in and reads policies through the handler table', async () => {
    const c = core();
    const username = await registerThrough(c, 'Budi Santoso');
    const login = await ok(c, 'session.login', { username, password: PASSWORD, remember: false });
    expect(login.user.fullName).toBe('Budi Santoso');
    expect((await ok(c, 'policies.list')).policies).toHaveLength(2);
    expect((await ok(c, 'policies.get', { policyNumber: 'ind-2019-000123' })).policy.productName).toBe(
      'Proteksi Jiwa Prima',
    );
    await ok(c, 'session.logout');
    expect(await call(c, 'policies.list')).toEqual({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('validates every input and answers invalid_input with the fields', async () => {
    const c = core();
    expect(await call(c, 'session.login', { username: 'a', password: 1, remember: 'yes', extra: true })).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        details: { fields: expect.arrayContaining(['password', 'remember', '(input)']) },
      },
    });
    expect((await call(c, 'app.setLanguage', 'fr')).error.code).toBe('invalid_input');
    expect((await call(c, 'app.openExternal', 'http://example.com')).error.code).toBe('invalid_input');
    expect((await call(c, 'app.openExternal', 'javascript:alert(1)')).error.code).toBe('invalid_input');
    expect((await call(c, 'app.openExternal', 'https://example.com/bantuan')).ok).toBe(true);
    // A step before its flow started.
    expect((await call(c, 'registration.verifyOtp', { code: '123456' })).error).toEqual({
      code: 'flow_step_invalid',
      details: { expected: 'start' },
    });
  });

  it('passes the service error codes through unchanged', async () => {
    const c = core();
    const wrong = await call(c, 'session.login', {
      username: 'tidak-ada-0000',
      password: 'salah sekali',
      remember: false,
    });
    expect(wrong).toEqual({ ok: false, error: { code: 'invalid_credentials' } });
    const mismatch = await call(c, 'registration.start', {
      ...registrationBody(customerNamed('Siti Rahmawati')),
      dateOfBirth: '2000-01-01',
    });
    expect(mismatch.error.code).toBe('policy_data_mismatch');
  });

  it('says network_unavailable when the service cannot be reached', async () => {
    const c = core({ url: 'http://127.0.0.1:9' });
    expect(await call(c, 'session.login', { username: 'x', password: 'y', remember: false })).toEqual({
      ok: false,
      error: { code: 'network_unavailable' },
    });
  });

  it('ten calls that meet an expired access token share one refresh', async () => {
    const c = core();
    const username = await registerThrough(c, 'Rudi Hartono');
    await ok(c, 'session.login', { username, password: PASSWORD, remember: false });
    // The service's clock moves past the access token's 15 minutes; this PC's does not.
    svc.clock.advance(16 * 60_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(c, 'policies.list')));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(c.sessions.refreshCount).toBe(1);
  });

  it('refuses "Ingat saya" on a kiosk and where no keychain works', async () => {
    const username = await registerThrough(core(), 'Nur Aisyah');
    const kiosk = core({ mode: 'kiosk' });
    expect((await call(kiosk, 'session.login', { username, password: PASSWORD, remember: true })).error.code).toBe(
      'not_allowed_in_kiosk',
    );
    expect((await ok(kiosk, 'app.info')).keychainAvailable).toBe(false);
    const bare = core({ vault: noVault });
    expect((await call(bare, 'session.login', { username, password: PASSWORD, remember: true })).error.code).toBe(
      'keychain_unavailable',
    );
    expect((await ok(bare, 'session.login', { username, password: PASSWORD, remember: false })).user.username).toBe(
      username,
    );
  });

  it.runIf(process.env.CI === 'true' || process.env.DBUS_SESSION_BUS_ADDRESS)(
    'remembers a session in the OS keychain across a restart, and logout forgets it',
    async () => {
      expect(keychain).toBe(true);
      const first = core();
      const username = await registerThrough(first, 'Dewi Lestari');
      await ok(first, 'session.login', { username, password: PASSWORD, remember: true });
      const kept = await vault.load();
      expect(kept?.account).toBe(username);

      // A new core, as after a restart: signed in from the keychain, with a rotated token kept.
      const second = core();
      expect((await ok(second, 'session.current')).user).toEqual({ username, fullName: 'Dewi Lestari' });
      const rotated = await vault.load();
      expect(rotated?.secret).not.toBe(kept?.secret);
      expect((await ok(second, 'policies.list')).policies).toHaveLength(1);

      await ok(second, 'session.logout');
      expect(await vault.load()).toBeNull();
      await second.sessions.settled();
      // The session ended at the service too: the kept token is dead.
      const res = await fetch(`${svc.url}/v1/sessions/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: rotated!.secret }),
      });
      expect(res.status).toBe(401);
      expect((await ok(core(), 'session.current')).user).toBeNull();
    },
  );

  it.runIf(process.env.CI === 'true' || process.env.DBUS_SESSION_BUS_ADDRESS)(
    'survives many keychain calls at once (the app asks for its info and the session together)',
    async () => {
      const c = core();
      const username = await registerThrough(c, 'Andi Pratama');
      await ok(c, 'session.login', { username, password: PASSWORD, remember: true });
      // libsecret takes the whole process down when keytar calls it from several threads at once.
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? vault.load() : vault.isAvailable())),
      );
      expect(answers.filter((a) => a === true)).toHaveLength(6);
      expect(answers.filter((a) => typeof a === 'object' && a?.account === username)).toHaveLength(6);
      await ok(c, 'session.logout');
    },
  );

  it('a refresh in flight when the person logs out brings nothing back', async () => {
    const proxy = await startUnreliableProxy(svc.url);
    try {
      const c = core({ url: proxy.url });
      const username = await registerThrough(c, 'Siti Rahmawati');
      await ok(c, 'session.login', { username, password: PASSWORD, remember: false });
      svc.clock.advance(16 * 60_000);
      // The next call must refresh first; the service is slow, so "Keluar" comes while it is on its way.
      proxy.delayMs = 400;
      const reading = call(c, 'policies.list');
      await expect.poll(() => c.sessions.refreshCount, { interval: 20 }).toBe(1);
      await ok(c, 'session.logout');
      expect(await reading).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect((await ok(c, 'session.current')).user).toBeNull();
      expect(await call(c, 'policies.list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect(c.sessions.refreshCount).toBe(1);
      // The tokens the late refresh brought were handed back: the service holds nothing open either.
      proxy.delayMs = 0;
      await c.sessions.settled();
      expect(await openSessionsOf(svc, username)).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('never hands the renderer a token, a flow id or the service URL', async () => {
    // Everything the service said and was told goes through a proxy: the secrets are read off the wire.
    const proxy = await startUnreliableProxy(svc.url);
    try {
      const before = results.length;
      const c = core({ url: proxy.url });
      const username = await registerThrough(c, 'Maria Christina Simanjuntak');
      await ok(c, 'session.login', { username, password: PASSWORD, remember: false });
      await ok(c, 'session.current');
      await ok(c, 'policies.list');
      const wire = proxy.wire();
      const found = (pattern: RegExp) => [...wire.matchAll(pattern)].map((m) => m[1]!);
      const secrets = {
        accessTokens: found(/"accessToken":"([^"]+)"/gu),
        refreshTokens: found(/"refreshToken":"([^"]+)"/gu),
        flowIds: found(/\/v1\/registrations\/([A-Za-z0-9_-]{16,})\//gu),
        serviceUrl: [proxy.url, new URL(proxy.url).host],
      };
      expect(secrets.accessTokens.length).toBeGreaterThanOrEqual(1);
      expect(secrets.refreshTokens.length).toBeGreaterThanOrEqual(1);
      expect(new Set(secrets.flowIds).size).toBe(1);
      const leaks = (text: string) =>
        Object.values(secrets)
          .flat()
          .filter((secret) => text.includes(secret));
      // The same check finds every one of them where they do travel: on the wire.
      expect(leaks(wire).length).toBeGreaterThanOrEqual(4);
      expect(leaks(JSON.stringify(results.slice(before)))).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('the connection to the service, as the renderer hears of it', () => {
  it('says offline when the service stops answering and online when it answers again, once each', async () => {
    // Anything that answers HTTP is "answering"; what it says does not matter here.
    const server = http.createServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-connection-'));
    const { c, events } = recordingCore(`http://127.0.0.1:${port}`, dir);
    const connection = () => events.filter((e) => e.event === 'app.connection').map((e) => e.payload);
    const ask = () => c.handlers['recovery.start']({ username: 'budi.santoso' });

    await ask();
    expect(connection()).toEqual([]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await ask()).toMatchObject({ ok: false, error: { code: 'network_unavailable' } });
    await ask();
    expect(connection()).toEqual([{ online: false }]);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await ask();
    expect(connection()).toEqual([{ online: false }, { online: true }]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
