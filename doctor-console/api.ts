import { createParser } from 'eventsource-parser';

/** A failure of the service, with its error code (api-v1.md's error shape). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/**
 * The console's line to the service, on the same origin. The doctor's token lives in this
 * page's memory only: a reload signs the doctor out, and nothing of it is written to storage.
 */
export class DoctorApi {
  token: string | null = null;

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError('network_unavailable', 0);
    }
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => ({}))) as {
      error?: { code: string; details?: Record<string, unknown> };
    };
    if (!res.ok) throw new ApiError(data.error?.code ?? 'internal', res.status, data.error?.details);
    return data as T;
  }

  /**
   * `GET /v1/doctor/events`, read as it comes (EventSource cannot send the token), and again
   * after a drop with `Last-Event-ID`. Answers the stop.
   */
  events(onEvent: (name: string, data: unknown) => void, onDown: (down: boolean) => void): () => void {
    let stopped = false;
    let last: string | undefined;
    let abort: AbortController | null = null;
    const run = async () => {
      while (!stopped && this.token) {
        abort = new AbortController();
        try {
          const res = await fetch('/v1/doctor/events', {
            headers: { authorization: `Bearer ${this.token}`, ...(last ? { 'last-event-id': last } : {}) },
            signal: abort.signal,
          });
          if (res.status === 401) return;
          if (!res.ok || !res.body) throw new Error(String(res.status));
          onDown(false);
          const parser = createParser({
            onEvent: (e) => {
              if (e.id) last = e.id;
              if (e.event) onEvent(e.event, JSON.parse(e.data) as unknown);
            },
          });
          const decoder = new TextDecoder();
          const reader = res.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.feed(decoder.decode(value, { stream: true }));
          }
        } catch {
          // Dropped (or stopped): try again in a moment.
        }
        if (stopped) return;
        onDown(true);
        await new Promise((r) => setTimeout(r, 2000));
      }
    };
    void run();
    return () => {
      stopped = true;
      abort?.abort();
    };
  }
}
