import { buildPortal, type Portal } from '../contract/portal';
import type { IpcEvent, IpcMethod, PortalResult } from '../contract/ipc';

declare global {
  interface Window {
    portal?: Portal;
  }
}

/** The preview sends bytes as `{ $bytes: base64 }`; they arrive here as an ArrayBuffer again. */
function bytesFromBase64(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
    return Uint8Array.fromBase64((value as { $bytes: string }).$bytes).buffer;
  }
  return value;
}

/** And the other way: a file's bytes go to the preview as `{ $bytes: base64 }`. */
function bytesAsBase64(_key: string, value: unknown): unknown {
  return value instanceof ArrayBuffer ? { $bytes: new Uint8Array(value).toBase64() } : value;
}

/**
 * `window.portal` as the preload exposes it in the app. In `npm run preview` (a
 * browser on this machine) the same object is built over the preview's loopback
 * WebSocket, authorised by the cookie the preview set from its secret link.
 */
export async function connectPortal(): Promise<Portal> {
  if (window.portal) return window.portal;
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge`);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error('bridge')), { once: true });
  });
  let next = 1;
  const pending = new Map<number, (r: PortalResult<unknown>) => void>();
  const listeners = new Map<IpcEvent, Set<(p: unknown) => void>>();
  ws.addEventListener('message', (m) => {
    const msg = JSON.parse(String(m.data), bytesFromBase64) as
      { t: 'result'; id: number; result: PortalResult<unknown> } | { t: 'event'; event: IpcEvent; payload: unknown };
    if (msg.t === 'result') {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    } else {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
    }
  });
  ws.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'network_unavailable' } });
    pending.clear();
  });
  const portal = buildPortal(
    (method: IpcMethod, input: unknown) =>
      new Promise((resolve) => {
        if (ws.readyState !== WebSocket.OPEN) return resolve({ ok: false, error: { code: 'network_unavailable' } });
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ t: 'call', id, method, input }, bytesAsBase64));
      }),
    (event, cb) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(cb);
      return () => set.delete(cb);
    },
  );
  window.portal = portal;
  return portal;
}
