import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { APP_ID, APP_VERSION } from '../core/app-identity';
import { createCore } from '../core/compose';
import { startDevService, type RunningService } from '../core/dev-service';
import { EncryptedDocumentCache } from '../core/document-cache';
import { KeytarVault } from '../core/keytar-vault';
import { safeStorageProtector } from './safe-storage-protector';
import { windowDesk } from './document-desk';
import { installIpc } from './ipc';
import { installMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ORIGIN, hardenApp, openExternalSafely } from './security';
import { ElectronSettings } from './settings-store';

/** The desktop app's main process: lifecycle, the one window, and the core behind it. */
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId(APP_ID);
  registerAppScheme();
  hardenApp();
  let service: RunningService | undefined;

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.whenReady().then(async () => {
    const root = app.getAppPath();
    const settings = new ElectronSettings();
    let serviceUrl = process.env.PORTAL_SERVICE_URL ?? settings.get().serviceUrl;
    if (!serviceUrl) {
      service = await startDevService(path.join(app.getPath('userData'), 'dev-service'), root);
      serviceUrl = service.url;
    }
    // Documents are kept, encrypted, only where safeStorage has a real key (never basic_text).
    const documentCache = (await safeStorageProtector.usable())
      ? new EncryptedDocumentCache(path.join(app.getPath('userData'), 'documents'), safeStorageProtector)
      : undefined;
    // The window comes after the core that serves it; the desk finds it when asked.
    const shown: { window?: BrowserWindow } = {};
    const core = createCore({
      documentCache,
      desk: windowDesk(() => shown.window),
      serviceUrl,
      settings,
      vault: new KeytarVault(APP_ID),
      mode: 'personal',
      version: APP_VERSION,
      deviceName: os.hostname(),
      openExternal: openExternalSafely,
    });
    serveRenderer(path.join(root, 'dist/renderer'));
    installMenu();

    const bounds = settings.get().windowBounds;
    const win = new BrowserWindow({
      width: bounds?.width ?? 1100,
      height: bounds?.height ?? 800,
      ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
      minWidth: 480,
      minHeight: 560,
      show: false,
      title: 'Portal Nasabah',
      webPreferences: {
        preload: path.join(root, 'out/preload/index.cjs'),
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    shown.window = win;
    installIpc(core, win);
    win.once('ready-to-show', () => win.show());
    win.on('close', () => settings.update({ windowBounds: win.getBounds() }));
    await win.loadURL(`${APP_ORIGIN}/index.html`);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (service) {
      event.preventDefault();
      const stopping = service;
      service = undefined;
      void stopping.stop().finally(() => app.quit());
    }
  });
}
