import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimsDriver } from '../helpers/claims';
import { plainPdf } from '../helpers/claim-files';
import { backOffice, customerNamed, login, register } from '../helpers/flows';
import { expectNoAxeViolations, launchChromium, shot, signInViaUi, startApp, type AppRun } from '../helpers/harness';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { readZip } from '../helpers/zip';

const HEALTH = 'IND-2021-004567';
const TEXT = 'Klaim rawat inap saya sudah lebih dari dua minggu belum ada kabar dari petugas.';

/** Pengaduan and Data Saya in Chromium, on the real preload API, core and service (complaints-privacy.md, App). */
describe('Pengaduan and Data Saya in Chromium', () => {
  let browser: Browser;
  let svc: LiveService;
  let budi: ClaimsDriver;
  let claimNumber: string;
  let saveDir: string;
  beforeAll(async () => {
    browser = await launchChromium();
    svc = await startLiveService();
    saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-data-saya-'));
    const username = await register(svc, customerNamed('Budi Santoso'));
    const token = (await login(svc, username)).json().accessToken as string;
    budi = new ClaimsDriver(svc, token, username);
    const claimId = await budi.readyHospitalClaim(HEALTH);
    claimNumber = (await budi.call('POST', `/v1/claims/${claimId}/submit`)).json().claimNumber;
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    fs.rmSync(saveDir, { recursive: true, force: true });
  });

  const move = async (complaintId: string, body: object) => {
    const res = await fetch(`${svc.url}/v1/admin/complaints/${complaintId}/transitions`, {
      method: 'POST',
      headers: {
        ...backOffice(svc.service.devAdminKey!, 'Tindak lanjut pengaduan'),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name }).click();

  it('files a complaint from a claim’s page, follows it live to the answer, and shows LAPS SJK and OJK when not satisfied', async () => {
    const app: AppRun = await startApp(browser, svc, { saveDir });
    const { page } = app;
    try {
      await signInViaUi(page, budi.username);
      await nav(page, 'Klaim');
      await page
        .getByRole('link', { name: new RegExp(claimNumber, 'u') })
        .first()
        .click();
      await page.getByRole('link', { name: 'Ajukan pengaduan tentang ini' }).click();
      await page.getByRole('heading', { name: 'Ajukan pengaduan', level: 1 }).waitFor();
      // Came from the claim: its category and the claim itself are chosen already.
      expect(await page.getByLabel('Kategori').inputValue()).toBe('claim');
      await expect
        .poll(async () => page.getByLabel('Tentang (tidak wajib)').locator('option:checked').textContent())
        .toBe(`Klaim ${claimNumber}`);
      // Too short: said at the form, nothing typed lost.
      await page.getByLabel('Isi pengaduan').fill('Belum dibayar');
      // Left, the field says what is wrong with it.
      await page.getByLabel('Isi pengaduan').blur();
      await page.getByText('Paling sedikit 20.').waitFor();
      await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
      await page.getByRole('alert').filter({ hasText: 'Periksa isian yang ditandai' }).waitFor();
      expect(await page.getByLabel('Isi pengaduan').inputValue()).toBe('Belum dibayar');
      await shot(page, 'id-p0-complaint-form');
      await expectNoAxeViolations(page, 'the complaint form');
      await page.getByLabel('Isi pengaduan').fill(TEXT);
      await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
      const filed = page.getByRole('status').filter({ hasText: /Pengaduan ADU-\d{4}-\d{6} telah kami terima/u });
      await filed.waitFor();
      const number = /ADU-\d{4}-\d{6}/u.exec((await filed.textContent())!)![0];
      const complaintId = page.url().split('/').at(-1)!;
      await page.getByText(/sisa 20 hari kerja/u).waitFor();
      // A supporting file, while it is received.
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'bukti.pdf', mimeType: 'application/pdf', buffer: await plainPdf('Bukti') });
      await page
        .locator('ul.files')
        .getByText(/bukti\.pdf/u)
        .waitFor();
      // The receipt, in the app's reader.
      await page.getByRole('link', { name: 'Lihat tanda terima' }).click({ timeout: 20_000 });
      await page.getByRole('heading', { name: `Tanda terima pengaduan ${number}`, level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Kembali ke pengaduan' }).click();
      await shot(page, 'id-p1-complaint-received');
      await expectNoAxeViolations(page, 'the complaint received');

      // The insurer answers; the page follows by itself.
      await move(complaintId, { to: 'in_progress' });
      await page.getByText('Sedang ditangani', { exact: true }).first().waitFor();
      await move(complaintId, {
        to: 'answered',
        answer: 'Klaim Anda telah diputuskan dan dibayar hari ini.',
        outcome: 'upheld',
      });
      await page.getByText('Klaim Anda telah diputuskan dan dibayar hari ini.').waitFor();
      await page.getByRole('button', { name: 'Tidak puas' }).click();
      await page.getByRole('button', { name: 'Kirim tanggapan' }).click();
      await page.getByText('Tuliskan apa yang belum sesuai.').first().waitFor();
      await page.getByLabel('Apa yang belum sesuai?').fill('Jumlah yang dibayar kurang dari tagihan rumah sakit.');
      await page.getByRole('button', { name: 'Kirim tanggapan' }).click();
      await page.getByRole('heading', { name: 'Penyelesaian di luar perusahaan' }).waitFor();
      await page.getByText('Diteruskan', { exact: true }).first().waitFor();
      await shot(page, 'id-p2-complaint-escalated');
      await expectNoAxeViolations(page, 'the complaint escalated');
      await page.getByRole('button', { name: 'Buka lapssjk.id' }).click();
      await expect.poll(() => app.opened).toEqual(['https://lapssjk.id']);

      await nav(page, 'Pengaduan');
      await page.getByRole('link', { name: new RegExp(number, 'u') }).waitFor();
      await shot(page, 'id-p3-complaints-list');
      await expectNoAxeViolations(page, 'the complaints list');
    } finally {
      await app.close();
    }
  });

  it('Data Saya: switches a consent, shows who looked and why, saves a copy of the data, and closes the account', async () => {
    // Budi once agreed to an earlier text of the SMS offers: he is asked again when he signs in.
    const account = await svc.service.store.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', budi.username)
      .executeTakeFirstOrThrow();
    await svc.service.store.db
      .insertInto('consents')
      .values({
        id: 'earlier-text-consent-0001',
        account_id: account.id,
        purpose: 'marketing_sms',
        version: 0,
        granted: 1,
        created_at: svc.clock.now() - 86_400_000,
      })
      .execute();
    const app: AppRun = await startApp(browser, svc, { saveDir });
    const { page } = app;
    try {
      await signInViaUi(page, budi.username);
      await page.getByText('Ada 1 persetujuan yang teksnya telah berubah', { exact: false }).waitFor();
      await page.getByRole('link', { name: 'Tinjau persetujuan' }).click();
      await page.getByRole('heading', { name: 'Data Saya', level: 1 }).waitFor();
      const sms = page.getByRole('switch', { name: 'Penawaran lewat SMS' });
      // An answer to an earlier text is no answer to this one: not in force, and said so.
      expect(await sms.isChecked()).toBe(false);
      await page.getByText(/Teksnya telah berubah/u).waitFor();
      await sms.click();
      await expect.poll(() => sms.isChecked()).toBe(true);
      await expect.poll(() => page.getByText(/Teksnya telah berubah/u).count()).toBe(0);
      const email = page.getByRole('switch', { name: 'Penawaran lewat email' });
      expect(await email.isChecked()).toBe(false);
      await email.click();
      await expect.poll(() => email.isChecked()).toBe(true);
      await page
        .getByText(/^Diberikan /u)
        .first()
        .waitFor();
      // The back office's moves of the complaint, each with the reason it gave.
      const log = page.getByRole('table', { name: 'Siapa yang melihat data saya' });
      await log
        .getByText(/Memproses pengaduan ADU-/u)
        .first()
        .waitFor();
      await log.getByText('Tindak lanjut pengaduan').first().waitFor();
      await shot(page, 'id-d0-data-saya');
      await expectNoAxeViolations(page, 'Data Saya');

      // A copy: the password first, then a job, then the download with its progress.
      await page.getByRole('button', { name: 'Minta salinan data' }).click();
      await page.getByLabel('Password Anda (untuk perubahan ini)').first().fill('Sawah hijau di pagi hari');
      await page.getByRole('button', { name: 'Minta salinan data' }).click();
      await page.getByText(/Salinan siap \(/u).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Unduh salinan' }).click();
      await page.getByText(/Salinan tersimpan di /u).waitFor();
      const saved = path.join(saveDir, app.saveDialogs.at(-1)!);
      const zip = await readZip(fs.readFileSync(saved));
      expect(JSON.parse(zip.get('claims.json')!.toString())[0].claimNumber).toBe(claimNumber);
      expect(zip.has('ringkasan-data-saya.pdf')).toBe(true);

      // Closing: what goes and what stays said first, understood, the password, then the end.
      await page.getByText('Konsultasi sebagai rekam medis (25 tahun)').waitFor();
      const close = page.getByRole('button', { name: 'Tutup akun saya' });
      expect(await close.isDisabled()).toBe(true);
      await page.getByLabel('Saya mengerti apa yang dihapus dan yang tetap disimpan').check();
      await shot(page, 'id-d1-close-account');
      await close.click();
      // The step-up of the copy is still fresh: the account closes at once.
      await page
        .getByText('Akun Anda telah ditutup. Pesan terakhir kami kirim ke nomor ponsel dan email Anda.')
        .waitFor();
      await expectNoAxeViolations(page, 'closed');
    } finally {
      await app.close();
    }
  });

  it('on a kiosk, in English: a complaint can be filed, but no copy is made and no account closed', async () => {
    const username = await register(svc, customerNamed('Siti Rahmawati'));
    const app: AppRun = await startApp(browser, svc, { mode: 'kiosk' });
    const { page } = app;
    try {
      await page.locator('header.top select').selectOption('en');
      await page.getByRole('link', { name: 'Log in' }).click();
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password', { exact: true }).fill('Sawah hijau di pagi hari');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Complaints' }).click();
      await page.getByRole('link', { name: 'File a complaint' }).click();
      await page.getByLabel('Category').selectOption('service');
      await page.getByLabel('Your complaint').fill('The branch queue number machine was broken all morning.');
      await page.getByRole('button', { name: 'Send complaint' }).click();
      await page.getByText(/We have received complaint ADU-/u).waitFor();
      await shot(page, 'en-p4-kiosk-complaint');
      await expectNoAxeViolations(page, 'a complaint on a kiosk');
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My account' }).click();
      await page.getByRole('link', { name: 'Open My data' }).click();
      await page.getByRole('heading', { name: 'Consents' }).waitFor();
      await page
        .getByText('A copy of your data and closing your account are not offered on a shared device.', { exact: false })
        .waitFor();
      expect(await page.getByRole('button', { name: 'Ask for a copy' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Close my account' }).count()).toBe(0);
      await shot(page, 'en-d2-kiosk-my-data');
      await expectNoAxeViolations(page, 'My data on a kiosk');
    } finally {
      await app.close();
    }
  });
});
