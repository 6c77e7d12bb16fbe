import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererCsp } from '../../electron/main/core/csp';
import { EncryptedDocumentCache } from '../../electron/main/core/document-cache';
import { externalUrlAllowed, telLink } from '../../electron/main/core/external-urls';
import { KeychainKeyProtector } from '../../electron/main/core/keychain-key-protector';
import { MapTileUrlSchema, tileCspSource } from '../../electron/main/core/map-tiles';
import { coreCalls, recordingCore } from '../helpers/core';
import { GOOD_PASSWORD, customerNamed, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';

const GROUP = 'KMP-2022-000045';

describe('Rumah Sakit & Klinik and Kartu Peserta through the main-process core (network.md, The app)', () => {
  let svc: LiveService;
  let dir: string;
  let andi: string;
  beforeAll(async () => {
    svc = await startLiveService();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-net-'));
    andi = await register(svc, customerNamed('Andi Pratama'));
  });
  afterAll(async () => {
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const { call, ok } = coreCalls((r, label) => expect(r, label).toMatchObject({ ok: true }));
  const signedIn = async (mode: 'personal' | 'kiosk' = 'personal', service = svc, username = andi) => {
    const core = recordingCore(service.url, dir, { mode });
    await ok(core.c, 'session.login', { username, password: GOOD_PASSWORD, remember: false });
    return core;
  };

  it('searches with a picked city as "near", cashless for my policy, and pages', async () => {
    const { c } = await signedIn();
    const { provinces } = await ok(c, 'network.regions');
    expect(provinces.length).toBeGreaterThanOrEqual(15);
    const first = await ok(c, 'network.search', {
      near: { lat: -7.2575, lon: 112.7521 },
      cashlessFor: GROUP,
      cashlessOnly: true,
    });
    expect(first.providers).toHaveLength(20);
    expect(first.providers[0].city).toBe('Surabaya');
    expect(first.providers.every((p: { cashless: boolean }) => p.cashless)).toBe(true);
    const km = first.providers.map((p: { distanceKm: number }) => p.distanceKm);
    expect(km).toEqual([...km].sort((a, b) => a - b));
    const second = await ok(c, 'network.search', {
      near: { lat: -7.2575, lon: 112.7521 },
      cashlessFor: GROUP,
      cashlessOnly: true,
      cursor: first.nextCursor,
    });
    expect(second.providers[0].distanceKm).toBeGreaterThanOrEqual(km.at(-1));
    expect(await call(c, 'network.search', { near: { lat: 91, lon: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call(c, 'network.search', { q: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', details: { fields: ['q'] } },
    });
  });

  it('opens the dialler and directions outside, built from the provider itself; never on a kiosk', async () => {
    const { c, opened } = await signedIn();
    const [hospital] = (await ok(c, 'network.search', { q: 'RS', city: 'Denpasar' })).providers;
    await ok(c, 'network.call', { providerId: hospital.providerId });
    await ok(c, 'network.directions', { providerId: hospital.providerId });
    expect(opened).toEqual([
      telLink(hospital.phone),
      `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(`${hospital.location.lat},${hospital.location.lon}`)}`,
    ]);
    expect(opened[0]).toMatch(/^tel:\+62361\d{7}$/u);

    const kiosk = await signedIn('kiosk');
    expect(await call(kiosk.c, 'network.call', { providerId: hospital.providerId })).toMatchObject({
      ok: false,
      error: { code: 'not_allowed_in_kiosk' },
    });
    expect(await call(kiosk.c, 'network.directions', { providerId: hospital.providerId })).toMatchObject({
      ok: false,
      error: { code: 'not_allowed_in_kiosk' },
    });
    expect(kiosk.opened).toEqual([]);
  });

  it('shows the member card offline from its encrypted copy; a kiosk keeps none', async () => {
    const own = await startLiveService();
    try {
      const dewi = await register(own, customerNamed('Dewi Lestari'));
      const cacheDir = path.join(dir, 'cache');
      const cache = new EncryptedDocumentCache(
        cacheDir,
        new KeychainKeyProtector(`portal-nasabah-test-${crypto.randomBytes(4).toString('hex')}`),
      );
      const personal = recordingCore(own.url, dir, { documentCache: cache });
      await ok(personal.c, 'session.login', { username: dewi, password: GOOD_PASSWORD, remember: false });
      const kiosk = await signedIn('kiosk', own, dewi);
      const online = await ok(personal.c, 'policies.card', { policyNumber: GROUP });
      expect(online).toMatchObject({ memberName: 'Dewi Lestari', memberNumber: 'PTMB-0002', fromCache: false });
      await ok(kiosk.c, 'policies.card', { policyNumber: GROUP });
      // The kept copy is sealed: its bytes never hold the token in the clear.
      const files = (fs.readdirSync(cacheDir, { recursive: true }) as string[]).filter((f) =>
        path.basename(f).startsWith('card_'),
      );
      expect(files).toHaveLength(1);
      expect(fs.readFileSync(path.join(cacheDir, files[0]!)).includes(Buffer.from(online.qr.slice(0, 20)))).toBe(false);

      await own.close();
      const offline = await ok(personal.c, 'policies.card', { policyNumber: GROUP });
      expect(offline).toEqual({ ...online, fromCache: true });
      expect(await call(kiosk.c, 'policies.card', { policyNumber: GROUP })).toMatchObject({
        ok: false,
        error: { code: 'network_unavailable' },
      });
    } finally {
      await own.close().catch(() => {});
    }
  });
});

describe('what may leave the app, and the map tiles the CSP admits', () => {
  it('lets https and a telephone link leave, nothing else', () => {
    expect(externalUrlAllowed('https://www.google.com/maps/dir/?api=1&destination=1,2')).toBe(true);
    expect(externalUrlAllowed('tel:+622155501234')).toBe(true);
    for (const bad of [
      'tel:+62 21',
      'tel:+62215550123;ext=1',
      'http://example.org',
      'file:///etc/passwd',
      'javascript:1',
    ]) {
      expect(externalUrlAllowed(bad), bad).toBe(false);
    }
    expect(telLink('(021) 5550123')).toBe('tel:+62215550123');
    expect(telLink('0812-3456-7890')).toBe('tel:+6281234567890');
    expect(telLink('+62 361 555 0105')).toBe('tel:+623615550105');
    expect(telLink('hubungi kami')).toBeUndefined();
  });

  it('takes a tile template over https (http on loopback only), and the CSP gains that host alone', () => {
    const osm = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
    expect(MapTileUrlSchema.safeParse(osm).success).toBe(true);
    expect(MapTileUrlSchema.safeParse('http://127.0.0.1:8080/{z}/{x}/{y}.png').success).toBe(true);
    expect(MapTileUrlSchema.safeParse('http://tiles.example.org/{z}/{x}/{y}.png').success).toBe(false);
    expect(MapTileUrlSchema.safeParse('https://tiles.example.org/tile.png').success).toBe(false);
    expect(tileCspSource(osm)).toBe('https://*.tile.openstreetmap.org');
    expect(tileCspSource('https://tiles.example.org:8443/{z}/{x}/{y}.png')).toBe('https://tiles.example.org:8443');
    expect(rendererCsp([], [tileCspSource(osm)])).toContain(
      "img-src 'self' data: blob: https://*.tile.openstreetmap.org;",
    );
    expect(rendererCsp()).toContain("img-src 'self' data: blob:;");
  });
});
