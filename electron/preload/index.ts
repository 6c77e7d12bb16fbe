import { contextBridge, ipcRenderer } from 'electron';
import { buildPortal } from '../../contract/portal';

/**
 * Exposes exactly one object, `window.portal`, built from the contract's method list.
 * Raw `ipcRenderer` never reaches the renderer.
 */
const portal = buildPortal(
  (method, input) => ipcRenderer.invoke(`portal:${method}`, input),
  (event, cb) => {
    const listener = (_e: unknown, msg: { event: string; payload: unknown }) => {
      if (msg.event === event) cb(msg.payload);
    };
    ipcRenderer.on('portal:event', listener);
    return () => ipcRenderer.removeListener('portal:event', listener);
  },
);

contextBridge.exposeInMainWorld('portal', portal);
