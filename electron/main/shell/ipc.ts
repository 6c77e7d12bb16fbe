import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ipcContract, type IpcMethod } from '../../../contract/ipc';
import type { Core } from '../core/compose';
import { APP_ORIGIN } from './security';

/** Only the app's own top frame may call: not another origin, not a subframe. */
function fromOwnFrame(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return (
    event.sender === window.webContents &&
    frame !== null &&
    frame.parent === null &&
    frame.url.startsWith(`${APP_ORIGIN}/`)
  );
}

/** One handler per contract method, each behind the sender check; events go to the window. */
export function installIpc(core: Core, window: BrowserWindow): void {
  for (const method of Object.keys(ipcContract) as IpcMethod[]) {
    ipcMain.handle(`portal:${method}`, (event, input: unknown) =>
      fromOwnFrame(event, window) ? core.handlers[method](input) : { ok: false, error: { code: 'internal' } },
    );
  }
  core.onEvent((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send('portal:event', { event, payload });
  });
}
