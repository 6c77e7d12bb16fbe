import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedDocumentCache } from '../../electron/main/core/document-cache';
import { KeychainKeyProtector } from '../../electron/main/core/keychain-key-protector';
import { budiSignedIn, newUserData, shot } from '../helpers/harness';
import type { LiveService } from '../helpers/live-service';

// The cache's key is protected by the keychain, which `npm test` starts (dbus-run-session + gnome-keyring).
const withKeychain = process.env.CI === 'true' || Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

describe.runIf(withKeychain)('a document opened once opens again offline, from the encrypted copy', () => {
  let run: Awaited<ReturnType<typeof budiSignedIn>>;
  let svc: LiveService;
  let page: Page;
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = path.join(newUserData(), 'documents');
    const protector = new KeychainKeyProtector(`portal-nasabah-e2e-${crypto.randomBytes(4).toString('hex')}`);
    run = await budiSignedIn({ documentCache: new EncryptedDocumentCache(cacheDir, protector) });
    ({ svc, page } = run);
  }, 60_000);
  afterAll(async () => {
    await run?.close();
  });

  it('opens online, then with the service gone opens the kept copy and says so', async () => {
    await page.getByRole('link', { name: 'Proteksi Jiwa Prima', exact: true }).click();
    await page.getByRole('link', { name: 'Buka Rincian Premi' }).click();
    const pageOf = page.getByTestId('page-of');
    await expect.poll(() => pageOf.textContent(), { timeout: 20_000 }).toBe('Halaman 1 dari 1');
    expect(await page.getByText('Dibuka dari salinan di perangkat ini.').count()).toBe(0);
    // Kept on disk, sealed: no PDF in the clear.
    const kept = (fs.readdirSync(cacheDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.bin'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(cacheDir, kept[0]!)).includes(Buffer.from('%PDF-'))).toBe(false);

    const back = page.getByRole('link', { name: 'Tutup dokumen, kembali ke polis' });
    await back.click();
    const open = page.getByRole('link', { name: 'Buka Rincian Premi' });
    await open.waitFor();
    // The network goes: the service stops listening.
    await svc.service.app.close();
    await open.click();
    await page.getByText('Dibuka dari salinan di perangkat ini.').waitFor({ timeout: 20_000 });
    await expect.poll(() => pageOf.textContent(), { timeout: 20_000 }).toBe('Halaman 1 dari 1');
    await shot(page, 'id-98-viewer-offline-copy');

    // Policy data is not kept offline: its page says there is no connection, and what to do,
    // and still offers the way up.
    await back.click();
    await page.getByText('Tidak ada koneksi ke layanan', { exact: false }).first().waitFor();
    // Every screen says it too, under the header.
    await page.getByRole('alert').filter({ hasText: 'Koneksi ke layanan terputus' }).waitFor();
    await page.getByRole('link', { name: 'Kembali ke Informasi Polis' }).click();
    await page.getByRole('heading', { name: 'Informasi Polis', level: 1 }).waitFor();
  });
});
