import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerNamed, register } from '../helpers/flows';
import { expectNoAxeViolations, launchChromium, loginViaUi, shot, startApp, type AppRun } from '../helpers/harness';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { openSessionsOf } from '../helpers/service';

/**
 * A branch kiosk in Chromium, on the real core and service: no "Ingat saya", the idle
 * warning, logout and wipe, "Selesai", and the next person sees the welcome screen.
 * (Idle times are shortened to seconds; the window's own wipe is the shell's, here the
 * harness clears the page's storage and reloads it as the shell does.)
 */
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
    app = await startApp(browser, svc, { mode: 'kiosk', idle: { warnAfterMs: 4000, countdownMs: 5000 } });
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
    await shot(page, 'id-a1-kiosk-after-wipe');
  });

  it('"Selesai" ends the session and wipes at once', async () => {
    await signIn();
    await page.getByRole('button', { name: 'Selesai' }).click();
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    expect(app.wipes).toHaveLength(2);
    await app.core.sessions.settled();
    expect(await openSessions()).toBe(0);
    expect(await page.getByRole('button', { name: 'Selesai' }).count()).toBe(0);
  });
});

describe('a refused machine configuration, in Chromium', () => {
  it('shows what is wrong for the branch to fix, and nothing else', async () => {
    const browser = await launchChromium();
    const svc = await startLiveService();
    const file = '/etc/portal-nasabah/config.json';
    const problems = [file, 'idle.warnAfterSeconds: Too small: expected number to be >=10'];
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
