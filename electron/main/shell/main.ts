import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, powerMonitor, screen, session } from 'electron';
import { APP_ID, APP_VERSION, KEYCHAIN } from '../core/app-identity';
import { createCore } from '../core/compose';
import { startDevService, type RunningService } from '../core/dev-service';
import { EncryptedDocumentCache } from '../core/document-cache';
import { KeytarVault } from '../core/keytar-vault';
import { restoredBounds } from '../core/window-bounds';
import { failedCallLogger, faultLogger } from '../core/log-setup';
import { DEFAULT_MACHINE_CONFIG, loadMachineConfig, machineConfigPath } from '../core/machine-config';
import { chooseServiceUrl } from '../core/service-url';
import { installedPerMachine } from '../core/update-schedule';
import { safeStorageProtector } from './safe-storage-protector';
import { windowDesk } from './document-desk';
import { desktopNotifier } from './desktop-notifier';
import { installIpc } from './ipc';
import { setUpLogging } from './logging';
import { startUpdates } from './updates';
import { KIOSK_PARTITION, kioskWindowOptions, lockDownKiosk, wipeKioskWindow } from './kiosk-window';
import { installMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ORIGIN, cspFor, denyPermissions, hardenApp, openExternalSafely } from './security';
import { ElectronSettings } from './settings-store';

