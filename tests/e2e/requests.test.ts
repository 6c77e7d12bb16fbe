import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backOffice, customerNamed, GOOD_PASSWORD, register } from '../helpers/flows';
import {
  budiSignedIn,
  expectNoAxeViolations,
  pickDate,
  shot,
  signInViaUi,
  startApp,
  type AppRun,
} from '../helpers/harness';
import type { LiveService } from '../helpers/live-service';

const LIFE = 'IND-2019-000123';

describe('Transaksi Polis in Chromium', () => {
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

  const move = (id: string, to: string) =>
    fetch(`${svc.url}/v1/admin/requests/${id}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...backOffice(svc.service.devAdminKey!) },
      body: JSON.stringify({ to }),
    });

  it('changes the address: the form, the review, the request followed live to Selesai, the policy’s history (id)', async () => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Transaksi Polis' }).click();
    await page.getByRole('link', { name: 'Ajukan perubahan' }).click();
    await page.getByLabel('Polis', { exact: true }).selectOption(LIFE);
    // Others greyed with why.
    await page.getByText('Hanya untuk polis unit link.').first().waitFor();
    await shot(page, 'id-r0-request-types');
    await expectNoAxeViolations(page, 'the request types');
    await page.getByRole('button', { name: 'Perubahan alamat' }).click();
    await page.getByLabel('Alamat', { exact: true }).fill('Jl. Melati No. 12');
    await page.getByLabel('Provinsi').selectOption('Jawa Barat');
    await page.getByLabel('Kota/Kabupaten').fill('Bandung');
    // No error before anything is wrong: the postal code's rule shows when the field is left.
    expect(await page.getByText('Kode pos harus 5 angka.').count()).toBe(0);
    await page.getByLabel('Kode pos').fill('4011');
    await page.getByLabel('Kode pos').blur();
    const postal = page.locator('.field', { has: page.getByLabel('Kode pos') });
    await postal.getByText('Kode pos harus 5 angka.').waitFor();
    expect(await page.getByLabel('Kode pos').getAttribute('aria-invalid')).toBe('true');
    // Going on is stopped at the form, with the contract's rule in words; nothing typed is lost.
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('alert').filter({ hasText: 'Periksa isian yang ditandai' }).waitFor();
    expect(await page.getByLabel('Alamat', { exact: true }).inputValue()).toBe('Jl. Melati No. 12');
    await page.getByLabel('Kode pos').fill('40115');
    // The corrected value stands alone: the error goes as the value becomes right.
    await expect.poll(() => page.getByText('Kode pos harus 5 angka.').count()).toBe(0);
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByText('Jl. Melati No. 12, Bandung, Jawa Barat 40115').waitFor();
    await shot(page, 'id-r1-address-review');
    await page.getByRole('button', { name: 'Kirim pengajuan' }).click();
    await page.getByRole('heading', { name: 'Perubahan alamat', level: 1 }).waitFor();
    const requestId = page.url().split('/').at(-1)!;
    expect((await move(requestId, 'in_process')).status).toBe(200);
    await page.getByText('Sedang diproses', { exact: true }).first().waitFor();
    expect((await move(requestId, 'done')).status).toBe(200);
    await page.locator('.status-badge', { hasText: 'Selesai' }).waitFor();
    await shot(page, 'id-r2-address-done');
    await page.goto(`${app.preview.url}#/polis/${LIFE}`);
    await page.getByText('Alamat korespondensi diubah: Jl. Melati No. 12, Bandung 40115', { exact: false }).waitFor();
  });

  it('changes the beneficiaries with a live total and the password asked for again (en)', async () => {
    await page.goto(`${app.preview.url}#/beranda`);
    await page.locator('header.top select').selectOption('en');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Policy transactions' }).click();
    await page.getByRole('link', { name: 'Ask for a change' }).click();
    await page.getByLabel('Policy', { exact: true }).selectOption(LIFE);
    await page.getByRole('button', { name: 'Change of beneficiaries' }).click();
    await page.getByLabel('Full name 1').fill('Ratna Santoso');
    await page.getByLabel('Relationship 1').selectOption('Istri');
    await pickDate(page, 'Date of birth 1', '1987-05-01');
    await page.getByLabel('Share (%) 1').fill('60');
    await page.getByRole('button', { name: 'Add a beneficiary' }).click();
    await page.getByLabel('Full name 2').fill('Dimas Santoso');
    await page.getByLabel('Relationship 2').selectOption('Anak');
    await pickDate(page, 'Date of birth 2', '2012-09-09');
    await page.getByLabel('Share (%) 2').fill('39');
    await page.getByText('Total share: 99% (must be 100%)').waitFor();
    await page.getByLabel('Share (%) 2').fill('40');
    await page.getByText('Total share: 100% (must be 100%)').waitFor();
    await shot(page, 'en-r3-beneficiaries');
    await expectNoAxeViolations(page, 'the beneficiaries table');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByLabel('Your password (for this change)').fill(GOOD_PASSWORD);
    await shot(page, 'en-r4-step-up');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByRole('heading', { name: 'Change of beneficiaries', level: 1 }).waitFor();
    await page.locator('.status-badge', { hasText: 'Submitted' }).waitFor();
    await shot(page, 'en-r5-beneficiaries-submitted');

    // The address too, in English.
    await page.getByRole('link', { name: 'Back to Policy transactions' }).click();
    await page.getByRole('link', { name: 'Ask for a change' }).click();
    await page.getByLabel('Policy', { exact: true }).selectOption(LIFE);
    await page.getByRole('button', { name: 'Change of address' }).click();
    await page.getByLabel('Address', { exact: true }).fill('Jl. Kenanga No. 3');
    await page.getByLabel('Province').selectOption('Bali');
    await page.getByLabel('City/Regency').fill('Denpasar');
    await page.getByLabel('Postal code').fill('80113');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Jl. Kenanga No. 3, Denpasar, Bali 80113').waitFor();
    await shot(page, 'en-r1-address-review');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByRole('heading', { name: 'Change of address', level: 1 }).waitFor();
    const id = page.url().split('/').at(-1)!;
    await move(id, 'in_process');
    await move(id, 'done');
    await page.locator('.status-badge', { hasText: 'Done' }).waitFor();
    await shot(page, 'en-r2-address-done');
  });

  it('switches funds: current units and values, a live check of the percents, the password, done at the cut-off price', async () => {
    const username = await register(svc, customerNamed('Rudi Hartono'));
    const rudi = await startApp(run.browser, svc);
    const p = rudi.page;
    try {
      await signInViaUi(p, username);
      await p.goto(`${rudi.preview.url}#/transaksi/baru?polis=IND-2015-000888`);
      await p.getByRole('button', { name: 'Pengalihan dana', exact: true }).click();
      await p
        .getByRole('row', { name: /Dana Saham Indonesia/u })
        .getByText(/^15\.234,5678$|^15234\.5678$/u)
        .waitFor();
      await p.getByLabel('Dialihkan dari Dana Saham Indonesia (%)').fill('50');
      await p.getByLabel('Ke Dana Pasar Uang (%)').fill('60');
      await p.getByText('Total alokasi: 60% (harus 100%)').waitFor();
      await p.getByLabel('Ke Dana Campuran (%)').fill('40');
      await p.getByText('Total alokasi: 100% (harus 100%)').waitFor();
      await shot(p, 'id-r6-fund-switch');
      await expectNoAxeViolations(p, 'the fund switch');
      await p.getByRole('button', { name: 'Lanjut' }).click();
      await p.getByRole('button', { name: 'Kirim pengajuan' }).click();
      await p.getByLabel('Password Anda (untuk perubahan ini)').fill(GOOD_PASSWORD);
      await p.getByRole('button', { name: 'Kirim pengajuan' }).click();
      await p.getByRole('heading', { name: 'Pengalihan dana', exact: true, level: 1 }).waitFor();
      const requestId = p.url().split('/').at(-1)!;
      await move(requestId, 'in_process');
      expect((await move(requestId, 'done')).status).toBe(200);
      await p.locator('.status-badge', { hasText: 'Selesai' }).waitFor();
      await p.goto(`${rudi.preview.url}#/polis/IND-2015-000888`);
      await p.getByText('Dana Pasar Uang', { exact: false }).first().waitFor();
      await p.getByText('Pengalihan dana pada harga', { exact: false }).waitFor();
      await shot(p, 'id-r7-fund-switch-done');

      // Beneficiaries in Indonesian.
      await p.goto(`${rudi.preview.url}#/transaksi/baru?polis=IND-2015-000888`);
      await p.getByRole('button', { name: 'Perubahan penerima manfaat' }).click();
      await p.getByLabel('Nama lengkap 1').fill('Sari Hartono');
      await p.getByLabel('Hubungan 1').selectOption('Istri');
      await pickDate(p, 'Tanggal lahir 1', '1980-02-02');
      await p.getByLabel('Bagian (%) 1').fill('100');
      await p.getByText('Total bagian: 100% (harus 100%)').waitFor();
      await shot(p, 'id-r3-beneficiaries');
      await p.getByRole('button', { name: 'Lanjut' }).click();
      // A recent step-up (the switch above) still holds: no password asked.
      await p.getByRole('button', { name: 'Kirim pengajuan' }).click();
      await p.getByRole('heading', { name: 'Perubahan penerima manfaat', level: 1 }).waitFor();
      await shot(p, 'id-r5-beneficiaries-submitted');

      // The fund switch in English.
      await p.locator('header.top select').selectOption('en');
      await p.goto(`${rudi.preview.url}#/transaksi/baru?polis=IND-2015-000888`);
      await p.getByRole('button', { name: 'Fund switch' }).click();
      await p.getByLabel('Switch from Dana Pendapatan Tetap (%)').fill('100');
      await p.getByLabel('To Dana Saham Indonesia (%)').fill('100');
      await p.getByText('Total allocation: 100% (must be 100%)').waitFor();
      await shot(p, 'en-r6-fund-switch');
      await p.getByRole('button', { name: 'Next' }).click();
      await p.getByRole('button', { name: 'Send the request' }).click();
      await p.getByRole('heading', { name: 'Fund switch', level: 1 }).waitFor();
      const second = p.url().split('/').at(-1)!;
      await move(second, 'in_process');
      await move(second, 'done');
      await p.locator('.status-badge', { hasText: 'Done' }).waitFor();
      await shot(p, 'en-r7-fund-switch-done');
    } finally {
      await rudi.close();
    }
  });
});
