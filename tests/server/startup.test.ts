import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { ConfigError, loadConfig } from '../../server/config';
import { Keyed } from '../../server/domain/identity/secrets';
import { cardSigningKey, publicJwk } from '../../server/domain/network/card-signing';
import { runServiceToExit, spawnService } from '../helpers/process';

const prodMessages = {
  SMTP_URL: 'smtp://127.0.0.1:2525',
  SMTP_FROM: 'no-reply@portal-nasabah.example',
  SMS_GATEWAY_URL: 'https://sms.example/send',
  SMS_GATEWAY_TOKEN: 'token',
  MIDTRANS_SERVER_KEY: 'SB-Mid-server-uji-coba',
  MIDTRANS_BASE_URL: 'https://api.sandbox.midtrans.com',
  // RFC 8032's first test key: a seed, as the setting may give it.
  CARD_SIGNING_KEY: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
};

describe('settings', () => {
  it('production mode refuses to start without the message settings, naming them', () => {
    expect(() => loadConfig({}, 'production')).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: prodMessages.SMTP_URL, SMTP_FROM: 'x@y.z' }, 'production')).toThrow(
      /SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN/u,
    );
    expect(loadConfig(prodMessages, 'production').sms?.token).toBe('token');
  });

  it('carries events on NATS only for instances on PostgreSQL, and names the setting otherwise', () => {
    expect(() => loadConfig({ EVENTS_BUS: 'nats://127.0.0.1:4222' }, 'development')).toThrow(
      /EVENTS_BUS.*DATABASE_URL/u,
    );
    expect(() => loadConfig({ EVENTS_BUS: 'http://127.0.0.1:4222' }, 'development')).toThrow(/EVENTS_BUS/u);
    expect(
      loadConfig({ EVENTS_BUS: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://x@127.0.0.1/test' }, 'development')
        .eventsBus,
    ).toBe('nats://127.0.0.1:4222');
  });

  it('production mode takes payments through Midtrans only, with its settings', () => {
    expect(() => loadConfig({ ...prodMessages, PAYMENT_GATEWAY: 'simulator' }, 'production')).toThrow(
      /PAYMENT_GATEWAY/u,
    );
    expect(() => loadConfig({ ...prodMessages, MIDTRANS_SERVER_KEY: '' }, 'production')).toThrow(
      /MIDTRANS_SERVER_KEY/u,
    );
    expect(loadConfig(prodMessages, 'production').payments).toEqual({
      gateway: 'midtrans',
      serverKey: 'SB-Mid-server-uji-coba',
      baseUrl: 'https://api.sandbox.midtrans.com',
      snapUrl: 'https://app.sandbox.midtrans.com',
    });
    expect(loadConfig({}, 'development').payments.gateway).toBe('simulator');
  });

  it('production mode signs member cards with the one key it is given, and refuses another kind', async () => {
    expect(() => loadConfig({ ...prodMessages, CARD_SIGNING_KEY: undefined }, 'production')).toThrow(
      /CARD_SIGNING_KEY/u,
    );
    const config = loadConfig(prodMessages, 'production');
    // RFC 8032, test 1: the public key of that seed.
    expect(publicJwk(cardSigningKey(config, new Keyed(Buffer.alloc(32)))).x).toBe(
      Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex').toString('base64url'),
    );
    const rsa = crypto
      .generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' });
    const pem = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(
      cardSigningKey({ ...config, cardSigningKey: String(pem) }, new Keyed(Buffer.alloc(32))).asymmetricKeyType,
    ).toBe('ed25519');
    expect(() => cardSigningKey({ ...config, cardSigningKey: String(rsa) }, new Keyed(Buffer.alloc(32)))).toThrow(
      /CARD_SIGNING_KEY: .*not an Ed25519 key/u,
    );
  });

  it('names a setting that does not parse', () => {
    for (const [name, value] of [
      ['PORT', 'eighty'],
      ['OTP_TTL_SECONDS', '5'],
      ['DATABASE_URL', 'mysql://x'],
      ['SMTP_URL', 'not a url'],
      ['OTP_HMAC_KEY', 'abc'],
    ] as const) {
      expect(() => loadConfig({ [name]: value }, 'development'), name).toThrow(new RegExp(name, 'u'));
    }
  });

  it('reads the defaults of api-v1.md', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/x' }, 'development');
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      otpTtlSeconds: 120,
      loginRateLimitPerMinute: 60,
      legacyUsernameGraceDays: 90,
    });
    expect(c.database).toEqual({ kind: 'sqlite', file: path.join('/tmp/x', 'portal.sqlite') });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }, 'development').database.kind).toBe('postgres');
  });
});

describe('the service process', () => {
  it('says in one line which setting is wrong, and exits 1', async () => {
    const run = await runServiceToExit(
      { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'pn-')), OTP_TTL_SECONDS: 'soon' },
      ['--dev'],
    );
    expect(run.code).toBe(1);
    expect(
      run.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.includes('nodedir')),
    ).toEqual([expect.stringContaining('OTP_TTL_SECONDS')]);
    const prod = await runServiceToExit({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'pn-')) });
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain('SMTP_URL');
  });

  it('prints its address when ready, seeds demo data in dev mode, and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-'));
    const svc = await spawnService({ DATA_DIR: dataDir }, ['--dev']);
    try {
      expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
      expect(await (await fetch(`${svc.url}/v1/health`)).json()).toEqual({ status: 'ok' });
      const reg = await fetch(`${svc.url}/v1/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          policyType: 'sharia',
          policyNumber: 'SYR-2020-007788',
          dateOfBirth: '1990-07-22',
          email: 'siti.rahmawati@example.co.id',
          phone: '+6281311122233',
        }),
      });
      expect(reg.status).toBe(201);
      expect(svc.stdout.some((l) => l.includes('[demo] old account agus.w70'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'portal.sqlite'))).toBe(true);
      expect(fs.statSync(path.join(dataDir, 'server-key')).mode & 0o777).toBe(0o600);
    } finally {
      expect(await svc.stop()).toBe(0);
    }
    // The first start in development mode also generates the demo PDFs (a few seconds).
  }, 90_000);

  it('finishes a request in flight before it exits', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-'));
    const svc = await spawnService({ DATA_DIR: dataDir }, ['--dev']);
    const body = JSON.stringify({
      username: 'siapa-saja-1234',
      password: 'sembarang-saja',
      device: { kind: 'personal', name: 'x' },
    });
    // Headers and half the body go out before SIGTERM, the rest after it.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${svc.url}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        const exit = svc.stop();
        setTimeout(() => req.end(body.slice(20)), 200);
        void exit;
      }, 200);
    });
    const res = await answer;
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('invalid_credentials');
    expect(await svc.stop()).toBe(0);
  });
});
