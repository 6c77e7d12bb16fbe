import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerNamed, register, type DemoCustomer } from '../helpers/flows';
import {
  expectNoAxeViolations,
  launchChromium,
  loginViaUi,
  pickDate,
  newUserData,
  shot,
  signInViaUi,
  startApp,
  testVault,
} from '../helpers/harness';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { demoLegacy } from '../helpers/service';

const PASSWORD = 'Sawah hijau di pagi hari';

/** Looks at a screen twice: axe finds nothing, and a screenshot is kept. */
async function screen(page: Page, name: string) {
  await expectNoAxeViolations(page, name);
  await shot(page, name);
}

async function registerViaUi(page: Page, svc: LiveService, person: DemoCustomer, lang: 'id' | 'en', prefix: string) {
  const t =
    lang === 'id'
      ? {
          register: 'Daftar',
          next: 'Daftar',
          accept: 'Saya telah membaca dan menyetujui EULA',
          agree: 'Setuju',
          send: 'Kirim kode OTP',
          code: 'Kode OTP',
          verify: 'Verifikasi',
          create: 'Buat Password',
          pw: 'Password baru',
          confirm: 'Konfirmasi Password',
          done: 'Selamat!',
        }
      : {
          register: 'Register',
          next: 'Register',
          accept: 'I have read and accept the EULA',
          agree: 'Accept',
          send: 'Send the code',
          code: 'One-time code',
          verify: 'Verify',
          create: 'Create password',
          pw: 'New password',
          confirm: 'Confirm password',
          done: 'Congratulations!',
        };
  const policy = person.policies[0]!;
  await page.getByRole('link', { name: t.register }).click();
  const typeLabel = {
    individual: lang === 'id' ? 'Individu' : 'Individual',
    group: lang === 'id' ? 'Kumpulan' : 'Group',
    sharia: lang === 'id' ? 'Syariah' : 'Sharia',
  }[policy.policyType];
  await page.getByLabel(typeLabel, { exact: true }).check();
  await screen(page, `${prefix}-01-policy-type`);
  await page.getByRole('button', { name: t.next }).click();
  await page.getByLabel(lang === 'id' ? 'Nomor Polis' : 'Policy number').fill(policy.policyNumber);
  if (policy.memberNumber)
    await page.getByLabel(lang === 'id' ? 'Nomor Peserta' : 'Member number').fill(policy.memberNumber);
  // A date that does not exist is said in words, and makes no date.
  await pickDate(page, lang === 'id' ? 'Tanggal Lahir' : 'Date of birth', '1987-02-31');
  await page
    .getByRole('alert')
    .filter({ hasText: lang === 'id' ? 'Tidak ada tanggal 31 Februari' : 'There is no 31 February' })
    .waitFor();
  await pickDate(page, lang === 'id' ? 'Tanggal Lahir' : 'Date of birth', person.dateOfBirth);
  await page.getByLabel(lang === 'id' ? 'Email' : 'E-mail', { exact: true }).fill(person.email);
  await page.getByLabel(lang === 'id' ? 'Nomor Ponsel' : 'Mobile number').fill(person.phone);
  await screen(page, `${prefix}-02-form`);
  await page.getByRole('button', { name: t.next }).click();
  await page.getByLabel(t.accept).check();
  await screen(page, `${prefix}-03-eula`);
  await page.getByRole('button', { name: t.agree }).click();
  await page.getByRole('radio').first().waitFor();
  await screen(page, `${prefix}-04-channel`);
  await page.getByRole('button', { name: t.send }).click();
  await page.getByLabel(t.code).waitFor();
  await screen(page, `${prefix}-05-otp`);
  await page.getByLabel(t.code).fill(await svc.code(person.phone));
  await page.getByRole('button', { name: t.verify }).click();
  const username = (await page.getByTestId('username').textContent())!.trim();
  await screen(page, `${prefix}-06-username`);
  await page.getByRole('button', { name: t.create }).click();
  await page.getByLabel(t.pw).fill(PASSWORD);
  await page.getByLabel(t.confirm, { exact: true }).fill(PASSWORD);
  await screen(page, `${prefix}-07-password`);
  await page.getByRole('button', { name: t.confirm }).click();
  await page.getByRole('heading', { name: t.done }).waitFor();
  await screen(page, `${prefix}-08-done`);
  return username;
}

