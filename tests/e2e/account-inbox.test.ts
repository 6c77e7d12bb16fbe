import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from '../helpers/flows';
import { deliverMessage } from '../helpers/inbox';
import { budiSignedIn, expectNoAxeViolations, shot, type AppRun } from '../helpers/harness';
import type { LiveService } from '../helpers/live-service';

const NEW_PASSWORD = 'Hujan turun di Bogor sore ini';

describe('the frame, Beranda, Kotak Masuk and Akun Saya, in Chromium', () => {
  let run: Awaited<ReturnType<typeof budiSignedIn>>;
  let svc: LiveService;
  let app: AppRun;
  let page: Page;
  beforeAll(async () => {
    run = await budiSignedIn();
    ({ svc, app, page } = run);
  }, 60_000);
  afterAll(async () => {
    await run?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Menu' });
  /** The language switch in the header (Akun Saya has one too). */
  const language = () => page.locator('header.top select');
  const badge = () =>
    nav()
      .getByRole('link', { name: /Kotak Masuk/u })
      .locator('.badge');
  async function deliver(): Promise<string> {
    const account = await svc.service.store.db
      .selectFrom('accounts')
      .innerJoin('customers', 'customers.id', 'accounts.customer_id')
      .select('accounts.id')
      .where('customers.full_name', '=', 'Budi Santoso')
      .executeTakeFirstOrThrow();
    return deliverMessage(svc.service, account.id, svc.clock.now());
  }

  it('frames every signed-in screen: each area from the side navigation, and a way back from each', async () => {
    await page.goto(`${app.preview.url}#/beranda`);
    await page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
    await expect.poll(() => nav().getByText('Budi Santoso').count()).toBe(1);
    for (const [link, heading, back] of [
      ['Informasi Polis', 'Informasi Polis', 'Kembali ke Beranda'],
      ['Kotak Masuk', 'Kotak Masuk', 'Kembali ke Beranda'],
      ['Akun Saya', 'Akun Saya', 'Kembali ke Beranda'],
    ] as const) {
      await nav()
        .getByRole('link', { name: new RegExp(`^${link}`, 'u') })
        .click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      expect(
        await nav()
          .getByRole('link', { name: new RegExp(`^${link}`, 'u') })
          .getAttribute('aria-current'),
      ).toBe('page');
      await page.getByRole('link', { name: back }).click();
      await page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
    }
    // A policy, and back up to the list; Alt+Left goes back as a browser would.
    await nav().getByRole('link', { name: 'Informasi Polis' }).click();
    await page.getByRole('link', { name: 'Proteksi Jiwa Prima', exact: true }).click();
    await page.getByRole('heading', { name: 'Dokumen Polis' }).waitFor();
    await page.getByRole('link', { name: 'Kembali ke Informasi Polis' }).click();
    await page.getByRole('heading', { name: 'Informasi Polis', level: 1 }).waitFor();
    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByRole('heading', { name: 'Dokumen Polis' }).waitFor();
    await expectNoAxeViolations(page, 'policy in the frame');
  });

  it('shows Beranda right at 1024×700, 1280×800 and 1920×1080, in both languages, axe-clean', async () => {
    for (const lang of ['id', 'en'] as const) {
      await page.goto(`${app.preview.url}#/beranda`);
      await language().selectOption(lang);
      const title = lang === 'id' ? 'Beranda' : 'Home';
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      for (const [width, height] of [
        [1024, 700],
        [1280, 800],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        // Nothing wider than the window: no sideways scrolling.
        expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
        await shot(page, `${lang}-80-beranda-${width}x${height}`);
      }
      await expectNoAxeViolations(page, `Beranda (${lang})`);
    }
    await page.setViewportSize({ width: 1100, height: 850 });
    await language().selectOption('id');
    await page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
  });

  it('Kotak Masuk: a message arrives while it is open, the count follows, opening it marks it read', async () => {
    await nav()
      .getByRole('link', { name: /^Kotak Masuk/u })
      .click();
    await page.getByRole('heading', { name: 'Kotak Masuk', level: 1 }).waitFor();
    await page.getByRole('link', { name: /Selamat datang di Portal Nasabah/u }).waitFor();
    const before = Number((await badge().textContent())?.match(/\d+/u)?.[0] ?? 0);
    const id = await deliver();
    const arrived = page.locator('.messages li').first();
    await expect.poll(() => arrived.textContent()).toMatch(/Password Anda telah diganti/u);
    await expect.poll(async () => Number((await badge().textContent())?.match(/\d+/u)?.[0] ?? 0)).toBe(before + 1);
    await expectNoAxeViolations(page, 'Kotak Masuk');
    await shot(page, 'id-81-kotak-masuk-live');

    await arrived.getByRole('link').click();
    await page.getByRole('heading', { name: 'Password Anda telah diganti', level: 1 }).waitFor();
    expect(page.url()).toContain(`/kotak-masuk/${id}`);
    await expect.poll(async () => Number((await badge().textContent())?.match(/\d+/u)?.[0] ?? 0)).toBe(before);
    await shot(page, 'id-82-pesan');
    await page.getByRole('link', { name: 'Kembali ke Kotak Masuk' }).click();
    await page.getByRole('button', { name: 'Tandai semua sudah dibaca' }).click();
    await expect.poll(() => badge().count()).toBe(0);
  });

  it('Akun Saya: notifications, a password change that keeps what was typed on an error, devices, sign-ins', async () => {
    await nav().getByRole('link', { name: 'Akun Saya' }).click();
    await page.getByRole('heading', { name: 'Akun Saya', level: 1 }).waitFor();
    // Contacts masked, as the service gives them.
    await expect.poll(() => page.getByText(/\*\*\*/u).count()).toBeGreaterThan(0);
    await page.getByLabel('SMS').uncheck();
    await page.getByText('Pilihan Anda tersimpan.').waitFor();
    expect(await page.getByLabel('SMS').isChecked()).toBe(false);

    await page.getByLabel('Password saat ini').fill('bukan password');
    await page.getByLabel('Password baru', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Konfirmasi password baru').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Ganti Password' }).click();
    // Only a password was asked: no word of a username.
    await page.getByRole('alert').getByText('Password yang Anda masukkan salah', { exact: false }).waitFor();
    expect(await page.getByRole('alert').getByText('Username', { exact: false }).count()).toBe(0);
    expect(await page.getByLabel('Password baru', { exact: true }).inputValue()).toBe(NEW_PASSWORD);
    await shot(page, 'id-83-akun-password-salah');
    await page.getByLabel('Password saat ini').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Ganti Password' }).click();
    await page.getByText('Password Anda telah diganti.').waitFor();

    // A new e-mail address: the password first (step-up), then the code sent to the new address.
    const NEW_EMAIL = 'budi.santoso.baru@example.org';
    await page.getByLabel('Alamat email baru').fill(NEW_EMAIL);
    await page.getByRole('button', { name: 'Kirim kode OTP' }).click();
    await page.getByRole('alert').getByText('masukkan password Anda sekali lagi', { exact: false }).waitFor();
    expect(await page.getByLabel('Alamat email baru').inputValue()).toBe(NEW_EMAIL);
    await page.getByLabel('Password Anda (untuk perubahan ini)').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Kirim kode OTP' }).click();
    await page.getByText('b***u@example.org', { exact: false }).waitFor();
    await page.getByLabel('Kode OTP').fill(await svc.code(NEW_EMAIL));
    await page.getByRole('button', { name: 'Verifikasi' }).click();
    await page.getByText('Kontak Anda telah diubah.', { exact: false }).waitFor();
    await expect.poll(() => page.getByText('b***u@example.org').count()).toBeGreaterThan(0);

    // Another device of Budi's: its session ends from here.
    const username = (await page.locator('.facts dd').nth(1).textContent())!;
    const other = await fetch(`${svc.url}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: NEW_PASSWORD, device: { kind: 'personal', name: 'Ponsel Budi' } }),
    });
    const otherToken = ((await other.json()) as { accessToken: string }).accessToken;
    await nav().getByRole('link', { name: 'Beranda' }).click();
    await nav().getByRole('link', { name: 'Akun Saya' }).click();
    await page.getByRole('button', { name: 'Akhiri sesi Ponsel Budi' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Akhiri sesi Ponsel Budi' }).count()).toBe(0);
    expect((await fetch(`${svc.url}/v1/me`, { headers: { authorization: `Bearer ${otherToken}` } })).status).toBe(401);

    await page.getByText('Perangkat ini').waitFor();
    await expect.poll(() => page.locator('table.table tbody tr').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'Akun Saya');
    await shot(page, 'id-84-akun-saya');
    // Akun Saya's own language choice does the same as the header's.
    await page.getByRole('combobox', { name: 'Bahasa', exact: true }).last().selectOption('en');
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    await shot(page, 'en-84-my-account');
    await expectNoAxeViolations(page, 'My account');
    await language().selectOption('id');
  });

  it('speaks English on every signed-in screen, axe-clean', async () => {
    await page.goto(`${app.preview.url}#/beranda`);
    await language().selectOption('en');
    for (const [route, heading, name] of [
      ['beranda', 'Home', 'en-80-home'],
      ['polis', 'Policy information', 'en-85-policies'],
      ['kotak-masuk', 'Inbox', 'en-81-inbox'],
      ['akun', 'My account', 'en-84-my-account-full'],
    ] as const) {
      await page.goto(`${app.preview.url}#/${route}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      expect(await nav().getByRole('link', { name: 'Home' }).count()).toBe(1);
      await expectNoAxeViolations(page, `${heading} (en)`);
      for (const [width, height] of [
        [1024, 700],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        expect(
          await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
          `${route} ${width}`,
        ).toBe(true);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await shot(page, name);
    }
    await page.setViewportSize({ width: 1100, height: 850 });
    await language().selectOption('id');
    await page.getByRole('heading', { name: 'Akun Saya', level: 1 }).waitFor();
  });
});
