import { app, session, shell, type Session, type WebContents } from 'electron';
import { rendererCsp } from '../core/csp';
import { externalUrlAllowed } from '../core/external-urls';
import { tileCspSource } from '../core/map-tiles';
import { APP_ORIGIN, permissionAllowed } from '../core/permissions';

/** The renderer's CSP: nothing but the app's own scripts and styles, and the configured map tiles' host. */
export function cspFor(mapTileUrl: string | undefined): string {
  return rendererCsp([], mapTileUrl ? [tileCspSource(mapTileUrl)] : []);
}

export { APP_ORIGIN };

/**
 * Links to https leave through the main process to the system browser, and a provider's
 * telephone number (built by the main process) to the system's dialler; nothing else leaves.
 */
export function openExternalSafely(url: string): Promise<void> {
  if (!externalUrlAllowed(url)) return Promise.resolve();
  return shell.openExternal(url);
}

/**
 * The Electron security checklist, for every web contents the app makes. `linksMayLeave`
 * says whether a link may open in the system browser (never on a kiosk).
 */
export function hardenApp(linksMayLeave: () => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // A link the page opens may leave only for a web page; a `tel:` link is the main process's own.
      if (linksMayLeave() && URL.canParse(url) && new URL(url).protocol === 'https:') void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  app.whenReady().then(() => denyPermissions(session.defaultSession));
}

/**
 * No camera, microphone, notifications or anything else a page might ask for, in every session
 * the app uses; only the app's own top frame may write to the clipboard.
 */
export function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(
      permissionAllowed({
        permission,
        requestingUrl: 'requestingUrl' in details ? details.requestingUrl : undefined,
        isMainFrame: 'isMainFrame' in details ? details.isMainFrame : false,
      }),
    ),
  );
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    permissionAllowed({
      permission,
      requestingUrl: details.requestingUrl ?? requestingOrigin,
      isMainFrame: details.isMainFrame,
    }),
  );
}