/** Daftar → type → the form filled with the person's data → EULA accepted: at the channel step. */
async function toChannelStep(page: Page, person: DemoCustomer) {
  const policy = person.policies[0]!;
  await page.getByRole('link', { name: 'Daftar' }).click();
  await page.getByLabel({ individual: 'Individu', group: 'Kumpulan', sharia: 'Syariah' }[policy.policyType]).check();
  await page.getByRole('button', { name: 'Daftar' }).click();
  await page.getByLabel('Nomor Polis').fill(policy.policyNumber);
  if (policy.memberNumber) await page.getByLabel('Nomor Peserta').fill(policy.memberNumber);
  await pickDate(page, 'Tanggal Lahir', person.dateOfBirth);
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Nomor Ponsel').fill(person.phone);
  await page.getByRole('button', { name: 'Daftar' }).click();
  await page.getByLabel('Saya telah membaca dan menyetujui EULA').check();
  await page.getByRole('button', { name: 'Setuju' }).click();
}

describe('the app in Chromium, on the real core and the real service', () => {
  let browser: Browser;
  let svc: LiveService;
  beforeAll(async () => {
    browser = await launchChromium();
    svc = await startLiveService({ env: { FLOW_RATE_LIMIT_PER_MINUTE: '1000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  it('registers (Daftar), logs in (Masuk), shows Beranda and logs out (Keluar), in Indonesian', async () => {
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      await screen(page, 'id-00-welcome');
      const username = await registerViaUi(page, svc, customerNamed('Budi Santoso'), 'id', 'id-register');
      await page.getByRole('link', { name: 'Masuk' }).click();
      await screen(page, 'id-10-login');
      await loginViaUi(page, username);
      await page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
      await expect.poll(() => page.getByText('Halo, Budi Santoso').count()).toBe(1);
      // Budi's two policies on Beranda, and the welcome message unread in Kotak Masuk.
      await expect.poll(() => page.locator('.card').count()).toBe(2);
      await expect.poll(() => page.getByRole('link', { name: 'Selamat datang di Portal Nasabah' }).count()).toBe(1);
      await screen(page, 'id-11-beranda');
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.getByText('Anda telah keluar.').waitFor();
      await screen(page, 'id-12-signed-out');
    } finally {
      await app.close();
    }
  });

  it('keeps what was typed when the data does not match, and says what to do', async () => {
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      const siti = customerNamed('Siti Rahmawati');
      await page.getByRole('link', { name: 'Daftar' }).click();
      await page.getByLabel('Syariah').check();
      await page.getByRole('button', { name: 'Daftar' }).click();
      // Inline validation first, before anything goes to the service.
      await page.getByRole('button', { name: 'Daftar' }).click();
      await expect.poll(() => page.getByText('Wajib diisi.').count()).toBeGreaterThan(0);
      await screen(page, 'id-20-form-inline-errors');
      await page.getByLabel('Nomor Polis').fill(siti.policies[0]!.policyNumber);
      await pickDate(page, 'Tanggal Lahir', '1990-07-23');
      await page.getByLabel('Email', { exact: true }).fill(siti.email);
      await page.getByLabel('Nomor Ponsel').fill(siti.phone);
      await page.getByRole('button', { name: 'Daftar' }).click();
      await page.getByRole('alert').getByText('Data tidak sesuai').waitFor();
      await screen(page, 'id-21-data-mismatch');
      expect(await page.getByLabel('Nomor Polis').inputValue()).toBe(siti.policies[0]!.policyNumber);
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(siti.email);
    } finally {
      await app.close();
    }
  });

  it('shows a wrong code with the tries left, then accepts the right one', async () => {
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      const andi = customerNamed('Andi Pratama');
      await toChannelStep(page, andi);
      await page.getByLabel(/^Email ke/u).check();
      await page.getByRole('button', { name: 'Kirim kode OTP' }).click();
      await page.getByLabel('Kode OTP').waitFor();
      const code = await svc.code(andi.email);
      const wrong = code === '000000' ? '111111' : '000000';
      await page.getByLabel('Kode OTP').fill(wrong);
      await page.getByRole('button', { name: 'Verifikasi' }).click();
      await page.getByText('Sisa percobaan: 4.').waitFor();
      expect(await page.getByRole('button', { name: 'Kirim ulang' }).isDisabled()).toBe(true);
      await screen(page, 'id-30-wrong-code');
      await page.getByLabel('Kode OTP').fill(code);
      await page.getByRole('button', { name: 'Verifikasi' }).click();
      await page.getByRole('heading', { name: 'Username Anda' }).waitFor();
    } finally {
      await app.close();
    }
  });

  it('forgot password (Lupa Password) from the login screen', async () => {
    const rudi = customerNamed('Rudi Hartono');
    const setup = await startApp(browser, svc);
    const username = await registerViaUi(setup.page, svc, rudi, 'id', 'id-setup-rudi');
    await setup.close();
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      await page.getByRole('link', { name: 'Masuk' }).click();
      await page.getByRole('link', { name: 'Lupa Password?' }).click();
      // Masuk has a Username field too: typed only once Lupa Password is the screen.
      await page.getByRole('heading', { name: 'Lupa Password', level: 1 }).waitFor();
      await page.getByLabel('Username').fill(username);
      await screen(page, 'id-40-forgot-username');
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.getByRole('button', { name: 'Kirim kode OTP' }).click();
      await page.getByLabel('Kode OTP').fill(await svc.code(rudi.phone));
      await page.getByRole('button', { name: 'Verifikasi' }).click();
      await page.getByLabel('Password baru').fill('password123');
      await page.getByLabel('Konfirmasi Password', { exact: true }).fill('password123');
      await page.getByRole('button', { name: 'Konfirmasi Password' }).click();
      await page.getByText('Terlalu umum dan mudah ditebak.').waitFor();
      await screen(page, 'id-41-forgot-weak-password');
      await page.getByLabel('Password baru').fill('Kereta malam ke Surabaya');
      await page.getByLabel('Konfirmasi Password', { exact: true }).fill('Kereta malam ke Surabaya');
      await page.getByRole('button', { name: 'Konfirmasi Password' }).click();
      await page.getByText('Password Anda berhasil diganti.', { exact: false }).waitFor();
      await screen(page, 'id-42-forgot-done');
      // The old password no longer works; the new one does.
      expect(await app.core.handlers['session.login']({ username, password: PASSWORD, remember: false })).toMatchObject(
        {
          ok: false,
          error: { code: 'invalid_credentials' },
        },
      );
      await page.getByRole('link', { name: 'Masuk' }).click();
      await loginViaUi(page, username, 'Kereta malam ke Surabaya');
      await page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
      expect(await page.getByText('Halo, Rudi Hartono').count()).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('locks after five wrong passwords and says for how many minutes', async () => {
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      await page.getByRole('link', { name: 'Masuk' }).click();
      const failures = () =>
        svc.service.store.db
          .selectFrom('login_failures')
          .select('failures')
          .where('key', '=', 'name:tidak-terdaftar-4242')
          .executeTakeFirst()
          .then((r) => r?.failures ?? 0);
      for (let i = 1; i <= 5; i++) {
        await loginViaUi(page, 'tidak-terdaftar-4242', `salah-${i}-sekali`);
        // Each try is counted by the service before the next one.
        await expect.poll(failures, { timeout: 3000 }).toBe(i);
      }
      await page.getByText('Coba lagi dalam 15 menit').waitFor();
      // What was typed is still there.
      expect(await page.getByLabel('Username').inputValue()).toBe('tidak-terdaftar-4242');
      await screen(page, 'id-50-locked');
    } finally {
      await app.close();
    }
  });

  it('tells an imported customer the new username', async () => {
    const legacy = demoLegacy[0]!;
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      await page.getByRole('link', { name: 'Masuk' }).click();
      await loginViaUi(page, legacy.oldUsername, legacy.password!);
      const notice = page.getByText('Username Anda sekarang', { exact: false });
      await notice.waitFor();
      // The username it names is the account's new one, the one that logs in from now on.
      const { username } = await svc.service.store.db
        .selectFrom('accounts')
        .select('username')
        .where('legacy_username', '=', legacy.oldUsername)
        .executeTakeFirstOrThrow();
      expect(await notice.textContent()).toContain(username);
      await screen(page, 'id-60-username-changed');
    } finally {
      await app.close();
    }
  });

  it.runIf(process.env.CI === 'true' || process.env.DBUS_SESSION_BUS_ADDRESS)(
    'Ingat saya keeps the session across a restart; Keluar forgets it',
    async () => {
      const vault = testVault();
      const userData = newUserData();
      const setup = await startApp(browser, svc, { userData, vault });
      const username = await registerViaUi(setup.page, svc, customerNamed('Dewi Lestari'), 'id', 'id-setup-dewi');
      await setup.page.getByRole('link', { name: 'Masuk' }).click();
      await loginViaUi(setup.page, username, PASSWORD, true);
      await setup.page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
      await setup.close();

      const restarted = await startApp(browser, svc, { userData, vault });
      try {
        await restarted.page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
        await expect.poll(() => restarted.page.getByText('Halo, Dewi Lestari').count()).toBe(1);
        await screen(restarted.page, 'id-70-remembered-after-restart');
        await restarted.page.getByRole('button', { name: 'Keluar' }).click();
        await restarted.page.getByText('Anda telah keluar.').waitFor();
      } finally {
        await restarted.close();
      }
      expect(await vault.load()).toBeNull();
      const again = await startApp(browser, svc, { userData, vault });
      try {
        await again.page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
      } finally {
        await again.close();
      }
    },
  );

  it('speaks English when chosen, and remembers the choice across a restart', async () => {
    const userData = newUserData();
    const first = await startApp(browser, svc, { userData });
    await first.page.getByLabel('Bahasa').selectOption('en');
    await first.page.getByRole('heading', { name: 'Welcome to Portal Nasabah' }).waitFor();
    expect(await first.page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('en');
    await screen(first.page, 'en-00-welcome');
    await first.close();
    const app = await startApp(browser, svc, { userData });
    try {
      await app.page.getByRole('heading', { name: 'Welcome to Portal Nasabah' }).waitFor();
      await registerViaUi(app.page, svc, customerNamed('Maria Christina Simanjuntak'), 'en', 'en-register');
    } finally {
      await app.close();
    }
  });

  it('speaks of kontribusi for a sharia policy, and shows policy numbers as the insurer prints them', async () => {
    const username = await register(svc, customerNamed('Siti Rahmawati'));
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      await signInViaUi(page, username);
      // On Beranda twice: the policy, and its contribution due (a bill says kontribusi too).
      await page.getByText('SYR-2020-007788').first().waitFor();
      await page.getByText('Kontribusi berikutnya', { exact: false }).waitFor();
      // "Perlu tindakan" names the bill by its product, its policy number beside it as the insurer prints it.
      const bill = page.locator('.needs-you li', { hasText: 'Kontribusi Amanah Syariah Sejahtera' });
      await bill.waitFor();
      await bill.getByText('Polis SYR-2020-007788').waitFor();
      expect(await page.getByText('Premi', { exact: false }).count()).toBe(0);
      await page.getByRole('link', { name: 'Amanah Syariah Sejahtera', exact: true }).click();
      await page.getByRole('heading', { name: 'Dokumen Polis' }).waitFor();
      await page.getByText('Kontribusi', { exact: true }).waitFor();
      expect(await page.locator('main').getByText('Premi', { exact: false }).count()).toBe(0);
      await screen(page, 'id-b0-sharia-policy');
    } finally {
      await app.close();
    }
  });

  it('has Batal on every step of Daftar and Lupa Password, which leaves the flow behind', async () => {
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      // Nobody else in this suite registers her: each test stands on its own.
      const nur = customerNamed('Nur Aisyah');
      const welcome = page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' });
      const batal = page.getByRole('button', { name: 'Batal' });

      // Channel step.
      await toChannelStep(page, nur);
      await page.getByRole('button', { name: 'Kirim kode OTP' }).waitFor();
      await batal.click();
      await welcome.waitFor();
      // The half-done flow is gone from the core too: its next step is refused.
      expect(await app.core.handlers['registration.sendOtp']({ channel: 'sms' })).toMatchObject({
        ok: false,
        error: { code: 'flow_step_invalid' },
      });

      // Code step.
      await toChannelStep(page, nur);
      await page.getByRole('button', { name: 'Kirim kode OTP' }).click();
      await page.getByLabel('Kode OTP').waitFor();
      await batal.click();
      await welcome.waitFor();

      // Username and password steps.
      await toChannelStep(page, nur);
      await page.getByRole('button', { name: 'Kirim kode OTP' }).click();
      await page.getByLabel('Kode OTP').fill(await svc.code(nur.phone));
      await page.getByRole('button', { name: 'Verifikasi' }).click();
      await page.getByRole('heading', { name: 'Username Anda' }).waitFor();
      await screen(page, 'id-c0-username-with-batal');
      await batal.click();
      await welcome.waitFor();

      // Recovery: channel, then code.
      await page.getByRole('link', { name: 'Masuk' }).click();
      await page.getByRole('link', { name: 'Lupa Password?' }).click();
      // Masuk has a Username field too: typed only once Lupa Password is the screen.
      await page.getByRole('heading', { name: 'Lupa Password', level: 1 }).waitFor();
      await page.getByLabel('Username').fill('siapa-saja-1234');
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.getByRole('button', { name: 'Kirim kode OTP' }).waitFor();
      await batal.click();
      await page.getByRole('heading', { name: 'Masuk' }).waitFor();
      expect(await app.core.handlers['recovery.sendOtp']({ channel: 'sms' })).toMatchObject({
        ok: false,
        error: { code: 'flow_step_invalid' },
      });
    } finally {
      await app.close();
    }
  });
});

