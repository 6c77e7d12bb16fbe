import type { AppInfo } from '../contract/ipc';
import type { SessionUser } from '../contract/api/identity';
import type { Portal } from '../contract/portal';
import { connectPortal } from './portal';

export interface Startup {
  portal: Portal;
  info: AppInfo;
  user: SessionUser | null;
}

/**
 * What the first screen needs from the main process, asked for as this module is evaluated:
 * main.tsx imports it first, so the bridge opens (in the preview) and `app.info` and a remembered
 * session are read while React and the screens' scripts are still being evaluated.
 */
export const startup: Promise<Startup> = (async () => {
  const portal = await connectPortal();
  performance.mark('portal');
  // Asked together: a remembered session signs in before the first screen.
  const [info, current] = await Promise.all([portal.app.info(), portal.session.current()]);
  if (!info.ok) throw new Error(info.error.code);
  performance.mark('info');
  return { portal, info: info.value, user: current.ok ? current.value.user : null };
})();
