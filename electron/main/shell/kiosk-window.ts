import { app, Menu, type BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { kioskMenuTemplate } from '../core/kiosk-menu';
import { isBlockedKioskKey } from '../core/kiosk-keys';

/** The window's session lives in memory only (no `persist:` prefix): nothing of it reaches the disk. */
export const KIOSK_PARTITION = 'kiosk-session';

export const kioskWindowOptions: BrowserWindowConstructorOptions = {
  kiosk: true,
  fullscreen: true,
  autoHideMenuBar: true,
  closable: false,
  minimizable: false,
};

/**
 * No menu (an Edit menu on macOS, for copy and paste), no devtools, no reload or zoom keys, no
 * pinch zoom: the renderer cannot leave the app. A renderer that crashes is wiped and reloaded
 * (`onRendererGone`), and the window lets the app quit (an update installs on quit).
 */
export function lockDownKiosk(win: BrowserWindow, onRendererGone: () => void): void {
  const template = kioskMenuTemplate(process.platform);
  Menu.setApplicationMenu(template.length > 0 ? Menu.buildFromTemplate(template) : null);
  // `closable: false` would otherwise cancel app.quit(), and with it quitAndInstall.
  app.on('before-quit', () => {
    if (!win.isDestroyed()) win.setClosable(true);
  });
  const contents = win.webContents;
  // A blank kiosk helps nobody, and the crashed page may have shown the last person's data.
  contents.on('render-process-gone', () => onRendererGone());
  contents.on('before-input-event', (event, input) => {
    if (isBlockedKioskKey(input)) event.preventDefault();
  });
  contents.on('devtools-opened', () => contents.closeDevTools());
  contents.on('context-menu', (event) => event.preventDefault());
  void contents.setVisualZoomLevelLimits(1, 1);
  contents.on('zoom-changed', () => contents.setZoomFactor(1));
}

/** Every trace of the last person in the window: storage and cache of the partition, then the renderer's memory (reload). */
export async function wipeKioskWindow(win: BrowserWindow): Promise<void> {
  const session = win.webContents.session;
  await session.clearStorageData();
  await session.clearCache();
  await session.clearAuthCache();
  await session.clearHostResolverCache();
  win.webContents.reloadIgnoringCache();
}
