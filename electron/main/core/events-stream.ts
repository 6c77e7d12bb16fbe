import { createParser } from 'eventsource-parser';
import type { ApiClient } from './api-client';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';

export interface StreamedEvent {
  id: number;
  name: string;
  data: unknown;
}

export interface EventsStreamOptions {
  api: ApiClient;
  sessions: SessionManager;
  onEvent: (event: StreamedEvent) => void;
  /** The stream is open again (after a start or a drop): what waited for the network may go. */
  onConnected?: () => void;
  /** The open stream broke off without an answer (the network went): the app is offline until it is back. */
  onDropped?: () => void;
  /** First pause after a drop; it doubles up to `maxBackoffMs` (account-inbox.md: 30 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * A stream silent this long is taken for dead and opened again (with Last-Event-ID): the
   * service writes a line every 25 s (api-v1.md, Events), and a connection half-open after a
   * sleep or a change of network carries nothing and raises no error. Default 60 s.
   */
  silenceMs?: number;
  onFault?: (err: unknown) => void;
}

const SILENCE_MS = 60_000;

/**
 * The main process's hold on `GET /v1/events` while someone is signed in: it reconnects
 * after a drop with `Last-Event-ID` (so nothing is missed), backing off up to 30 s, gives up
 * on a stream that has been silent past its keep-alive (a half-open connection), and lets go
 * when the person signs out. The renderer never holds it.
 */
export class EventsStream {
  private lastId: number | undefined;
  private abort: AbortController | null = null;
  private live = false;
  private running = false;
  private generation = 0;
  private wakeUp: (() => void) | null = null;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly silenceMs: number;
  /** Connections made since the start (for tests and the log). */
  connections = 0;

  constructor(private readonly o: EventsStreamOptions) {
    this.minBackoffMs = o.minBackoffMs ?? 1000;
    this.maxBackoffMs = o.maxBackoffMs ?? 30_000;
    this.silenceMs = o.silenceMs ?? SILENCE_MS;
  }

  /** Streams given up on for their silence (for tests and the log). */
  stalls = 0;

  /** The service has answered and the stream is open. */
  get connected(): boolean {
    return this.live;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastId = undefined;
    void this.loop(++this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.abort?.abort();
    this.abort = null;
    this.wakeUp?.();
  }

  /** A pause that `stop` cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => {
      this.wakeUp = null;
    });
  }

  private async loop(generation: number): Promise<void> {
    let backoff = this.minBackoffMs;
    while (this.running && generation === this.generation) {
      let heard = false;
      let stalled = false;
      try {
        await this.o.sessions.authorized(async (token) => {
          const abort = new AbortController();
          this.abort = abort;
          // Anything at all (an event, the keep-alive comment) shows the line is alive.
          let watchdog: NodeJS.Timeout | undefined;
          const watch = () => {
            clearTimeout(watchdog);
            watchdog = setTimeout(() => {
              stalled = true;
              this.stalls++;
              abort.abort();
            }, this.silenceMs);
            watchdog.unref?.();
          };
          // A service that never answers (a dead line) is given up on in the same time.
          watch();
          const headers: Record<string, string> =
            this.lastId !== undefined ? { 'last-event-id': String(this.lastId) } : {};
          const body = await this.o.api.stream('/v1/events', token, headers, abort.signal).catch((err: unknown) => {
            clearTimeout(watchdog);
            throw err;
          });
          this.connections++;
          this.live = true;
          backoff = this.minBackoffMs;
          this.o.onConnected?.();
          const decoder = new TextDecoder();
          const parser = createParser({
            onEvent: (e) => {
              heard = true;
              if (e.id && /^\d+$/u.test(e.id)) this.lastId = Number(e.id);
              if (!e.event) return;
              let data: unknown;
              try {
                data = JSON.parse(e.data);
              } catch {
                return;
              }
              if (generation === this.generation) this.o.onEvent({ id: this.lastId ?? 0, name: e.event, data });
            },
          });
          try {
            for await (const chunk of body) {
              watch();
              parser.feed(decoder.decode(chunk, { stream: true }));
            }
          } catch (err) {
            if (!abort.signal.aborted) {
              this.o.onDropped?.();
              throw new PortalFailure('network_unavailable');
            }
            void err;
          } finally {
            clearTimeout(watchdog);
          }
        });
      } catch (err) {
        // Signed out (or the session ended at the service): the session manager has said so.
        if (
          err instanceof PortalFailure &&
          ['unauthenticated', 'session_revoked', 'session_expired'].includes(err.code)
        ) {
          if (!this.o.sessions.currentUser) break;
        } else if (!(err instanceof PortalFailure && err.code === 'network_unavailable')) {
          this.o.onFault?.(err);
        }
      } finally {
        this.abort = null;
        this.live = false;
      }
      if (!this.running || generation !== this.generation) break;
      // A stream that carried something, or went silent under us, was healthy: come back quickly.
      const wait = heard || stalled ? this.minBackoffMs : backoff;
      backoff = Math.min(backoff * 2, this.maxBackoffMs);
      await this.pause(wait);
    }
  }
}