/** The desktop app's main process: lifecycle, the one window, and the core behind it. */
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId(APP_ID);
  registerAppScheme();
  // Links leave for the system browser only on a personal device; until the mode is known, none do.
  let linksMayLeave = false;
  hardenApp(() => linksMayLeave);
  let service: RunningService | undefined;

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  const log = setUpLogging();
  // An installed app never runs with the renderer sandbox off (a launcher or a shortcut may add --no-sandbox,
  // as an AppImage's does where user namespaces are restricted): the .deb's post-install keeps it on instead.
  const sandboxOff = app.isPackaged && app.commandLine.hasSwitch('no-sandbox');

  app
    .whenReady()
    .then(async () => {
      if (sandboxOff) {
        throw new Error(
          'Aplikasi berjalan tanpa sandbox (--no-sandbox). Pasang paket .deb Portal Nasabah, atau hubungi tim TI kantor Anda.',
        );
      }
      const root = app.getAppPath();
      const settings = new ElectronSettings();
      // The branch's machine-wide file (or --kiosk); a refused file never opens as a personal device.
      // Problems are written in the app's language (Indonesian unless the person chose English).
      const lang = settings.get().language;
      const machine = loadMachineConfig(machineConfigPath(process.platform, process.env), process.argv, lang);
      const config = machine.ok ? machine.config : { ...DEFAULT_MACHINE_CONFIG, kiosk: true };
      const mode = config.kiosk ? 'kiosk' : 'personal';
      linksMayLeave = mode === 'personal';
      const problems = machine.ok ? [] : [machine.file, ...machine.problems];
      const choice = chooseServiceUrl({
        packaged: app.isPackaged,
        env: process.env.PORTAL_SERVICE_URL,
        machine: config.serviceUrl,
        setting: settings.get().serviceUrl,
        lang,
      });
      let serviceUrl = choice.url;
      if (choice.problem) {
        // An installed app never starts the development service, and never uses an address it refused.
        problems.push(choice.problem);
      } else if (!serviceUrl) {
        service = await startDevService(path.join(app.getPath('userData'), 'dev-service'), root);
        serviceUrl = service.url;
      }
      // Documents are kept, encrypted, only where safeStorage has a real key (never basic_text).
      const documentCache =
        mode === 'personal' && (await safeStorageProtector.usable())
          ? new EncryptedDocumentCache(
              path.join(app.getPath('userData'), 'documents'),
              safeStorageProtector,
              (reason) => log.warn(`document cache reset: ${reason}`),
            )
          : undefined;
      // The window comes after the core that serves it; the desk finds it when asked.
      const shown: { window?: BrowserWindow } = {};
      const core = createCore({
        documentCache,
        desk: windowDesk(() => shown.window),
        // The core never calls it on a kiosk.
        notifyDesktop: desktopNotifier(() => shown.window),
        // Without a service the renderer shows only the configuration problem, so this address is never asked.
        serviceUrl: serviceUrl ?? 'http://127.0.0.1:9',
        settings,
        vault: new KeytarVault(KEYCHAIN.session),
        mode,
        branchName: config.branchName,
        printingAllowed: config.printingAllowed,
        printer: config.printer,
        configProblems: problems.length > 0 ? problems : undefined,
        kiosk: {
          warnAfterMs: config.idle.warnAfterSeconds * 1000,
          countdownMs: config.idle.countdownSeconds * 1000,
          systemIdleMs: () => powerMonitor.getSystemIdleTime() * 1000,
          scannerFolder: config.scannerFolder,
          wipe: async () => {
            if (shown.window) await wipeKioskWindow(shown.window, `${APP_ORIGIN}/index.html`);
          },
        },
        version: APP_VERSION,
        deviceName: os.hostname(),
        openExternal: openExternalSafely,
        mapTileUrl: config.mapTileUrl,
        mapAttribution: config.mapAttribution,
        onFault: faultLogger(log),
        onFailedCall: failedCallLogger(log),
      });
      const rendererDir = path.join(root, 'dist/renderer');
      const csp = cspFor(core.mapTileUrl);
      serveRenderer(rendererDir, csp);
      if (mode === 'kiosk') {
        const kioskSession = session.fromPartition(KIOSK_PARTITION);
        serveRenderer(rendererDir, csp, kioskSession);
        denyPermissions(kioskSession);
      }
      if (mode === 'personal') installMenu();

      // Personal devices only: a kiosk is full screen and keeps nothing of its own.
      const bounds =
        mode === 'personal'
          ? restoredBounds(
              settings.get().windowBounds,
              screen.getAllDisplays().map((d) => d.workArea),
              { width: 1100, height: 800 },
            )
          : { width: 1100, height: 800 };
      const win = new BrowserWindow({
        ...bounds,
        minWidth: 480,
        minHeight: 560,
        show: false,
        title: 'Portal Nasabah',
        ...(mode === 'kiosk' ? kioskWindowOptions : {}),
        webPreferences: {
          ...(mode === 'kiosk' ? { partition: KIOSK_PARTITION, devTools: false } : {}),
          preload: path.join(root, 'out/preload/index.cjs'),
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          spellcheck: false,
          // A middle click opens no window (the open handler would refuse it anyway).
          disableBlinkFeatures: 'Auxclick',
        },
      });
      shown.window = win;
      if (mode === 'kiosk') {
        lockDownKiosk(win, () => void core.kiosk?.finish());
        // A locked or sleeping kiosk is one nobody is using.
        powerMonitor.on('lock-screen', () => void core.kiosk?.finish());
        powerMonitor.on('suspend', () => void core.kiosk?.finish());
      }
      installIpc(core, win);
      if (app.isPackaged) {
        startUpdates({
          window: () => shown.window,
          log,
          feedUrl: config.updateUrl,
          // A per-machine install is the branch's software distribution's to update: its installer would ask for an administrator.
          selfUpdate: !installedPerMachine(process.platform, app.getPath('exe'), process.env),
          kiosk: core.kiosk
            ? {
                inUse: () => core.kiosk!.busy,
                quietMs: () => core.kiosk!.quietMs(),
                quietForMs: config.updates.quietMinutes * 60_000,
                window: config.updates.window,
                announce: (updating) => core.announceUpdate(updating),
                announceMs: 1500,
              }
            : null,
        });
      }
      win.once('ready-to-show', () => win.show());
      // The size it has when not maximised or full screen; never a kiosk's.
      if (mode === 'personal') win.on('close', () => settings.update({ windowBounds: win.getNormalBounds() }));
      await win.loadURL(`${APP_ORIGIN}/index.html`);
    })
    .catch(async (err: unknown) => {
      // A start that fails (the development service, a window that cannot load) must not leave a
      // process with no window holding the single-instance lock: say what happened, and end.
      log.error('the app could not start', err);
      dialog.showErrorBox(
        'Portal Nasabah tidak dapat dibuka',
        `${err instanceof Error ? err.message : String(err)}\n\nCatatan lengkap ada di folder log aplikasi.`,
      );
      await service?.stop().catch(() => undefined);
      service = undefined;
      app.exit(1);
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
