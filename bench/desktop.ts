/**
 * Desktop benchmark: the renderer's bundle size (gzip), the time from loading the
 * built renderer to an interactive login screen in Chromium, and the IPC round trip
 * through the preview bridge against a direct call to the core, in one run.
 */
import fs from 'node:fs';
import { testCore } from '../tests/helpers/core';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startDevService } from '../electron/main/core/dev-service';
import { startPreviewServer } from '../electron/preview/server';
import { launchChromium } from '../tests/helpers/harness';
import { fmt, quantile } from './stats';

const RENDERER = path.resolve('dist/renderer');
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const CALLS = Number(process.env.BENCH_CALLS ?? 500);

/** What the first screen loads: index.html and what it names (the entry, its CSS, their shared chunks). */
function firstScreenGzip(): number {
  const html = fs.readFileSync(path.join(RENDERER, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/gu)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    // Static imports only: a dynamic import() is a later chunk.
    const code = fs.readFileSync(path.join(RENDERER, file), 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/gu))
      visit(`assets/${m[1]}`);
  };
  named.forEach(visit);
  return [...seen, 'index.html'].reduce(
    (sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(RENDERER, f)), { level: 9 }).length,
    0,
  );
}

/**
 * The reader's PDF engine (pdf.js and its viewer), the map's Leaflet and the fund chart's uPlot:
 * chunks loaded only by those screens.
 */
const ENGINE_CHUNK = /^(?:pdf|pdf-viewer|provider-map|fund-chart)-[\w-]+\.(?:js|css)$/u;

function bundleSizes(): { raw: number; gzip: number; engines: number } {
  let raw = 0;
  let gzip = 0;
  let engines = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|css|html)$/u.test(e.name)) {
        const bytes = fs.readFileSync(p);
        const packed = zlib.gzipSync(bytes, { level: 9 }).length;
        raw += bytes.length;
        gzip += packed;
        if (ENGINE_CHUNK.test(e.name)) engines += packed;
      }
    }
  };
  walk(RENDERER);
  return { raw, gzip, engines };
}

export async function main(): Promise<void> {
  if (!fs.existsSync(path.join(RENDERER, 'index.html'))) throw new Error('run npm run build first');
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-bench-desktop-'));
  const service = await startDevService(path.join(userData, 'service'));
  const core = testCore(service.url, path.join(userData, 'settings.json'));
  const preview = await startPreviewServer({ core, rendererDir: RENDERER });
  const browser = await launchChromium();
  try {
    const sizes = bundleSizes();

    const loads: number[] = [];
    // The renderer's own marks (renderer/main.tsx): scripts evaluated, bridge up, app.info read, texts in.
    const marks: Record<string, number[]> = {};
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${preview.url}#/masuk`);
      await page.getByLabel('Username').waitFor();
      await page.getByLabel('Username').fill('x');
      loads.push(performance.now() - started);
      const seen = (await page.evaluate(
        "performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])",
      )) as Array<[string, number]>;
      for (const [name, at] of seen) (marks[name] ??= []).push(at);
      await context.close();
    }

    // The same method both ways: no network behind it, so the bridge is what is measured.
    for (let i = 0; i < 50; i++) await core.handlers['app.info'](undefined);
    const directStart = performance.now();
    for (let i = 0; i < CALLS; i++) await core.handlers['app.info'](undefined);
    const direct = (performance.now() - directStart) / CALLS;

    const page = await browser.newPage();
    await page.goto(preview.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const bridged = await page.evaluate(async (n) => {
      const portal = (globalThis as any).portal;
      for (let i = 0; i < 50; i++) await portal.app.info();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await portal.app.info();
      return (performance.now() - t0) / n;
    }, CALLS);

    console.log('desktop benchmark (Chromium, preview bridge, real core)');
    console.log(
      `renderer bundle:                      ${fmt(sizes.raw / 1024)} KiB, ${fmt(sizes.gzip / 1024)} KiB gzip`,
    );
    console.log(
      `without pdf.js, Leaflet and uPlot:    ${fmt((sizes.gzip - sizes.engines) / 1024)} KiB gzip (the app's own; budget 400)`,
    );
    console.log(`first screen's files:                 ${fmt(firstScreenGzip() / 1024)} KiB gzip`);
    console.log(
      `load to interactive login screen:     p50 ${fmt(quantile(loads, 0.5))} ms, worst ${fmt(Math.max(...loads))} ms (${LOADS} loads)`,
    );
    for (const [name, at] of Object.entries(marks))
      console.log(`  mark ${name.padEnd(32)} p50 ${fmt(quantile(at, 0.5))} ms after navigation`);
    console.log(`app.info direct call to the core:     ${fmt(direct * 1000, 1)} µs`);
    console.log(`app.info through the bridge:          ${fmt(bridged * 1000, 1)} µs`);
    console.log(`bridge / direct:                      ${fmt(bridged / direct, 1)}x`);
  } finally {
    await browser.close();
    await preview.close();
    await service.stop();
    fs.rmSync(userData, { recursive: true, force: true });
  }
}
