import type { IpcEvent, IpcEventPayload, IpcInput, IpcMethod, IpcOutput, PortalResult } from './ipc';
import { IPC_EVENT_NAMES, IPC_METHOD_NAMES } from './ipc-names';

type Split<M extends string> = M extends `${infer NS}.${infer Name}` ? [NS, Name] : never;
type Namespaces = Split<IpcMethod>[0];
type MethodsOf<NS extends string> = { [M in IpcMethod as Split<M>[0] extends NS ? Split<M>[1] : never]: M };

type Call<M extends IpcMethod> =
  undefined extends IpcInput<M>
    ? (input?: IpcInput<M>) => Promise<PortalResult<IpcOutput<M>>>
    : (input: IpcInput<M>) => Promise<PortalResult<IpcOutput<M>>>;

/** `window.portal`: one namespace per area, one method per contract entry, plus events. */
export type Portal = { [NS in Namespaces]: { [K in keyof MethodsOf<NS>]: Call<MethodsOf<NS>[K] & IpcMethod> } } & {
  app: {
    onUpdating(cb: (e: IpcEventPayload<'app.updating'>) => void): () => void;
    onConnection(cb: (e: IpcEventPayload<'app.connection'>) => void): () => void;
  };
  session: { onSignedOut(cb: (e: IpcEventPayload<'session.signedOut'>) => void): () => void };
  documents: { onProgress(cb: (e: IpcEventPayload<'documents.progress'>) => void): () => void };
  kiosk: { onIdleWarning(cb: (e: IpcEventPayload<'kiosk.idleWarning'>) => void): () => void };
  claims: {
    onUpdated(cb: (e: IpcEventPayload<'claims.updated'>) => void): () => void;
    onUploadProgress(cb: (e: IpcEventPayload<'claims.uploadProgress'>) => void): () => void;
  };
  payments: { onUpdated(cb: (e: IpcEventPayload<'payments.updated'>) => void): () => void };
  consult: { onEvent(cb: (e: IpcEventPayload<'consult.event'>) => void): () => void };
  requests: { onUpdated(cb: (e: IpcEventPayload<'requests.updated'>) => void): () => void };
  complaints: { onUpdated(cb: (e: IpcEventPayload<'complaints.updated'>) => void): () => void };
  privacy: { onExportProgress(cb: (e: IpcEventPayload<'privacy.exportProgress'>) => void): () => void };
  inbox: {
    onMessage(cb: (e: IpcEventPayload<'inbox.message'>) => void): () => void;
    onOpen(cb: (e: IpcEventPayload<'inbox.open'>) => void): () => void;
  };
};

export type Invoke = (method: IpcMethod, input: unknown) => Promise<PortalResult<unknown>>;
export type Subscribe = (event: IpcEvent, cb: (payload: unknown) => void) => () => void;

/**
 * Builds the `window.portal` object over any transport: Electron IPC in the preload,
 * a loopback WebSocket in the preview. Both expose exactly the contract's methods.
 */
export function buildPortal(invoke: Invoke, subscribe: Subscribe): Portal {
  const portal: Record<string, Record<string, unknown>> = {};
  for (const method of IPC_METHOD_NAMES) {
    const [ns, name] = method.split('.') as [string, string];
    (portal[ns] ??= {})[name] = (input?: unknown) => invoke(method, input);
  }
  for (const event of IPC_EVENT_NAMES) {
    const [ns, name] = event.split('.') as [string, string];
    (portal[ns] ??= {})[`on${name[0]!.toUpperCase()}${name.slice(1)}`] = (cb: (payload: unknown) => void) =>
      subscribe(event, cb);
  }
  return portal as unknown as Portal;
}
