/** The origin the app's own pages are served from (`app://`). */
export const APP_ORIGIN = 'app://portal';

export interface PermissionAsk {
  permission: string;
  /** The page (or frame) that asks: its URL or its origin. */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
}

/**
 * What a page may do beyond its sandbox: copy text to the clipboard ("Salin username"),
 * and only from the app's own top frame. Every other permission, and every other asker
 * (a frame, a page that is not the app's), is refused.
 */
export function permissionAllowed(ask: PermissionAsk): boolean {
  if (ask.permission !== 'clipboard-sanitized-write' || !ask.isMainFrame || !ask.requestingUrl) return false;
  if (!URL.canParse(ask.requestingUrl)) return false;
  const url = new URL(ask.requestingUrl);
  return `${url.protocol}//${url.host}` === APP_ORIGIN;
}
