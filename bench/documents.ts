/**
 * Documents benchmark, for the 320-page general conditions, in one run:
 * - time to the first page painted in the app's viewer (built renderer, real core over
 *   the preview bridge, real service) against a bare pdf.js PDFViewer page opening the
 *   same bytes (the baseline), alternating, medians, and their ratio;
 * - the renderer's heap (after a forced GC) after the first page and after paging
 *   through every page: pdf.js's page buffer must keep it flat;
 * - the service's document throughput with 8 concurrent downloads.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import type { PortalResult } from '../contract/ipc';
import { startDevService } from '../electron/main/core/dev-service';
import { contentTypeOf } from '../electron/main/core/renderer-files';
import { startPreviewServer } from '../electron/preview/server';
import { DemoCustomersSchema, readJsonFile } from '../server/cli/demo-data';
import { resourcesDir } from '../server/paths';
import { testCore } from '../tests/helpers/core';
import { launchChromium } from '../tests/helpers/harness';
import { closedLoop, fmt, quantile } from './stats';

const RENDERER = path.resolve('dist/renderer');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CLIENTS = 8;
const DOWNLOAD_MS = Number(process.env.BENCH_DOWNLOAD_MS ?? 5000);
const PASSWORD = 'Sawah hijau di pagi hari';

function unwrap<T>(r: PortalResult<unknown>): T {
  if (!r.ok) throw new Error(`the core answered ${r.error.code}`);
  return r.value as T;
}

/** The bare-PDFViewer page, built with the same Vite and pdf.js as the app. */
async function buildBaseline(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.resolve('bench/pdf-baseline'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  });
  fs.cpSync(path.resolve('node_modules/pdfjs-dist/standard_fonts'), path.join(outDir, 'standard_fonts'), {
    recursive: true,
  });
}

/** Serves the baseline's files and the document's bytes on loopback. */
function serveBaseline(dir: string, pdf: Buffer): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (name === '/document.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
      return res.end(pdf);
    }
    const file = path.join(dir, path.normalize(name === '/' ? '/index.html' : name));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': contentTypeOf(file) });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

interface Paint {
  /** From the start (a page load, or a click in the running app) to the first page painted. */
  total: number;
  /** From the bytes in hand to the first page painted: the viewer's own part. */
  viewer: number;
}

/**
 * In a fresh page: loads `url`, waits until `ready`, then times from `start` (without one,
 * from the navigation) to the first page painted.
 */
async function firstPaint(
  browser: Browser,
  url: string,
  steps?: { ready: (page: Page) => Promise<void>; start: (page: Page) => Promise<void> },
): Promise<Paint> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 850 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    let t0 = 0;
    if (steps) {
      await steps.ready(page);
      t0 = await page.evaluate(() => performance.now());
      await steps.start(page);
    }
    await page.waitForFunction(() => performance.getEntriesByName('pdf-first-page').length > 0, undefined, {
      timeout: 60_000,
      polling: 50,
    });
    const [painted, bytes] = await page.evaluate(() =>
      ['pdf-first-page', 'pdf-bytes'].map((n) => performance.getEntriesByName(n)[0]!.startTime),
    );
    return { total: painted! - t0, viewer: painted! - bytes! };
  } finally {
    await context.close();
  }
}

async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

