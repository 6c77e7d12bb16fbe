import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/harness';
import { NO_PROBLEMS, screenProblems } from '../helpers/screen-checks';

/** The checks every screenshot runs (screen-checks.ts) find what they look for: each can fail. */
describe('the checks of what a person reads', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('passes a clean Indonesian screen', async () => {
    await page.setContent(`<html lang="id"><body style="margin:0">
      <h1>Beranda</h1><p>Jatuh tempo 1 Desember 2026 · Rp 750.000 · Polis IND-2019-000123</p>
      <select aria-label="Polis" style="font:16px sans-serif"><option>Proteksi Jiwa Prima</option></select>
    </body></html>`);
    expect(await screenProblems(page)).toEqual(NO_PROBLEMS);
  });

  it('finds ISO and US dates, a raw id, the other language, a horizontal scroll and a clipped select', async () => {
    await page.setContent(`<html lang="id"><body style="margin:0">
      <p>pada harga 2026-12-07, lahir 05/01/1987</p>
      <p>Tagihan Xk3pQ9vT2mLr8sWbN1cY4a</p>
      <p>What you need to do: send more documents</p>
      <div style="width:3000px">lebar</div>
      <select aria-label="Polis" style="width:80px;font:16px sans-serif"><option>Kesehatan Keluarga Plus</option></select>
    </body></html>`);
    const p = await screenProblems(page);
    expect(p.isoDates).toEqual(['2026-12-07']);
    expect(p.usDates).toEqual(['05/01/1987']);
    expect(p.rawIds).toEqual(['Xk3pQ9vT2mLr8sWbN1cY4a']);
    expect(p.otherLanguage).toContain('What you need to do: send more documents');
    expect(p.horizontalScroll).toBe(true);
    expect(p.clippedSelects).toEqual(['Polis: Kesehatan Keluarga Plus']);
  });

  it('reads an English screen for Indonesian, and leaves a document’s own pages alone', async () => {
    await page.setContent(`<html lang="en"><body>
      <p>Yang perlu Anda lakukan: kirim dokumen tambahan</p>
      <div class="pdfViewer"><span>Tanggal efektif 2026-01-01</span></div>
    </body></html>`);
    const p = await screenProblems(page);
    expect(p.otherLanguage).toEqual(['Yang perlu Anda lakukan: kirim dokumen tambahan']);
    expect(p.isoDates).toEqual([]);
  });
});
