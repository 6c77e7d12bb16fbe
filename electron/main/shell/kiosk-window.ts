import { app, clipboard, Menu, type BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { wipeWindow } from '../core/kiosk-wipe';
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

/** Every trace of the last person in the window: clipboard, storage and cache, the renderer's memory, route and history. */
export function wipeKioskWindow(win: BrowserWindow, startUrl: string): Promise<void> {
  const contents = win.webContents;
  return wipeWindow(
    {
      async clearStorage() {
        const session = contents.session;
        await session.clearStorageData();
        await session.clearCache();
        await session.clearAuthCache();
        await session.clearHostResolverCache();
      },
      clearClipboard() {
        clipboard.clear();
        // Electron 45: Linux's selection is its own Clipboard object (undefined elsewhere).
        (clipboard.selection as typeof clipboard | undefined)?.clear();
      },
      // Not reload(): it would keep the hash route, and the page's place in the history.
      restart: (url) => contents.loadURL(url),
      clearHistory: () => contents.navigationHistory.clear(),
    },
    startUrl,
  );
}
