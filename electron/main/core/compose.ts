import type { DeviceKind } from '../../../contract/api/identity';
import type { z } from 'zod';
import type { ConsultEvent, IpcEvent, IpcEventPayload } from '../../../contract/ipc';
import { InboxMessageEventSchema, type InboxMessage } from '../../../contract/api/events';
import { ClaimUpdatedEventSchema } from '../../../contract/api/claims';
import { PaymentUpdatedEventSchema } from '../../../contract/api/payments';
import {
  ConsultationMessageEventSchema,
  ConsultationReadEventSchema,
  ConsultationStatusEventSchema,
  ConsultationTypingEventSchema,
} from '../../../contract/api/consultations';
import { createConsultMethods } from './consult-methods';
import { RequestUpdatedEventSchema } from '../../../contract/api/requests';
import { ComplaintUpdatedEventSchema } from '../../../contract/api/complaints';
import { ApiClient, type FailedCall } from './api-client';
import { EventsStream } from './events-stream';
import { noDocumentCache, type DocumentCache } from './document-cache';
import type { DocumentDesk } from './document-methods';
import { realClock, type Clock } from './clock';
import { KioskGuard } from './kiosk-guard';
import { ScannerInbox } from './scanner-inbox';
import { createHandlerTable, type HandlerTable } from './handlers';
import { createPortal } from './portal';
import { SessionManager } from './session-manager';
import type { SettingsStore } from './settings';
import { noVault, type CredentialVault } from './vault';

export interface CoreOptions {
  serviceUrl: string;
  settings: SettingsStore;
  vault: CredentialVault;
  mode: DeviceKind;
  version: string;
  deviceName: string;
  branchName?: string;
  openExternal: (url: string) => Promise<void>;
  /** The branch's map tiles (machine configuration); otherwise the settings' own. */
  mapTileUrl?: string;
  mapAttribution?: string;
  /** Where documents are kept between starts; ignored on a kiosk, which keeps nothing. */
  documentCache?: DocumentCache;
  /** The window's save dialog and printing; without one, saving is cancelled and printing fails. */
  desk?: DocumentDesk;
  /** Whether a kiosk may print (personal devices always may). */
  printingAllowed?: boolean;
  /** The branch's printer, where a kiosk prints silently. */
  printer?: string;
  /** A kiosk's idle rules and the window's wipe (clear storage and cache, reload). */
  kiosk?: {
    warnAfterMs: number;
    countdownMs: number;
    wipe: () => Promise<void>;
    systemIdleMs?: () => number;
    clock?: Clock;
    /** The branch scanner's folder: the only place a kiosk uploads from. */
    scannerFolder?: string;
  };
  /** The machine's configuration was refused: the renderer shows what is wrong and nothing else. */
  configProblems?: string[];
  onFault?: (method: string, err: unknown) => void;
  /** A call to the service that failed, with its request id (the shell logs it: api-client.ts). */
  onFailedCall?: (call: FailedCall) => void;
  /**
   * Shows a desktop notification for a new Kotak Masuk message (the shell: Electron's
   * Notification, only while the window is not focused); `open` shows its item. Never on a kiosk.
   */
  notifyDesktop?: (message: InboxMessage, open: () => void) => void;
  /** The events stream's first pause after a drop (tests shorten it); it doubles up to 30 s. */
  eventsBackoffMs?: number;
  /** How long the events stream may be silent before it is opened again (tests shorten it; 60 s). */
  eventsSilenceMs?: number;
}

const noDesk: DocumentDesk = {
  chooseSavePath: async () => null,
  print: async () => {
    throw new Error('no window to print from');
  },
};

type Listener = (event: IpcEvent, payload: unknown) => void;

export interface Core {
  handlers: HandlerTable;
  /** The map tiles in use: the renderer's CSP admits their host, and no other. */
  mapTileUrl?: string;
  sessions: SessionManager;
  /** A kiosk's guard; null on a personal device. */
  kiosk: KioskGuard | null;
  /** Every event for the renderer (signed out, download progress), for the transport to forward. */
  onEvent(listener: Listener): () => void;
  /** The hold on the service's events stream while someone is signed in. */
  events: EventsStream;
  /** An update is going in (the renderer covers the screen with "Sedang memperbarui"), or it failed (the cover goes). */
  announceUpdate(updating: boolean): void;
}

/**
 * The events stream's events the renderer hears as they are (one IPC event each), and the
 * consultation ones, which `consult.event` tells with their kind. Kotak Masuk's is handled apart
 * (it may also show a desktop notification).
 */
const FORWARDED: Record<string, { event: IpcEvent; schema: z.ZodType<object>; shape: (data: object) => object }> = {
  'payment.updated': { event: 'payments.updated', schema: PaymentUpdatedEventSchema, shape: (d) => d },
  'claim.updated': { event: 'claims.updated', schema: ClaimUpdatedEventSchema, shape: (d) => d },
  'request.updated': { event: 'requests.updated', schema: RequestUpdatedEventSchema, shape: (d) => d },
  'complaint.updated': { event: 'complaints.updated', schema: ComplaintUpdatedEventSchema, shape: (d) => d },
  ...Object.fromEntries(
    (
      [
        ['consultation.message', 'message', ConsultationMessageEventSchema],
        ['consultation.status', 'status', ConsultationStatusEventSchema],
        ['consultation.typing', 'typing', ConsultationTypingEventSchema],
        ['consultation.read', 'read', ConsultationReadEventSchema],
      ] as const
    ).map(([name, kind, schema]) => [
      name,
      { event: 'consult.event' as const, schema, shape: (d: object): ConsultEvent => ({ ...d, kind }) as ConsultEvent },
    ]),
  ),
};

