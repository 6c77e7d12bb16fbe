import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/calendar/working-days';
import { jakartaDate } from '../../server/domain/clock';
import { customerNamed, register } from '../helpers/flows';
import {
  expectNoAxeViolations,
  launchChromium,
  newUserData,
  pickDate,
  shot,
  signInViaUi,
  startApp,
  type AppRun,
} from '../helpers/harness';
import { startLiveService, type LiveService } from '../helpers/live-service';

const GROUP = 'KMP-2022-000045';

/** A map tile server on loopback: one plain tile for every address, and a record of what was asked. */
async function startTileServer() {
  const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#dfe9e4' } })
    .png()
    .toBuffer();
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(tile);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    asked,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('Rumah Sakit & Klinik and Kartu Peserta in Chromium', () => {
  let browser: Browser;
  let svc: LiveService;
  let tiles: Awaited<ReturnType<typeof startTileServer>>;
  let andi: string;
  beforeAll(async () => {
    browser = await launchChromium();
    svc = await startLiveService();
    tiles = await startTileServer();
    andi = await register(svc, customerNamed('Andi Pratama'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    await tiles?.close();
  });

  /** Andi signed in, with the map tiles configured or not. */
  async function andiApp(mapTileUrl?: string): Promise<AppRun> {
    const userData = newUserData();
    // A credit as a provider writes it in plain text; its angle brackets must show as text, never as markup.
    const mapAttribution = '© kontributor OpenStreetMap <openstreetmap.org/copyright>';
    if (mapTileUrl)
      fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify({ mapTileUrl, mapAttribution }));
    const app = await startApp(browser, svc, { userData });
    await signInViaUi(app.page, andi);
    return app;
  }
  const toNetwork = async (page: Page) => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Rumah Sakit & Klinik' }).click();
    await page.getByRole('heading', { name: 'Rumah Sakit & Klinik Rekanan', level: 1 }).waitFor();
  };
  const found = (page: Page) => page.locator('p.found');

  it('finds as one types, filters, orders by distance from a picked city, and marks cashless for my policy', async () => {
    const app = await andiApp();
    const { page } = app;
    try {
      await toNetwork(page);
      await found(page)
        .getByText(/\d+ tempat ditemukan/u)
        .waitFor();
      const all = Number((await found(page).textContent())!.match(/\d+/u)![0]);
      expect(all).toBeGreaterThanOrEqual(300);
      // No map without tiles: the list works alone.
      expect(await page.locator('.provider-map').count()).toBe(0);

      const box = page.getByLabel('Cari nama, alamat, atau kota');
      await box.pressSequentially('medika sej', { delay: 30 });
      await expect
        .poll(async () => Number((await found(page).textContent())?.match(/\d+/u)?.[0] ?? all), { timeout: 5000 })
        .toBeLessThan(all);
      const names = await page.locator('.provider-card strong').allTextContents();
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => /Medika Sejahtera/u.test(n))).toBe(true);
      // One letter wrong still finds them.
      await box.fill('medika sejahtra');
      await expect
        .poll(async () => page.locator('.provider-card strong').allTextContents(), { timeout: 5000 })
        .toEqual(names);

      await box.fill('');
      await page.getByLabel('Jenis', { exact: true }).selectOption('hospital');
      await page.getByLabel('Di dekat').selectOption('Surabaya');
      await page.getByLabel('Nontunai untuk polis').selectOption(GROUP);
      await page.getByLabel('Hanya yang nontunai').check();
      await expect
        .poll(() => page.locator('.provider-card').first().textContent(), { timeout: 5000 })
        .toMatch(/Surabaya.*km/u);
      const first = page.locator('.provider-card').first();
      expect(await first.getByText('Nontunai', { exact: true }).count()).toBe(1);
      const km = await page
        .locator('.provider-card p.hint')
        .allTextContents()
        .then((xs) =>
          xs.map((x) =>
            Number(
              x
                .match(/([\d.,]+) km/u)![1]!
                .replace('.', '')
                .replace(',', '.'),
            ),
          ),
        );
      expect(km).toEqual([...km].sort((a, b) => a - b));
      await shot(page, 'id-n0-network-search');
      await expectNoAxeViolations(page, 'the provider search');

      // Paging adds the next places below.
      const before = await page.locator('.provider-card').count();
      await page.getByLabel('Di dekat').selectOption('');
      await page.getByLabel('Hanya yang nontunai').uncheck();
      await page.getByRole('button', { name: 'Tampilkan lebih banyak' }).click();
      await expect
        .poll(() => page.locator('.provider-card').count(), { timeout: 5000 })
        .toBeGreaterThan(Math.max(before, 20));

      // A provider's page: hours on its own clock, and the dialler and directions opened outside.
      await page.getByLabel('Kota', { exact: true }).selectOption('Denpasar');
      await page.getByLabel('Jenis', { exact: true }).selectOption('hospital');
      await page.locator('.provider-card a').first().click();
      await page.getByText('Buka 24 jam (WITA)').waitFor();
      await page.getByRole('button', { name: 'Telepon' }).click();
      await page.getByRole('button', { name: 'Petunjuk arah' }).click();
      await expect.poll(() => app.opened.length, { timeout: 5000 }).toBe(2);
      expect(app.opened[0]).toMatch(/^tel:\+62361\d{7}$/u);
      expect(app.opened[1]).toMatch(/^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&destination=-8\.\d+%2C115\.\d+$/u);
      await shot(page, 'id-n1-provider-page');
      await expectNoAxeViolations(page, 'a provider page');
      // Back to the list as it was left.
      await page.getByRole('link', { name: 'Kembali ke daftar' }).click();
      // The list is drawn again first, its city chosen once the cities have come: wait for it.
      await expect
        .poll(() => page.getByLabel('Kota', { exact: true }).inputValue(), { timeout: 5000 })
        .toBe('Denpasar');
    } finally {
      await app.close();
    }
  });

  it('draws the map beside the list from the configured tiles, and the CSP admits that host alone', async () => {
    const app = await andiApp(tiles.template);
    const { page } = app;
    try {
      const answer = await fetch(app.preview.url);
      expect(answer.headers.get('content-security-policy')).toContain(
        `img-src 'self' data: blob: ${new URL(tiles.template.replace(/\{.\}/gu, '0')).origin};`,
      );
      await toNetwork(page);
      await page.getByLabel('Kota', { exact: true }).selectOption('Bandung');
      await expect
        .poll(
          async () =>
            (await page.locator('.provider-card p.hint').allTextContents()).every((x) => x.includes('Bandung')),
          {
            timeout: 5000,
          },
        )
        .toBe(true);
      await page.getByRole('region', { name: 'Peta lokasi' }).waitFor();
      await expect
        .poll(() => page.locator('.provider-map path.leaflet-interactive').count(), { timeout: 5000 })
        .toBeGreaterThan(3);
      // Framed on the places: they stand apart, not in one heap at the scale of the whole country.
      await expect
        .poll(
          async () =>
            new Set(
              await page.locator('.provider-map path.leaflet-interactive').evaluateAll((ps) =>
                ps.map((p) => {
                  // Where each circle stands, to 10 pixels: a heap counts once.
                  const [x, y] = (p.getAttribute('d') ?? '').slice(1).split(/[,a]/u).map(Number);
                  return `${Math.round(x! / 10)}:${Math.round(y! / 10)}`;
                }),
              ),
            ).size,
          { timeout: 5000 },
        )
        .toBeGreaterThan(5);
      await expect.poll(() => tiles.asked.length, { timeout: 5000 }).toBeGreaterThan(0);
      expect(tiles.asked.every((u) => /^\/\d+\/\d+\/\d+\.png$/u.test(u))).toBe(true);
      // The tile provider's credit, as text (never as markup).
      await page
        .locator('.leaflet-control-attribution')
        .getByText('© kontributor OpenStreetMap <openstreetmap.org/copyright>')
        .waitFor();
      await shot(page, 'id-n2-network-map');
    } finally {
      await app.close();
    }
  });

  it('shows Kartu Peserta from Beranda with its QR code, in both languages', async () => {
    const app = await andiApp();
    const { page } = app;
    try {
      await page.getByRole('link', { name: `Kartu Peserta ${GROUP}` }).click();
      await page.getByRole('heading', { name: 'Kartu Peserta', level: 1 }).waitFor();
      await page.getByText('PTMB-0001').waitFor();
      const qr = page.getByRole('img', { name: 'Kode QR kartu peserta Andi Pratama' });
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/u);
      await page.getByText('Nontunai di rumah sakit rekanan').waitFor();
      await shot(page, 'id-n3-member-card');
      await expectNoAxeViolations(page, 'Kartu Peserta');
    } finally {
      await app.close();
    }
  });

  it('picks the hospital of a claim from the network search', async () => {
    const app = await andiApp();
    const { page } = app;
    const day = (n: number) => addDays(jakartaDate(svc.clock.now()), -n);
    try {
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Klaim' }).click();
      await page.getByRole('link', { name: 'Ajukan Klaim' }).click();
      await page.getByLabel('Polis', { exact: true }).selectOption(GROUP);
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.getByRole('radio', { name: 'Rawat inap' }).check();
      await page.getByRole('button', { name: 'Lanjut', exact: true }).click();
      await pickDate(page, 'Tanggal masuk rumah sakit', day(6));
      await pickDate(page, 'Tanggal keluar rumah sakit', day(3));
      await page.getByRole('button', { name: 'Pilih dari daftar Rumah Sakit & Klinik Rekanan' }).click();
      await page.getByLabel('Kota', { exact: true }).selectOption('Medan');
      await page.getByLabel('Jenis', { exact: true }).selectOption('hospital');
      await expect
        .poll(
          async () => (await page.locator('.provider-card p.hint').allTextContents()).every((x) => x.includes('Medan')),
          { timeout: 5000 },
        )
        .toBe(true);
      const pick = page.getByRole('button', { name: /^Pilih tempat ini: / }).first();
      const name = (await pick.getAttribute('aria-label'))!.replace('Pilih tempat ini: ', '');
      await shot(page, 'id-n4-claim-pick-provider');
      await expectNoAxeViolations(page, 'the claim wizard picking a provider');
      await pick.click();
      expect(await page.getByLabel('Rumah sakit atau klinik').inputValue()).toBe(name);
      await page.getByText(`Dipilih dari daftar rekanan: ${name}`).waitFor();
      await page.getByLabel('Diagnosa').fill('Demam berdarah dengue');
      await page.getByLabel('Jumlah yang diajukan (Rp)').fill('7500000');
      await page.getByRole('button', { name: 'Lanjut', exact: true }).click();
      await page.locator('input[type=file][data-kind=receipt]').waitFor({ state: 'attached' });
      const listed = (await app.core.handlers['claims.list']({})) as { ok: boolean; value?: { claims: any[] } };
      const claim = (await app.core.handlers['claims.get']({ claimId: listed.value!.claims[0].claimId })) as {
        value?: { event: object };
      };
      expect(claim.value!.event).toMatchObject({ providerId: expect.any(String), providerName: name });
    } finally {
      await app.close();
    }
  });

  it('speaks English on the search and the card', async () => {
    const app = await andiApp();
    const { page } = app;
    try {
      await page.locator('header.top select').selectOption('en');
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Hospitals & clinics' }).click();
      await page.getByRole('heading', { name: 'Partner hospitals & clinics', level: 1 }).waitFor();
      await page.getByLabel('Near').selectOption('Makassar');
      await page.getByText(/\d+ places found/u).waitFor();
      await expect
        .poll(() => page.locator('.provider-card').first().textContent(), { timeout: 5000 })
        .toMatch(/Makassar.*km/u);
      await shot(page, 'en-n0-network-search');
      await page.goto(`${app.preview.url}#/polis/${GROUP}/kartu`);
      await page.getByRole('heading', { name: 'Member card', level: 1 }).waitFor();
      await page.getByText('Valid until').waitFor();
      await shot(page, 'en-n3-member-card');
    } finally {
      await app.close();
    }
  });
});
