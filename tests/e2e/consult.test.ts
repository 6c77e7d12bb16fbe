import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorSignedIn } from '../helpers/consult';
import { customerNamed, register } from '../helpers/flows';
import { expectNoAxeViolations, launchChromium, shot, signInViaUi, startApp, type AppRun } from '../helpers/harness';
import { startLiveService, type LiveService } from '../helpers/live-service';

/**
 * Telekonsultasi in the app, in Chromium, against the real service; the doctor's side is
 * driven through the service's doctor API (the doctor console has its own test).
 */
describe('Telekonsultasi in Chromium', () => {
  let browser: Browser;
  let svc: LiveService;
  let app: AppRun;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    svc = await startLiveService({ env: { CONSULT_HOURS: '00:00-23:59' } });
    const username = await register(svc, customerNamed('Budi Santoso'));
    app = await startApp(browser, svc);
    page = app.page;
    await signInViaUi(page, username);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await svc?.close();
  });

  const bubbles = () => page.locator('.chat .bubble');

  it('waits in the queue, chats live with the doctor, keeps a message through a drop, and ends with the summary', async () => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Telekonsultasi' }).click();
    await page.getByRole('heading', { name: 'Telekonsultasi', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Mulai konsultasi' }).click();
    await page.getByLabel('Polis').selectOption('IND-2021-004567');
    await page.getByLabel('Keluhan utama').fill('Demam');
    await page.getByLabel('Ceritakan gejalanya').fill('Demam tiga hari, badan pegal');
    await shot(page, 'id-t0-consult-start');
    await page.getByRole('button', { name: 'Kirim ke dokter jaga' }).click();
    await page.getByText('Posisi antrean Anda: 1', { exact: false }).waitFor();
    await shot(page, 'id-t1-consult-waiting');
    await expectNoAxeViolations(page, 'the consultation waiting');
    const consultationId = page.url().split('/').at(-1)!;

    const dr = await doctorSignedIn(svc);
    expect((await dr.call('POST', `/v1/doctor/consultations/${consultationId}/take`)).statusCode).toBe(200);
    // Live: the screen turns to the chat by itself.
    await page.getByText('Sedang berlangsung').waitFor();
    await page.getByText('Dokter bergabung', { exact: false }).waitFor();

    const box = page.getByLabel('Pesan', { exact: true });
    await box.fill('Selamat malam dokter, anak saya demam.');
    await box.press('Enter');
    await bubbles().filter({ hasText: 'anak saya demam' }).waitFor();
    await dr.call('POST', `/v1/doctor/consultations/${consultationId}/typing`);
    await page.getByText('Dokter sedang mengetik…').waitFor();
    await dr.call('POST', `/v1/doctor/consultations/${consultationId}/messages`, {
      clientMessageId: 'dokter-0001-aaaa',
      text: 'Sudah berapa hari demamnya?',
    });
    await bubbles().filter({ hasText: 'Sudah berapa hari demamnya?' }).waitFor();
    await dr.call('POST', `/v1/doctor/consultations/${consultationId}/read`, { upToSeq: 2 });
    await page.locator('.bubble.customer').getByText('dibaca').waitFor({ state: 'attached' });

    // The service restarts in the middle: the message written meanwhile is marked unsent, and goes
    // by itself when the service is back (the same client id: once, never twice).
    await svc.restart(async () => {
      await box.fill('Tiga hari, dok.');
      await page.getByRole('button', { name: 'Kirim', exact: true }).click();
      await page.getByText('Belum terkirim — akan dikirim otomatis').waitFor();
      await shot(page, 'id-t2-consult-unsent');
    });
    await page.getByText('Belum terkirim — akan dikirim otomatis').waitFor({ state: 'detached', timeout: 20_000 });
    const seen = (await dr.call('GET', `/v1/doctor/consultations/${consultationId}/messages`)).json().messages;
    expect(seen.filter((m: { text?: string }) => m.text === 'Tiga hari, dok.')).toHaveLength(1);
    await shot(page, 'id-t3-consult-chat');
    await expectNoAxeViolations(page, 'the consultation chat');

    const closed = await dr.call('POST', `/v1/doctor/consultations/${consultationId}/close`, {
      summary: 'Demam hari ketiga, kemungkinan infeksi virus.',
      advice: 'Minum air yang banyak dan istirahat.',
      followUp: 'Periksa ke dokter bila demam lebih dari 5 hari.',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await page.getByText('Ringkasan dari dokter').waitFor();
    await page.getByText('Minum air yang banyak dan istirahat.').waitFor();
    expect(await page.getByLabel('Pesan', { exact: true }).count()).toBe(0);
    await shot(page, 'id-t4-consult-closed');
    await expectNoAxeViolations(page, 'the consultation closed');
    await page.getByRole('link', { name: 'Buka Ringkasan Telekonsultasi (PDF)' }).click();
    await page.locator('canvas').first().waitFor();
  });
});
