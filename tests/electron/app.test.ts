import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronPackage, installedBinary } from '../../scripts/electron-binary.mjs';

// The binary where `npm start` fetched it. Not `require('electron')`: that would start a download.
const binary = installedBinary(electronPackage());
const reason = binary ? '' : ' (skipped: no Electron binary is installed on this machine; `npm start` fetches it)';

/** The packaged shell itself, through Playwright's Electron driver. Needs `npm run build` first. */
describe.skipIf(!binary)(`the Electron app${reason}`, () => {
  let app: ElectronApplication;
  beforeAll(async () => {
    app = await electron.launch({ executablePath: binary!, args: ['.'], env: { ...process.env, CI: '1' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens the welcome screen from app:// in a sandboxed, isolated renderer', async () => {
    const page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    expect(page.url()).toMatch(/^app:\/\/portal\//u);
    const exposed = await page.evaluate(() => ({
      portal: typeof (globalThis as any).portal?.session?.login,
      require: typeof (globalThis as any).require,
      process: typeof (globalThis as any).process,
      // electron-log's own preload would put this here and let the renderer write main-process log lines.
      electronLog: typeof (globalThis as any).__electronLog,
    }));
    expect(exposed).toEqual({
      portal: 'function',
      require: 'undefined',
      process: 'undefined',
      electronLog: 'undefined',
    });
  });

  it('blocks navigation away from the app and window.open', async () => {
    const page = await app.firstWindow();
    await page.evaluate(() => {
      (globalThis as any).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/portal\//u);
    const opened = await page.evaluate(() => (globalThis as any).open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('denies permission requests', async () => {
    const page = await app.firstWindow();
    const state = await page.evaluate(
      async () => (await (globalThis as any).navigator.permissions.query({ name: 'geolocation' })).state,
    );
    expect(state).not.toBe('granted');
  });
});

/** The same app started with `--kiosk`: the window a branch's customers meet. */
describe.skipIf(!binary)(`the Electron app as a branch kiosk${reason}`, () => {
  let app: ElectronApplication;
  beforeAll(async () => {
    app = await electron.launch({ executablePath: binary!, args: ['.', '--kiosk'], env: { ...process.env, CI: '1' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is one full-screen kiosk window with no menu, on an in-memory session', async () => {
    const page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    const shape = await app.evaluate(({ BrowserWindow, Menu }) => {
      const [win] = BrowserWindow.getAllWindows();
      return {
        kiosk: win!.isKiosk(),
        menu: Menu.getApplicationMenu(),
        persistent: win!.webContents.session.isPersistent(),
        devTools: win!.webContents.isDevToolsOpened(),
      };
    });
    expect(shape).toEqual({ kiosk: true, menu: null, persistent: false, devTools: false });
  });

  it('swallows reload and zoom keys, and offers no "Ingat saya"', async () => {
    const page = await app.firstWindow();
    await page.getByRole('link', { name: 'Masuk' }).click();
    await page.getByLabel('Username').fill('tetap-di-sini');
    await page.keyboard.press('Control+R');
    await page.keyboard.press('F5');
    await page.keyboard.press('Control+=');
    await page.waitForTimeout(500);
    expect(await page.getByLabel('Username').inputValue()).toBe('tetap-di-sini');
    expect(
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getZoomFactor()),
    ).toBe(1);
    expect(await page.getByText('Ingat saya', { exact: false }).count()).toBe(0);
  });

  it('"Selesai" empties the clipboard and starts the window afresh, with no history behind it', async () => {
    const page = await app.firstWindow();
    await app.evaluate(({ clipboard }) => clipboard.writeText('username-pelanggan-sebelumnya'));
    await page.getByRole('link', { name: 'Masuk' }).click();
    await page.waitForURL(/#\/masuk$/u);
    await page.evaluate(() => (globalThis as any).portal.kiosk.finish());
    await page.getByRole('heading', { name: 'Selamat datang di Portal Nasabah' }).waitFor();
    const after = await app.evaluate(async ({ BrowserWindow, clipboard }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      return {
        clipboard: await clipboard.readText(),
        history: contents.navigationHistory.length(),
        url: contents.getURL(),
      };
    });
    expect(after).toEqual({ clipboard: '', history: 1, url: 'app://portal/index.html' });
  });
});
