import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAutodebit } from '../../server/domain/payments/autodebit/start';
import { GOOD_PASSWORD } from '../helpers/flows';
import { budiSignedIn, expectNoAxeViolations, shot, type AppRun } from '../helpers/harness';
import type { LiveService } from '../helpers/live-service';

describe('Pembayaran in Chromium: a VA bill paid at the gateway turns to Lunas by itself', () => {
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

  for (const lang of ['id', 'en'] as const) {
    it(`pays the next premium by BCA virtual account (${lang})`, async () => {
      const w =
        lang === 'id'
          ? {
              nav: 'Pembayaran',
              pay: /^Bayar Premi/u,
              method: 'Virtual Account BCA',
              go: 'Lanjut',
              paid: 'Lunas',
              receipt: 'Buka Kuitansi',
            }
          : {
              nav: 'Payments',
              pay: /^Pay the Premium/u,
              method: 'BCA virtual account',
              go: 'Next',
              paid: 'Paid',
              receipt: 'Open the receipt',
            };
      await page.goto(`${app.preview.url}#/beranda`);
      await page.locator('header.top select').selectOption(lang);
      await nav().getByRole('link', { name: w.nav }).click();
      await page.getByRole('heading', { name: w.nav, level: 1 }).waitFor();
      await shot(page, `payments-${lang}-1-bills`);
      await expectNoAxeViolations(page, `bills (${lang})`);
      await page.getByRole('link', { name: w.pay }).first().click();
      await page.getByRole('radio', { name: w.method }).check();
      await shot(page, `payments-${lang}-2-method`);
      await page.getByRole('button', { name: w.go }).click();
      // Shown in groups of four; copied as the digits alone.
      const shown = await page.locator('.va-number').textContent();
      expect(shown).toMatch(/^\d{4}( \d{1,4}){2,4}$/u);
      const va = shown!.replace(/ /gu, '');
      await page.getByRole('button', { name: lang === 'id' ? 'Salin nomor' : 'Copy number' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: lang === 'id' ? 'Disalin' : 'Copied' })
        .waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(va);
      await page.getByRole('timer').waitFor();
      await shot(page, `payments-${lang}-3-va`);
      await expectNoAxeViolations(page, `VA instructions (${lang})`);

      // The person pays at the bank: here, the gateway simulator's page in a second browser page.
      const gateway = await run.browser.newPage();
      await gateway.goto(`${svc.url}/dev/gateway/`);
      const row = gateway.getByRole('row', { name: new RegExp(va!, 'u') });
      await row.getByRole('button', { name: 'Bayar' }).click();
      // The page comes back, without the paid row, once the gateway has sent its notification.
      await gateway.getByRole('heading', { name: 'Simulator gateway pembayaran' }).waitFor();
      expect(await row.count()).toBe(0);
      await gateway.close();

      await page.getByRole('heading', { name: w.paid, level: 2 }).waitFor({ timeout: 15_000 });
      await shot(page, `payments-${lang}-4-lunas`);
      await page.getByRole('link', { name: w.receipt }).click();
      await page.locator('.pdfViewer .page').first().waitFor({ timeout: 20_000 });
      // Titled as what it is, and the way back leads to Pembayaran, where it was opened from.
      await page
        .getByRole('heading', { name: lang === 'id' ? 'Kuitansi Pembayaran' : 'Payment receipt', level: 1 })
        .waitFor();
      await page.getByRole('link', { name: lang === 'id' ? 'Kembali ke Pembayaran' : 'Back to Payments' }).waitFor();
      await shot(page, `payments-${lang}-5-receipt`);
    });
  }

  it('draws a QRIS code, and the history lists what was paid', async () => {
    await page.goto(`${app.preview.url}#/pembayaran`);
    await page.locator('header.top select').selectOption('id');
    // Both bills due now are paid: the next ones wait in the schedule, folded.
    await page.getByText('Tidak ada tagihan yang perlu dibayar sekarang.').waitFor();
    await page.getByText(/^Lihat jadwal \(\d+ tagihan berikutnya\)$/u).click();
    await page
      .getByRole('link', { name: /^Bayar Premi/u })
      .first()
      .click();
    await page.getByRole('radio', { name: 'QRIS' }).check();
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('img', { name: /Kode QRIS/u }).waitFor();
    await shot(page, 'payments-id-6-qris');
    await page.goto(`${app.preview.url}#/pembayaran`);
    await expect.poll(() => page.locator('table.history tr').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByText('Lunas').count()).toBeGreaterThanOrEqual(2);
    // Kotak Masuk has the receipts.
    await nav()
      .getByRole('link', { name: /^Kotak Masuk/u })
      .click();
    await page
      .getByRole('link', { name: /Premi polis IND-2021-004567 telah kami terima/u })
      .first()
      .click();
    await page.getByRole('link', { name: 'Buka Kuitansi' }).click();
    await page.locator('.pdfViewer .page').first().waitFor({ timeout: 20_000 });
  });

  it('shows the autodebit on the policy page with its last collection, and ends it with the password (id, 1024 px)', async () => {
    // The back office did Budi's payment method change (a BCA account, debit day 15), and the
    // bank's file of 15 December says the January premium could not be debited.
    const db = svc.service.store.db;
    const holder = await db
      .selectFrom('policy_parties')
      .innerJoin('accounts', 'accounts.customer_id', 'policy_parties.customer_id')
      .select('accounts.id')
      .where('policy_parties.policy_number', '=', 'IND2019000123')
      .where('policy_parties.role', '=', 'holder')
      .executeTakeFirstOrThrow();
    await db.transaction().execute((trx) =>
      startAutodebit(
        trx,
        { id: 'permintaan-uji-0001', policy_number: 'IND2019000123', account_id: holder.id },
        {
          method: 'auto_debit_bca',
          debitDay: 15,
          account: { accountNumber: '0123454821', accountHolder: 'Budi Santoso' },
        },
        svc.clock.now(),
      ),
    );
    const [instruction] = await svc.service.bankFile.export('2026-12-15');
    const report = await svc.service.bankFile.import([
      { line: 2, row: { ...instruction!, status: 'failed', reason: 'Saldo tidak cukup' } },
    ]);
    expect(report).toMatchObject({ refused: false, failed: 1 });

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${app.preview.url}#/polis/IND-2019-000123`);
    await page.locator('header.top select').selectOption('id');
    const panel = page.getByRole('region', { name: 'Autodebet' });
    await panel.getByText('Rekening BCA ******4821 a.n. Budi Santoso').waitFor();
    await panel.getByText('Setiap tanggal 15').waitFor();
    await panel.getByText('15 Desember 2026 · Rp 750.000 · Gagal (Saldo tidak cukup)').waitFor();
    expect(await panel.getByRole('link', { name: 'Bayar sekarang' }).getAttribute('href')).toContain(
      `/pembayaran/tagihan/${instruction!.bill_id}`,
    );
    await shot(page, 'payments-id-7-autodebit');
    await expectNoAxeViolations(page, 'the autodebit on the policy page');
    await panel.getByRole('button', { name: 'Hentikan autodebet' }).click();
    await panel.getByRole('button', { name: 'Ya, hentikan' }).click();
    // The password again, then the end; the panel says so.
    await panel.getByLabel(/password/iu).fill(GOOD_PASSWORD);
    await shot(page, 'payments-id-8-autodebit-end');
    await expectNoAxeViolations(page, 'ending the autodebit');
    await panel.getByRole('button', { name: 'Ya, hentikan' }).click();
    await panel.getByText(/^Berhenti · dihentikan atas permintaan Anda pada /u).waitFor();
    expect(await panel.getByRole('button', { name: 'Hentikan autodebet' }).count()).toBe(0);
    await shot(page, 'payments-id-9-autodebit-ended');
  });
});