describe('resend after expiry', () => {
  it('enables "Kirim ulang" only when the code has expired, and the new code works', async () => {
    const browser = await launchChromium();
    const svc = await startLiveService({ env: { OTP_TTL_SECONDS: '10' } });
    const app = await startApp(browser, svc);
    try {
      const { page } = app;
      const nur = customerNamed('Nur Aisyah');
      await toChannelStep(page, nur);
      await page.getByRole('button', { name: 'Kirim kode OTP' }).click();
      const resend = page.getByRole('button', { name: 'Kirim ulang' });
      await resend.waitFor();
      expect(await resend.isDisabled()).toBe(true);
      const first = await svc.code(nur.phone);
      await page.getByText('Kode sudah tidak berlaku').waitFor({ timeout: 15_000 });
      expect(await resend.isEnabled()).toBe(true);
      // The one action left is the primary one; the dead code cannot be sent.
      expect(await resend.getAttribute('class')).toBeNull();
      expect(await page.getByRole('button', { name: 'Verifikasi' }).count()).toBe(0);
      await screen(page, 'id-80-code-expired');
      await resend.click();
      const second = await svc.code(nur.phone);
      expect(second).not.toBe(first);
      await page.getByLabel('Kode OTP').fill(second);
      await page.getByRole('button', { name: 'Verifikasi' }).click();
      await page.getByRole('heading', { name: 'Username Anda' }).waitFor();
    } finally {
      await app.close();
      await browser.close();
      await svc.close();
    }
  });
});
