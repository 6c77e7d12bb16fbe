import { createRequire } from 'node:module';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The Electron binary's path, or null where the electron package has none installed. */
function electronBinary(): string | null {
  try {
    return createRequire(import.meta.url)('electron') as string;
  } catch {
    return null;
  }
}
const binary = electronBinary();
const reason = binary ? '' : ' (skipped: no Electron binary is installed on this machine)';

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
    }));
    expect(exposed).toEqual({ portal: 'function', require: 'undefined', process: 'undefined' });
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