/** Puts the main-process core together; the same for the app, the preview and the tests. */
export function createCore(o: CoreOptions): Core {
  // Whether the service answers, said to the renderer only when it changes.
  let online = true;
  const reachable = (now: boolean) => {
    if (now === online) return;
    online = now;
    emit('app.connection', { online });
  };
  const api = new ApiClient({ baseUrl: o.serviceUrl, onReachable: reachable, onFailedCall: o.onFailedCall });
  // A kiosk keeps nothing: no keychain, whatever the machine has.
  const vault = o.mode === 'kiosk' ? noVault : o.vault;
  const sessions = new SessionManager(api, vault, { kind: o.mode, name: o.deviceName });
  const listeners = new Set<Listener>();
  const emit = <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => {
    for (const l of listeners) l(event, payload);
  };
  sessions.onSignedOut((payload) => emit('session.signedOut', payload));
  const forgetters: Array<() => void> = [];
  const consult = createConsultMethods({ api, sessions, onForget: (f) => forgetters.push(f) });
  const events = new EventsStream({
    onConnected: () => void consult.resendUnsent(),
    onDropped: () => reachable(false),
    api,
    sessions,
    minBackoffMs: o.eventsBackoffMs,
    silenceMs: o.eventsSilenceMs,
    onFault: (err) => o.onFault?.('events', err),
    onEvent: (e) => {
      const forward = FORWARDED[e.name];
      if (forward) {
        const parsed = forward.schema.safeParse(e.data);
        if (parsed.success) emit(forward.event, forward.shape(parsed.data) as never);
        return;
      }
      if (e.name !== 'inbox.message') return;
      const parsed = InboxMessageEventSchema.safeParse(e.data);
      if (!parsed.success) return;
      emit('inbox.message', parsed.data);
      const { message } = parsed.data;
      if (o.mode === 'personal')
        o.notifyDesktop?.(message, () =>
          emit('inbox.open', { messageId: message.messageId, ...(message.link ? { link: message.link } : {}) }),
        );
    },
  });
  sessions.onSignedIn(() => events.start());
  sessions.onSignedOut(() => events.stop());
  const scanner =
    o.mode === 'kiosk' && o.kiosk?.scannerFolder
      ? new ScannerInbox(o.kiosk.scannerFolder, o.kiosk.clock ?? realClock)
      : null;
  const windowWipe = o.kiosk?.wipe ?? (async () => {});
  const kiosk =
    o.mode === 'kiosk'
      ? new KioskGuard({
          clock: o.kiosk?.clock ?? realClock,
          warnAfterMs: o.kiosk?.warnAfterMs ?? 90_000,
          countdownMs: o.kiosk?.countdownMs ?? 30_000,
          systemIdleMs: o.kiosk?.systemIdleMs,
          sessionEndsAt: () => sessions.endsAt,
          signOut: (reason) => sessions.logout(reason),
          forget: () => forgetters.forEach((f) => f()),
          // The scanner's folder and the window, each whatever the other did; without a window to
          // wipe (a test of the core alone), the core's own forgetting is all.
          wipe: async () => {
            const [folder, window] = await Promise.allSettled([scanner?.empty(), windowWipe()]);
            if (folder.status === 'rejected') throw folder.reason;
            if (window.status === 'rejected') throw window.reason;
          },
          emit,
          onFault: (step, err) => o.onFault?.(`kiosk.${step}`, err),
        })
      : null;
  // However a kiosk's session ends, the window is wiped.
  if (kiosk) sessions.onSignedOut(() => void kiosk.signedOut());
  // The tiles and their credit come together, from the machine or from the settings.
  const tiles = o.mapTileUrl
    ? { url: o.mapTileUrl, attribution: o.mapAttribution }
    : { url: o.settings.get().mapTileUrl, attribution: o.settings.get().mapAttribution };
  const mapTileUrl = tiles.url;
  const portal = createPortal({
    consult,
    mapTileUrl,
    mapAttribution: tiles.attribution,
    kiosk,
    scanner,
    onForget: (f) => forgetters.push(f),
    configProblems: o.configProblems,
    documentCache: o.mode === 'kiosk' ? noDocumentCache : (o.documentCache ?? noDocumentCache),
    emit,
    api,
    sessions,
    settings: o.settings,
    vault,
    version: o.version,
    mode: o.mode,
    care: o.settings.get().care,
    branchName: o.branchName,
    openExternal: o.openExternal,
    serviceUrl: o.serviceUrl,
    desk: o.desk ?? noDesk,
    printingAllowed: o.printingAllowed ?? false,
    printer: o.printer,
  });
  return {
    mapTileUrl,
    handlers: createHandlerTable(portal, o.onFault ?? (() => {})),
    sessions,
    kiosk,
    events,
    announceUpdate: (updating) => emit('app.updating', { updating }),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
