import crypto from 'node:crypto';
import { testCore } from './core';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Core } from '../../electron/main/core/compose';
import { KeytarVault } from '../../electron/main/core/keytar-vault';
import { wipeWindow } from '../../electron/main/core/kiosk-wipe';
import type { DocumentCache } from '../../electron/main/core/document-cache';
import type { DocumentDesk } from '../../electron/main/core/document-methods';
import type { CredentialVault } from '../../electron/main/core/vault';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { seedDemoDocuments } from '../../server/cli/demo-documents';
import { customerNamed, GOOD_PASSWORD, register } from './flows';
import { startLiveService, type LiveService } from './live-service';
import { expectReadableScreen } from './screen-checks';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RENDERER_DIR = path.resolve('dist/renderer');
export const SHOTS = path.resolve('test-results/screenshots');
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: FLAGS });

/** One "start of the app": the real core over the preview bridge, its user data in `userData`. */
export interface AppRun {
  core: Core;
  preview: PreviewServer;
  page: Page;
  /** What the app printed: the page's print layout, as the printer would get it (a PDF). */
  printed: Buffer[];
  /** The names the save dialog was opened on. */
  saveDialogs: string[];
  /** When each of the kiosk's wipes was done (the start page loaded afresh). */
  wipes: number[];
  /** What the main process was asked to open in the system browser. */
  opened: string[];
  close(): Promise<void>;
}

export function newUserData(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pn-user-'));
}

export function testVault(): KeytarVault {
  return new KeytarVault(`portal-nasabah-e2e-${crypto.randomBytes(4).toString('hex')}`);
}

export async function startApp(
  browser: Browser,
  service: LiveService,
  options: {
    userData?: string;
    vault?: CredentialVault;
    mode?: 'personal' | 'kiosk';
    printingAllowed?: boolean;
    /** Documents kept between opens (encrypted); none unless given. */
    documentCache?: DocumentCache;
    /** Where the save dialog answers to save; without it, the dialog is cancelled. */
    saveDir?: string;
    /** A kiosk's idle times (real time). */
    idle?: { warnAfterMs: number; countdownMs: number };
    /** The machine's configuration was refused with these problems. */
    configProblems?: string[];
    /** A kiosk's branch scanner folder. */
    scannerFolder?: string;
    /** The branch a kiosk stands in. */
    branchName?: string;
  } = {},
): Promise<AppRun> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')))
    throw new Error('dist/renderer is missing: run npm run build');
  const userData = options.userData ?? newUserData();
  const printed: Buffer[] = [];
  const saveDialogs: string[] = [];
  const wipes: number[] = [];
  const opened: string[] = [];
  const shown: { page?: Page } = {};
  // The window's desk: printing takes the page as Chromium prints it; the dialog answers as the test says.
  const desk: DocumentDesk = {
    chooseSavePath: async (name) => {
      saveDialogs.push(name);
      return options.saveDir ? path.join(options.saveDir, name) : null;
    },
    print: async () => {
      if (!shown.page) throw new Error('no page');
      printed.push(await shown.page.pdf({ preferCSSPageSize: true, printBackground: false }));
    },
  };
  const core = testCore(service.url, path.join(userData, 'settings.json'), {
    vault: options.vault ?? testVault(),
    mode: options.mode ?? 'personal',
    printingAllowed: options.printingAllowed,
    documentCache: options.documentCache,
    configProblems: options.configProblems,
    branchName: options.branchName,
    desk,
    openExternal: async (url) => void opened.push(url),
    // The window's wipe: the core's own steps (core/kiosk-wipe.ts), each done here as the shell does it
    // with Electron — storage cleared, the clipboard emptied, the start page loaded afresh, the history reset.
    kiosk: {
      warnAfterMs: options.idle?.warnAfterMs ?? 90_000,
      countdownMs: options.idle?.countdownMs ?? 30_000,
      scannerFolder: options.scannerFolder,
      wipe: async () => {
        const page = shown.page;
        if (!page) return;
        await wipeWindow(
          {
            clearStorage: async () => {
              await page.evaluate('localStorage.clear(); sessionStorage.clear()');
              await page.context().clearCookies();
            },
            clearClipboard: () => page.evaluate("navigator.clipboard.writeText('')"),
            restart: async (url) => void (await page.goto(url)),
            clearHistory: async () => {
              const cdp = await page.context().newCDPSession(page);
              await cdp.send('Page.resetNavigationHistory');
              await cdp.detach();
            },
          },
          preview.url,
        );
        wipes.push(Date.now());
      },
    },
  });
  const preview = await startPreviewServer({ core, rendererDir: RENDERER_DIR });
  // The policyholders' common laptop screen.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  // Tests read what the app copied (a VA number), and what a kiosk's wipe must have emptied.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  shown.page = page;
  // The service, the main-process core and the test share one process, and in CI another test file
  // runs beside them on the machine's two cores: a step that takes 1 s alone has taken over 10 s there.
  page.setDefaultTimeout(process.env.CI ? 20_000 : 10_000);
  await page.goto(preview.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return {
    core,
    preview,
    page,
    printed,
    saveDialogs,
    wipes,
    opened,
    async close() {
      await context.close();
      await preview.close();
    },
  };
}

/** Fills the Masuk form and submits it ("Ingat saya" only when asked). */
export async function loginViaUi(page: Page, username: string, password = GOOD_PASSWORD, remember = false) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (remember) await page.getByLabel('Ingat saya di perangkat ini').check();
  await page.getByRole('button', { name: 'Masuk' }).click();
}

/** From the welcome screen to Beranda. */
export async function signInViaUi(page: Page, username: string): Promise<void> {
  await page.getByRole('link', { name: 'Masuk' }).click();
  await loginViaUi(page, username);
  await page.getByRole('heading', { name: 'Beranda', level: 1 }).waitFor();
}

/** Chromium, a live service with the demo documents, and Budi Santoso signed in on Beranda. */
export async function budiSignedIn(options: Parameters<typeof startApp>[2] = {}) {
  return customerSignedIn('Budi Santoso', options);
}

/** A demo customer registered and signed in through the app, on a live service with the demo documents. */
export async function customerSignedIn(name: string, options: Parameters<typeof startApp>[2] = {}) {
  const browser = await launchChromium();
  const svc = await startLiveService();
  await seedDemoDocuments(svc.service.store.db, svc.service.documents, svc.clock.now());
  const username = await register(svc, customerNamed(name));
  const app = await startApp(browser, svc, options);
  await signInViaUi(app.page, username);
  return {
    browser,
    svc,
    app,
    page: app.page,
    async close() {
      await app.close();
      await browser.close();
      await svc.close();
    },
  };
}

/** A screenshot of the screen as the person sees it, under the test output. */
/** A screenshot of the whole page, and the checks of what a person reads on it (screen-checks.ts). */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await expectReadableScreen(page, name);
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core over the whole page: no violation allowed. */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) still holds for the app.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(ctx: unknown, opts: object): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> };
      }
    ).axe;
    const r = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  expect(violations, `axe on ${screen}`).toEqual([]);
}

/**
 * Picks a date in the app's date field (day, month by name, year: components/ui.tsx DateField),
 * found by its label, as a person does with three choices.
 */
export async function pickDate(page: Page, label: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-').map(Number);
  const group = page.getByRole('group', { name: label, exact: true });
  await group.locator('select[name$="-year"]').selectOption(String(year));
  await group.locator('select[name$="-month"]').selectOption(String(month));
  await group.locator('select[name$="-day"]').selectOption(String(day));
}
