import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { waitFor } from './mail-and-sms';

export interface SseStream {
  status: number;
  contentType: string | null;
  /** Every event so far, in order. */
  events: EventSourceMessage[];
  comments: string[];
  /** Resolves when the service ends the stream (or it is closed here). */
  ended: Promise<void>;
  isEnded(): boolean;
  /** The next event after the first `seen`, waited for. */
  nth(index: number, ms?: number): Promise<EventSourceMessage>;
  close(): void;
}

/** `GET /v1/events` as the main process holds it: fetch, read as it comes, parsed by a real SSE parser. */
export async function openStream(
  base: string,
  token: string,
  lastEventId?: number | string,
  path = '/v1/events',
): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(`${base}${path}`, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
      ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}),
    },
    signal: abort.signal,
  });
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
  let done = false;
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // Aborted here, or the connection was cut: either way the stream is over.
    } finally {
      done = true;
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    comments,
    ended,
    isEnded: () => done,
    nth: (index, ms = 5000) => waitFor(() => events[index], ms),
    close: () => abort.abort(),
  };
}

/**
 * Opens a stream on `base`, raises one Kotak Masuk message with `deliver` (through another
 * instance), and answers how long it took to arrive, having checked it is that message.
 */
export async function crossingTime(base: string, token: string, deliver: () => Promise<string>): Promise<number> {
  const stream = await openStream(base, token);
  try {
    const started = Date.now();
    const messageId = await deliver();
    const e = await stream.nth(0);
    if (JSON.parse(e.data).message.messageId !== messageId) throw new Error(`another message arrived: ${e.data}`);
    return Date.now() - started;
  } finally {
    stream.close();
  }
}