export async function main(): Promise<void> {
  if (!fs.existsSync(path.join(RENDERER, 'index.html'))) throw new Error('run npm run build first');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-bench-docs-'));
  console.log('documents benchmark: starting the service (demo documents are generated on its first start)…');
  const service = await startDevService(path.join(work, 'service'));
  const core = testCore(service.url, path.join(work, 'settings.json'));
  const browser = await launchChromium();
  const preview = await startPreviewServer({ core, rendererDir: RENDERER });
  const baselineDir = path.join(work, 'baseline');
  try {
    // Budi Santoso registers and logs in through the core, as in the app.
    const budi = readJsonFile(path.join(resourcesDir, 'demo/customers.json'), DemoCustomersSchema).find(
      (c) => c.fullName === 'Budi Santoso',
    )!;
    const policy = budi.policies.find((p) => p.policyNumber === 'IND2019000123')!;
    const h = core.handlers;
    const { eula } = unwrap<{ eula: { version: string } }>(
      await h['registration.start']({
        policyType: policy.policyType,
        policyNumber: policy.policyNumber,
        dateOfBirth: budi.dateOfBirth,
        email: budi.email,
        phone: budi.phone,
      }),
    );
    unwrap(await h['registration.acceptEula']({ version: eula.version }));
    unwrap(await h['registration.sendOtp']({ channel: 'sms' }));
    const outbox = (await (
      await fetch(`${service.url}/v1/dev/outbox?to=${encodeURIComponent(budi.phone)}`)
    ).json()) as {
      messages: Array<{ code: string | null }>;
    };
    const code = outbox.messages.find((m) => m.code)!.code!;
    unwrap(await h['registration.verifyOtp']({ code }));
    const { username } = unwrap<{ username: string }>(
      await h['registration.setPassword']({ password: PASSWORD, passwordConfirmation: PASSWORD }),
    );
    unwrap(await h['session.login']({ username, password: PASSWORD, remember: false }));
    const { documents } = unwrap<{ documents: Array<{ documentId: string; title: string; pageCount: number }> }>(
      await h['policies.documents']({ policyNumber: policy.policyNumber }),
    );
    const doc = documents.find((d) => d.pageCount >= 300)!;
    const bytes = Buffer.from(
      unwrap<{ data: ArrayBuffer }>(await h['documents.open']({ documentId: doc.documentId })).data,
    );

    await buildBaseline(baselineDir);
    const baseline = await serveBaseline(baselineDir, bytes);
    const appUrl = `${preview.url}#/polis/${policy.policyNumber}/dokumen/${doc.documentId}`;
    const policyUrl = `${preview.url}#/polis/${policy.policyNumber}`;
    const baseUrl = `${baseline.url}/?file=/document.pdf`;
    // As a person does it: the app is running on the policy's page, and "Buka" is clicked.
    const open = (page: Page) => page.getByRole('link', { name: `Buka ${doc.title}` });
    const inApp = () =>
      firstPaint(browser, policyUrl, {
        ready: (page) => open(page).waitFor(),
        start: (page) => open(page).click(),
      });

    // Warm-up of each, then rounds that alternate, so drift of the machine hits all alike.
    const runs: Record<'bare' | 'click' | 'cold', Paint[]> = { bare: [], click: [], cold: [] };
    await firstPaint(browser, baseUrl);
    await inApp();
    await firstPaint(browser, appUrl);
    for (let i = 0; i < ROUNDS; i++) {
      runs.bare.push(await firstPaint(browser, baseUrl));
      runs.click.push(await inApp());
      runs.cold.push(await firstPaint(browser, appUrl));
    }
    const median = (kind: keyof typeof runs, k: keyof Paint) =>
      quantile(
        runs[kind].map((r) => r[k]),
        0.5,
      );
    await baseline.close();

    // Paging through every page of the app's viewer, each page painted before the next.
    const context = await browser.newContext({ viewport: { width: 1100, height: 850 } });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.waitForFunction(() => performance.getEntriesByName('pdf-first-page').length > 0, undefined, {
      timeout: 60_000,
    });
    const heapFirst = await heapMiB(page);
    const pagingStart = performance.now();
    for (let n = 2; n <= doc.pageCount; n++) {
      await page.getByRole('button', { name: 'Berikutnya', exact: true }).click();
      await page.locator(`.page[data-page-number="${n}"] .textLayer span`).first().waitFor({ timeout: 30_000 });
    }
    const pagingMs = performance.now() - pagingStart;
    const canvases = await page.locator('.pdfViewer .page canvas').count();
    const heapAll = await heapMiB(page);
    await context.close();

    // 8 clients downloading the document again and again, straight from the service.
    const { value: session } = await fetch(`${service.url}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD, device: { kind: 'personal', name: 'bench' } }),
    }).then(async (r) => ({ value: (await r.json()) as { accessToken: string } }));
    let received = 0;
    const download = async () => {
      const res = await fetch(`${service.url}/v1/documents/${doc.documentId}`, {
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      if (res.status !== 200) throw new Error(`download answered ${res.status}`);
      received += (await res.arrayBuffer()).byteLength;
    };
    await closedLoop(CLIENTS, 1000, download);
    received = 0;
    const started = performance.now();
    const latencies = await closedLoop(CLIENTS, DOWNLOAD_MS, download);
    const seconds = (performance.now() - started) / 1000;

    const bare = median('bare', 'total');
    const click = median('click', 'total');
    const cold = median('cold', 'total');
    console.log(`documents benchmark: "${doc.title}", ${doc.pageCount} pages, ${fmt(bytes.length / 1024)} KiB`);
    console.log(`medians of ${ROUNDS} rounds, each a fresh browser page:`);
    console.log(`first page painted, bare PDFViewer page load (baseline):        ${fmt(bare)} ms`);
    console.log(`first page painted, app: "Buka" clicked on the policy's page:   ${fmt(click)} ms`);
    console.log(
      `ratio app / bare:                                               ${fmt(click / bare, 2)} (aim 1.1 or below)`,
    );
    console.log(
      `first page painted, app started straight on the document:        ${fmt(cold)} ms (ratio ${fmt(cold / bare, 2)}; includes the app's own start)`,
    );
    console.log(
      `from the bytes in hand, app / bare viewer:                      ${fmt(median('click', 'viewer'))} / ${fmt(median('bare', 'viewer'))} ms (ratio ${fmt(median('click', 'viewer') / median('bare', 'viewer'), 2)})`,
    );
    console.log(`renderer heap after the first page:               ${fmt(heapFirst)} MiB`);
    console.log(
      `renderer heap after paging all ${doc.pageCount} pages:          ${fmt(heapAll)} MiB (${fmt(heapAll - heapFirst)} MiB more; ${canvases} page canvases kept; ${fmt(pagingMs / 1000)} s)`,
    );
    console.log(
      `service throughput, ${CLIENTS} concurrent downloads:        ${fmt(received / 1e6 / seconds)} MB/s (${latencies.length} downloads, p50 ${fmt(quantile(latencies, 0.5))} ms)`,
    );
  } finally {
    await browser.close();
    await preview.close();
    await service.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
