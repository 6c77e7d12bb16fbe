import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadMachineConfig } from '../../electron/main/core/machine-config';
import { plainPdf } from '../helpers/claim-files';
import { ClaimsDriver } from '../helpers/claims';
import { customerNamed, login, register } from '../helpers/flows';
import { expectNoAxeViolations, launchChromium, loginViaUi, shot, startApp, type AppRun } from '../helpers/harness';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { openSessionsOf } from '../helpers/service';

/**
 * A branch kiosk in Chromium, on the real core and service: no "Ingat saya", the idle
 * warning, logout and wipe, "Selesai", and the next person sees the welcome screen.
 * (Idle times are shortened to seconds; the window's own wipe is the shell's, here the
 * harness clears the page's storage and reloads it as the shell does.)
 */
const HEALTH = 'IND-2021-004567';

describe('a kiosk at a branch, in Chromium', () => {
  let browser: Browser;
  let svc: LiveService;
  let app: AppRun;
  let page: Page;
  let username: string;
  beforeAll(async () => {
    browser = await launchChromium();
    svc = await startLiveService();
    username = await register(svc, customerNamed('Budi Santoso'));
    app = await startApp(browser, svc, {
      mode: 'kiosk',
      branchName: 'Jakarta Sudirman',
      idle: { warnAfterMs: 4000, countdownMs: 5000 },
    });
    page = app.page;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await svc?.close();
  });

  const signIn = async () => {
    await page.getByRole('link', { name: 'Masuk' }).click();
    expect(await page.getByText('Ingat saya', { exact: false }).count()).toBe(0);
    await loginViaUi(page, username);
    await page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
    await page.getByText('Halo, Budi Santoso').waitFor();
  };
  const openSessions = () => openSessionsOf(svc, username);

  it('warns when idle, keeps the session on a key, then logs out and wipes; the next person sees the welcome screen', async () => {
    await signIn();
    await page.getByRole('button', { name: 'Selesai' }).waitFor();
    expect(await openSessions()).toBe(1);

    // No input: the full-screen warning counts down.
    const warning = page.getByRole('alertdialog', { name: 'Masih di sini?' });
    await warning.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('kiosk-countdown').textContent()).toMatch(/berakhir dalam \d+ detik/u);
    // The time left as a bar too, and both answers offered.
    const bar = page.getByRole('progressbar', { name: 'Sisa waktu' });
    expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    await warning.getByRole('button', { name: 'Keluar sekarang' }).waitFor();
    await expectNoAxeViolations(page, 'kiosk idle warning');
    await shot(page, 'id-a0-kiosk-idle-warning');

    // A key keeps the session.
    await page.keyboard.press('Shift');
    await warning.waitFor({ state: 'hidden' });
    expect(app.wipes).toHaveLength(0);
    expect(await openSessions()).toBe(1);

    // No input again: at zero, logout and wipe.
    await warning.waitFor({ timeout: 10_000 });
    await expect.poll(() => app.wipes.length, { timeout: 15_000 }).toBe(1);
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    await app.core.sessions.settled();
    expect(await openSessions()).toBe(0);
    expect(app.core.sessions.currentUser).toBeNull();
    // Nothing of the last person: not the name, and not the menu even by its own address.
    expect(await page.getByText('Budi Santoso').count()).toBe(0);
    await page.evaluate("window.location.hash = '#/menu'");
    await expect.poll(() => page.evaluate('window.location.hash')).toBe('#/');
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    expect(await page.getByText('Halo,', { exact: false }).count()).toBe(0);
    // The welcome screen tells the next person, in the branch's name, that the last session was erased.
    await page.getByText('Sesi sebelumnya di Kiosk Jakarta Sudirman telah diakhiri pada', { exact: false }).waitFor();
    await page.getByText('minta bantuan petugas', { exact: false }).waitFor();
    await shot(page, 'id-a1-kiosk-after-wipe');
  });

  it('the wipe empties the clipboard and starts the app afresh: no route, no history to go back to', async () => {
    await signIn();
    await page.goto(`${app.preview.url}#/polis`);
    await page.getByRole('heading', { name: 'Informasi Polis', level: 1 }).waitFor();
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(username)})`);
    expect(await page.evaluate('history.length')).toBeGreaterThan(1);
    const wiped = app.wipes.length;
    await page.getByRole('button', { name: 'Selesai' }).click();
    await expect.poll(() => app.wipes.length).toBe(wiped + 1);
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('');
    expect(await page.evaluate('history.length')).toBe(1);
    expect(await page.evaluate('location.hash')).toMatch(/^(#\/?)?$/u);
  });

  it('covers the screen with "Sedang memperbarui" while an update goes in, and uncovers it if the update failed', async () => {
    app.core.announceUpdate(true);
    const cover = page.getByRole('alertdialog', { name: 'Sedang memperbarui' });
    await cover.waitFor();
    await expectNoAxeViolations(page, 'kiosk updating');
    await shot(page, 'id-a5-kiosk-updating');
    app.core.announceUpdate(false);
    await cover.waitFor({ state: 'hidden' });
  });

  it('"Keluar sekarang" on the idle warning ends the session and wipes at once', async () => {
    await signIn();
    const wiped = app.wipes.length;
    const warning = page.getByRole('alertdialog', { name: 'Masih di sini?' });
    await warning.waitFor({ timeout: 10_000 });
    await warning.getByRole('button', { name: 'Keluar sekarang' }).click();
    // The wipe reloads the window: seconds on a busy machine.
    await expect.poll(() => app.wipes.length, { timeout: 15_000 }).toBe(wiped + 1);
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    await app.core.sessions.settled();
    expect(await openSessions()).toBe(0);
  });

  it('"Selesai" ends the session and wipes at once', async () => {
    await signIn();
    const wiped = app.wipes.length;
    await page.getByRole('button', { name: 'Selesai' }).click();
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    // The wipe reloads the window: seconds on a busy machine (as for the idle logout above).
    await expect.poll(() => app.wipes.length, { timeout: 15_000 }).toBe(wiped + 1);
    await app.core.sessions.settled();
    expect(await openSessions()).toBe(0);
    expect(await page.getByRole('button', { name: 'Selesai' }).count()).toBe(0);
  });
});

describe('a refused machine configuration, in Chromium', () => {
  it('shows what is wrong for the branch to fix, and nothing else', async () => {
    const browser = await launchChromium();
    const svc = await startLiveService();
    // A branch's file with a wrong value, read as the app reads it: its problems in Indonesian.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pn-config-')), 'config.json');
    fs.writeFileSync(file, JSON.stringify({ kiosk: true, idle: { warnAfterSeconds: 1 } }));
    const read = loadMachineConfig(file);
    if (read.ok) throw new Error('the file was taken');
    const problems = [read.file, ...read.problems];
    expect(read.problems).toEqual(['idle.warnAfterSeconds: paling kecil 10']);
    const app = await startApp(browser, svc, { mode: 'kiosk', configProblems: problems });
    try {
      await app.page.getByRole('heading', { name: 'Konfigurasi aplikasi tidak valid' }).waitFor();
      for (const p of problems) await app.page.getByText(p).waitFor();
      expect(await app.page.getByRole('link', { name: 'Masuk' }).count()).toBe(0);
      await expectNoAxeViolations(app.page, 'configuration problems');
      await shot(app.page, 'id-a2-kiosk-config-refused');
    } finally {
      await app.close();
      await browser.close();
      await svc.close();
    }
  });
});

describe('uploads at a kiosk: the branch scanner, never the system’s file dialog', () => {
  let browser: Browser;
  let svc: LiveService;
  let username: string;
  beforeAll(async () => {
    browser = await launchChromium();
    svc = await startLiveService();
    username = await register(svc, customerNamed('Budi Santoso'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  /** Signs Budi in at the kiosk, and opens the documents step of a draft hospital claim. */
  const atDocumentsStep = async (app: AppRun) => {
    const page = app.page;
    await page.getByRole('link', { name: 'Masuk' }).click();
    await loginViaUi(page, username);
    await page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
    const signed = await login(svc, username);
    const claims = new ClaimsDriver(svc, signed.json().accessToken, username);
    const personId = await claims.personId(HEALTH);
    const created = await claims.call('POST', '/v1/claims', {
      policyNumber: HEALTH,
      personId,
      type: 'hospitalization',
      event: {
        date: claims.daysAgo(6),
        admissionDate: claims.daysAgo(6),
        dischargeDate: claims.daysAgo(3),
        providerName: 'RS Sehat Sentosa Jakarta',
        diagnosis: 'Demam berdarah dengue',
      },
      amountClaimed: 12_500_000,
    });
    expect(created.statusCode, created.body).toBe(201);
    const claimId: string = created.json().claimId;
    await page.goto(`${app.preview.url}#/klaim/${claimId}/ubah?langkah=4`);
    await page.getByRole('heading', { name: 'Dokumen', level: 2 }).waitFor();
    return { claimId, claims };
  };

  it('lists only this visit’s scans, uploads one, opens no file dialog, and the wipe empties the folder', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-scanner-'));
    // Left by the last visit (its wipe failed): never shown to this person.
    fs.writeFileSync(path.join(folder, 'kuitansi-pelanggan-lain.pdf'), await plainPdf('Orang lain'));
    const past = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(folder, 'kuitansi-pelanggan-lain.pdf'), past, past);
    const app = await startApp(browser, svc, { mode: 'kiosk', scannerFolder: folder });
    try {
      const page = app.page;
      const { claimId, claims } = await atDocumentsStep(app);
      let chooser = false;
      page.on('filechooser', () => void (chooser = true));
      expect(await page.locator('input[type=file]').count()).toBe(0);
      await page.getByText('Belum ada hasil pindai.').first().waitFor();
      await expectNoAxeViolations(page, 'kiosk scans, none yet');

      fs.writeFileSync(path.join(folder, 'kuitansi-rs.pdf'), await plainPdf('Kuitansi RS'));
      fs.writeFileSync(path.join(folder, 'catatan.txt'), 'bukan dokumen');
      const group = page.getByRole('group', { name: /Hasil pindai untuk Kuitansi/u });
      await group.getByRole('button', { name: 'Perbarui daftar' }).click();
      await group.getByRole('button', { name: 'Gunakan kuitansi-rs.pdf' }).waitFor();
      expect(await group.getByText('kuitansi-pelanggan-lain.pdf').count()).toBe(0);
      expect(await group.getByText('catatan.txt').count()).toBe(0);
      await shot(page, 'id-a3-kiosk-scans');
      await group.getByRole('button', { name: 'Gunakan kuitansi-rs.pdf' }).click();
      await expect
        .poll(
          async () => {
            const claim = await claims.call('GET', `/v1/claims/${claimId}`);
            return (claim.json().files ?? []).map((f: { fileName: string; kind: string }) => `${f.kind}:${f.fileName}`);
          },
          { timeout: 15_000 },
        )
        .toContain('receipt:kuitansi-rs.pdf');

      // A file dropped on the window goes nowhere.
      const dropped = await page.evaluate(`(() => {
        const data = new DataTransfer();
        data.items.add(new File(['%PDF-1.4'], 'dari-usb.pdf', { type: 'application/pdf' }));
        const event = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
        document.querySelector('.drop').dispatchEvent(event);
        return event.defaultPrevented;
      })()`);
      expect(dropped).toBe(true);
      expect(chooser).toBe(false);

      await page.getByRole('button', { name: 'Selesai' }).click();
      await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
      await expect.poll(() => fs.readdirSync(folder), { timeout: 10_000 }).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('without a scanner, the step says where documents go instead', async () => {
    const app = await startApp(browser, svc, { mode: 'kiosk' });
    try {
      await atDocumentsStep(app);
      expect(await app.page.locator('input[type=file]').count()).toBe(0);
      await app.page.getByText('serahkan dokumen di loket layanan kantor cabang').first().waitFor();
      await expectNoAxeViolations(app.page, 'kiosk without a scanner');
      await shot(app.page, 'id-a4-kiosk-no-scanner');
    } finally {
      await app.close();
    }
  });
});
