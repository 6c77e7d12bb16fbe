import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoWithGps } from '../helpers/claim-files';
import { DOCTOR_PASSWORD } from '../helpers/consult';
import { customerNamed, register } from '../helpers/flows';
import { expectNoAxeViolations, launchChromium, shot, signInViaUi, startApp, type AppRun } from '../helpers/harness';
import { startLiveService, type LiveService } from '../helpers/live-service';

const DOCTOR = {
  name: 'dr. Sari Wulandari',
  license: 'STR-3171000001',
  email: 'sari.wulandari@klinik.example',
  username: 'dr.sari',
};

/** A whole consultation with both people at their screens: the app, and the doctor console in a browser. */
describe('Telekonsultasi from both sides: the app and the doctor console', () => {
  let browser: Browser;
  let svc: LiveService;
  let app: AppRun;
  let person: Page;
  let doctor: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    svc = await startLiveService({ env: { CONSULT_HOURS: '00:00-23:59' } });
    await svc.service.doctors.add({ ...DOCTOR, password: DOCTOR_PASSWORD });
    const username = await register(svc, customerNamed('Budi Santoso'));
    app = await startApp(browser, svc);
    person = app.page;
    await signInViaUi(person, username);
    doctor = await (await browser.newContext({ viewport: { width: 1100, height: 850 } })).newPage();
    doctor.setDefaultTimeout(10_000);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await svc?.close();
  });

  it('serves the console with a strict policy and no inline script', async () => {
    const res = await fetch(`${svc.url}/doctor/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/u);
    expect((await fetch(`${svc.url}/doctor/../../package.json`)).status).not.toBe(200);
    expect((await fetch(`${svc.url}/doctor/assets/tidak-ada.js`)).status).toBe(404);
  });

  it('goes from the person’s start to the summary in Dokumen Polis, each side live', async () => {
    // The doctor signs in with password and the e-mailed code, and waits at the queue.
    await doctor.goto(`${svc.url}/doctor/`);
    await doctor.getByLabel('Username').fill(DOCTOR.username);
    await doctor.getByLabel('Password').fill(DOCTOR_PASSWORD);
    await doctor.getByRole('button', { name: 'Masuk' }).click();
    await doctor.getByLabel('Kode dari e-mail').fill(await svc.code(DOCTOR.email));
    await expectNoAxeViolations(doctor, 'the console’s code step');
    await doctor.getByRole('button', { name: 'Verifikasi' }).click();
    await doctor.getByText('Tidak ada pasien menunggu.').waitFor();

    // The person starts one in the app.
    await person.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Telekonsultasi' }).click();
    await person.getByRole('link', { name: 'Mulai konsultasi' }).click();
    await person.getByLabel('Polis').selectOption('IND-2021-004567');
    await person.getByLabel('Keluhan utama').fill('Batuk');
    await person.getByLabel('Ceritakan gejalanya').fill('Batuk kering seminggu, malam lebih parah');
    await person.getByRole('button', { name: 'Kirim ke dokter jaga' }).click();
    await person.getByText('Posisi antrean Anda: 1', { exact: false }).waitFor();

    // It appears in the doctor's queue by itself.
    const take = doctor.getByRole('button', { name: /^Ambil konsultasi TK-/u });
    await take.waitFor();
    await doctor.getByText('Batuk kering seminggu, malam lebih parah').waitFor();
    await shot(doctor, 'doctor-0-queue');
    await expectNoAxeViolations(doctor, 'the console’s queue');
    await take.click();
    await person.getByText('Sedang berlangsung').waitFor();

    // They talk.
    await person.getByLabel('Pesan', { exact: true }).fill('Selamat sore dok, batuknya tidak berdahak.');
    await person.getByRole('button', { name: 'Kirim', exact: true }).click();
    await doctor.getByText('Selamat sore dok, batuknya tidak berdahak.').waitFor();
    await doctor.getByLabel('Pesan untuk pasien').fill('Apakah ada demam atau sesak napas?');
    await doctor.getByRole('button', { name: 'Kirim', exact: true }).click();
    await person.getByText('Apakah ada demam atau sesak napas?').waitFor();
    await person.getByLabel('Pesan', { exact: true }).fill('Tidak ada, dok.');
    await person.getByRole('button', { name: 'Kirim', exact: true }).click();
    await doctor.getByText('Tidak ada, dok.').waitFor();
    // A photo goes both ways to the eye, without its location.
    await person.locator('.chat-form input[type=file]').setInputFiles({
      name: 'tenggorokan.jpg',
      mimeType: 'image/jpeg',
      buffer: await photoWithGps(),
    });
    const shown = doctor.getByRole('img', { name: 'Foto dari pasien' });
    await shown.waitFor();
    await expect
      .poll(() => shown.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 5000 })
      .toBeGreaterThan(0);
    await expect
      .poll(
        () =>
          person
            .getByRole('img', { name: 'Foto dari percakapan' })
            .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        {
          timeout: 5000,
        },
      )
      .toBeGreaterThan(0);

    // The service restarts in the middle: what the person writes meanwhile arrives once, and
    // both sides carry on (the console and the app each come back on their own).
    await svc.restart(async () => {
      await person.getByLabel('Pesan', { exact: true }).fill('Dok, koneksi saya sempat putus.');
      await person.getByRole('button', { name: 'Kirim', exact: true }).click();
      await person.getByText('Belum terkirim — akan dikirim otomatis').waitFor();
    });
    await doctor.getByText('Dok, koneksi saya sempat putus.').waitFor({ timeout: 20_000 });
    await person.getByText('Belum terkirim — akan dikirim otomatis').waitFor({ state: 'detached', timeout: 20_000 });
    await doctor.getByLabel('Pesan untuk pasien').fill('Tidak apa-apa, pesan Anda sudah masuk.');
    await doctor.getByRole('button', { name: 'Kirim', exact: true }).click();
    await person.getByText('Tidak apa-apa, pesan Anda sudah masuk.').waitFor({ timeout: 20_000 });
    expect(await doctor.getByText('Dok, koneksi saya sempat putus.').count()).toBe(1);
    expect(await person.getByText('Dok, koneksi saya sempat putus.').count()).toBe(1);
    await shot(doctor, 'doctor-1-chat');
    await shot(person, 'id-t5-consult-with-console');
    await expectNoAxeViolations(doctor, 'the console’s chat');

    // The doctor closes it with a summary; the person sees it, and its PDF is among the documents.
    await doctor.getByRole('button', { name: 'Tutup konsultasi' }).click();
    await doctor.getByLabel('Ringkasan').fill('Batuk kering pascainfeksi virus, tanpa tanda bahaya.');
    await doctor.getByLabel('Saran').fill('Minum air hangat, hindari asap rokok.');
    await doctor.getByLabel('Tindak lanjut').fill('Kontrol bila lebih dari dua minggu.');
    await doctor.getByRole('button', { name: 'Tutup dan kirim ringkasan' }).click();
    await doctor.getByText('Konsultasi ditutup. Ringkasan telah dikirim ke pasien.').waitFor();
    await shot(doctor, 'doctor-2-closed');
    await person.getByText('Ringkasan dari dokter').waitFor();
    await person.getByText('Batuk kering pascainfeksi virus, tanpa tanda bahaya.').waitFor();
    const number = (await person
      .locator('p', { hasText: /TK-\d{8}-/u })
      .first()
      .textContent())!.match(/TK-\d{8}-\w{4}/u)![0];
    await person.goto(`${app.preview.url}#/polis/IND-2021-004567`);
    await person.getByText(`Ringkasan Telekonsultasi ${number}`).waitFor();
    await shot(person, 'id-t6-summary-in-documents');
  });
});
