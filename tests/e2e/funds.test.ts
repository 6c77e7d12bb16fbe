import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENT_JOB } from '../../server/domain/statements/statements';
import { customerSignedIn, expectNoAxeViolations, shot, type AppRun } from '../helpers/harness';
import type { LiveService } from '../helpers/live-service';
import { jobsSettled } from '../helpers/jobs';

const LINKED = 'IND-2015-000888';

describe('Perkembangan Dana in Chromium: the chart and its table, the transactions, Buat laporan', () => {
  let run: Awaited<ReturnType<typeof customerSignedIn>>;
  let svc: LiveService;
  let app: AppRun;
  let page: Page;
  beforeAll(async () => {
    run = await customerSignedIn('Rudi Hartono');
    ({ svc, app, page } = run);
    await page.setViewportSize({ width: 1024, height: 800 });
  }, 60_000);
  afterAll(async () => {
    await run?.close();
  });

  it('draws the value and the prices for a chosen period, with the same figures as a table (id, 1024 px)', async () => {
    await page.goto(`${app.preview.url}#/polis/${LINKED}`);
    await page.locator('header.top select').selectOption('id');
    const panel = page.getByRole('region', { name: 'Perkembangan Dana' });
    const chart = panel.getByRole('img', { name: /^Grafik nilai polis dari /u });
    await chart.waitFor({ timeout: 20_000 });
    // The legend names the value and each fund's price.
    await panel.getByText('Nilai polis').first().waitFor();
    await panel.getByText('Harga unit Dana Saham Indonesia').first().waitFor();
    expect(await panel.getByRole('button', { name: '1 tahun' }).getAttribute('aria-pressed')).toBe('true');
    // The premium's allocation of 20 March is in the year: in the list, and marked on the chart.
    await panel.getByRole('cell', { name: 'Alokasi premi' }).first().waitFor();
    await shot(page, 'funds-id-1-chart');
    await expectNoAxeViolations(page, 'the fund chart');

    await panel.getByRole('button', { name: 'Sejak awal' }).click();
    expect(await panel.getByRole('button', { name: 'Sejak awal' }).getAttribute('aria-pressed')).toBe('true');
    await panel.getByText('Lihat angka sebagai tabel').click();
    // The figures' table (uPlot's legend is a table of its own).
    const table = panel.locator('details table');
    // Three years and more of working days: hundreds of rows, each a date and its figures.
    await expect.poll(async () => table.locator('tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(600);
    expect(await table.locator('caption').textContent()).toMatch(/^Grafik nilai polis dari /u);
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Tanggal',
      'Nilai polis',
      'Harga unit Dana Saham Indonesia',
      'Harga unit Dana Pendapatan Tetap',
    ]);
    // Two premiums' allocations since the start, two funds each.
    await expect.poll(() => panel.getByRole('cell', { name: 'Alokasi premi' }).count()).toBe(4);
    await shot(page, 'funds-id-2-since-start-table');
    await expectNoAxeViolations(page, 'the fund table');
  });

  it('reads in English with the same figures (en)', async () => {
    await page.goto(`${app.preview.url}#/polis/${LINKED}`);
    // Afresh: the table the last test opened is closed again.
    await page.reload();
    await page.locator('header.top select').selectOption('en');
    const panel = page.getByRole('region', { name: 'Fund performance' });
    await panel.getByRole('img', { name: /^Chart of the policy value from /u }).waitFor({ timeout: 20_000 });
    await panel.getByRole('button', { name: '3 months' }).click();
    await panel.getByText('See the figures as a table').click();
    await panel.locator('details').getByRole('columnheader', { name: 'Unit price of Dana Saham Indonesia' }).waitFor();
    await shot(page, 'funds-en-1-chart');
    await expectNoAxeViolations(page, 'the fund chart (en)');
    await page.locator('header.top select').selectOption('id');
  });
  it('makes a statement for a period, refuses one too long, and finds it among the documents (id)', async () => {
    const panel = page.getByRole('region', { name: 'Perkembangan Dana' });
    const from = panel.getByRole('group', { name: 'Dari tanggal' });
    await from.getByLabel('Tahun').selectOption('2025');
    await panel.getByRole('button', { name: 'Buat laporan' }).click();
    await panel.getByRole('alert').filter({ hasText: 'Periode laporan paling lama 12 bulan' }).waitFor();
    await from.getByLabel('Tahun').selectOption('2026');
    await panel.getByRole('button', { name: 'Buat laporan' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: /^Laporan 1 Januari 2026 – 24 November 2026 sedang dibuat/u })
      .waitFor();
    await shot(page, 'funds-id-3-statement-asked');
    await jobsSettled(svc, STATEMENT_JOB);
    await page.reload();
    await page.getByRole('link', { name: /Laporan Perkembangan Dana 1 Januari 2026 – 24 November 2026/u }).click();
    await page.locator('.pdfViewer .page').first().waitFor({ timeout: 20_000 });
    await shot(page, 'funds-id-4-statement');
  });
});
