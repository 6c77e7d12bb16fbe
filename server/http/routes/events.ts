import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { LastEventIdSchema } from '../../../contract/api/events';
import type { EventHub, StoredEvent } from '../../domain/events/hub';
import { ServiceError } from '../../domain/errors';
import type { Sessions } from '../../domain/identity/sessions';
import { principalOf, requireSession } from '../auth';
import { bearerSecurity, errorResponses } from './common';

/** A comment line this often keeps proxies from closing a quiet stream (api-v1.md: 25 s). */
export const KEEP_ALIVE_MS = 25_000;
const BATCH = 500;
/** A session holds at most this many streams; a new one beyond them closes its oldest (api-v1.md, Events). */
export const STREAMS_PER_SESSION = 8;
/** A reader this far behind (bytes written and not yet taken) is closed; it resumes with Last-Event-ID. */
export const MAX_BEHIND_BYTES = 1024 * 1024;

/**
 * The open streams of this instance: closing the service ends them, and a session holds at
 * most `STREAMS_PER_SESSION` (the ninth closes its oldest), so one token cannot hold hundreds.
 */
export class OpenStreams {
  private readonly ends = new Set<() => void>();
  private readonly bySession = new Map<string, Array<() => void>>();

  add(end: () => void, session?: string): () => void {
    this.ends.add(end);
    if (session) {
      const mine = this.bySession.get(session) ?? [];
      mine.push(end);
      this.bySession.set(session, mine);
      while (mine.length > STREAMS_PER_SESSION) mine.shift()!();
    }
    return () => {
      this.ends.delete(end);
      if (!session) return;
      const mine = this.bySession.get(session);
      const at = mine?.indexOf(end) ?? -1;
      if (mine && at >= 0) mine.splice(at, 1);
      if (mine?.length === 0) this.bySession.delete(session);
    };
  }
  get size(): number {
    return this.ends.size;
  }
  endAll(): void {
    for (const end of [...this.ends]) end();
  }
}

/** What a stream needs to know of whom it serves: its events' key, and whether its session lives. */
export interface StreamOwner {
  /** The account id, or `doctorKey(doctorId)`. */
  key: string;
  isActive(): Promise<boolean>;
  /** The session the stream belongs to: at most `STREAMS_PER_SESSION` of them each. */
  session: string;
  route: string;
  /**
   * Signals that are not stored events (the doctors' queue changed): written as an event
   * without an id, so a stream that resumes is not confused by them. Answers the unsubscribe.
   */
  signals?: (send: (event: string, data: unknown) => void) => () => void;
}

/**
 * Serves one server-sent-events stream: from `Last-Event-ID` (or from now), every event of
 * its owner as it commits, a comment line every `keepAliveMs`, and the end when the owner's
 * session does (checked on every signal and keep-alive) or the service closes.
 */
export async function serveEventStream(
  req: FastifyRequest,
  reply: FastifyReply,
  owner: StreamOwner,
  hub: EventHub,
  streams: OpenStreams,
  keepAliveMs: number,
): Promise<void> {
  const header = req.headers['last-event-id'];
  let last: number;
  if (header === undefined) last = await hub.latestId(owner.key);
  else {
    const parsed = LastEventIdSchema.safeParse(header);
    if (!parsed.success)
      throw new ServiceError('invalid_request', 'Last-Event-ID must be an event id.', {
        in: 'headers',
        fields: ['last-event-id'],
      });
    last = parsed.data;
  }

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
    // Proxies that buffer (nginx) pass each event on at once.
    'x-accel-buffering': 'no',
  });
  res.write(`retry: 3000\n\n`);

  let closed = false;
  let reading = false;
  let again = false;
  // The reader has not taken what was written: nothing more is read for it until it drains,
  // and what it misses meanwhile is counted (in the bytes it would take) up to the limit.
  let full = false;
  let weighing = false;
  /**
   * Writes a frame, minding the reader: while the socket's buffer is full no more events are
   * read for this stream (they wait in the table); a reader more than `MAX_BEHIND_BYTES` behind
   * is closed, and comes back with Last-Event-ID. Answers whether more may be written now.
   */
  const send = (frame: string): boolean => {
    if (closed) return false;
    const more = res.write(frame);
    if (res.writableLength > MAX_BEHIND_BYTES) {
      req.log.warn({ route: owner.route, behind: res.writableLength }, 'events reader too far behind: closed');
      // Destroyed, not ended: what it did not take is let go at once, not kept for it.
      end(true);
      return false;
    }
    if (!more) full = true;
    return more;
  };
  /** Writes the events this stream lacks, in order; false once it should stop (ended, or the reader is full). */
  const write = (events: StoredEvent[]): boolean => {
    for (const e of events) {
      if (closed) return false;
      if (e.id <= last) continue;
      last = e.id;
      if (!send(`id: ${e.id}\nevent: ${e.name}\ndata: ${e.data}\n\n`)) return false;
    }
    return !closed && !full;
  };
  res.on('drain', () => {
    full = false;
    void pump();
  });
  /** While the reader is full, what it has not taken (written, and waiting in the table) is weighed, one look at a time. */
  const weighBehind = async (): Promise<void> => {
    if (weighing || closed) return;
    weighing = true;
    try {
      const behind = res.writableLength + (await hub.bytesAfter(owner.key, last));
      if (full && behind > MAX_BEHIND_BYTES) {
        req.log.warn({ route: owner.route, behind }, 'events reader too far behind: closed');
        end(true);
      }
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'events stream read failed');
    } finally {
      weighing = false;
    }
  };
  const pump = async (): Promise<void> => {
    if (closed || full) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        for (;;) {
          const batch = await hub.after(owner.key, last, BATCH);
          if (!write(batch)) return;
          if (batch.length < BATCH) break;
        }
      } while (again && !closed);
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'events stream read failed');
      end();
    } finally {
      reading = false;
    }
  };
  const checkSession = async (): Promise<void> => {
    if (closed) return;
    const active = await owner.isActive().catch(() => true);
    if (!active) end();
  };
  const offEvents = hub.onEvents(owner.key, {
    last: () => last,
    deliver: (events) => {
      // A full reader reads for itself once it drains; while this stream reads for itself
      // (its catch-up), it reads once more instead.
      if (full) return void weighBehind();
      if (events === null || reading) return void pump();
      write(events);
    },
  });
  const offSessions = hub.onSessionsChanged(owner.key, () => void checkSession());
  const offSignals = owner.signals?.((event, data) => void send(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  const keepAlive = setInterval(() => {
    send(': keep-alive\n\n');
    void checkSession();
  }, keepAliveMs);
  const forget = streams.add(() => end(), owner.session);
  function end(abandon = false): void {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    offEvents();
    offSessions();
    offSignals?.();
    forget();
    if (abandon) res.destroy();
    else res.end();
  }
  req.raw.on('close', () => end());
  req.log.info({ route: owner.route, status: 200 }, 'events stream opened');
  await pump();
}

/**
 * `GET /v1/events`: server-sent events of the signed-in account. A client that comes back
 * with `Last-Event-ID` gets every event after it; a new one starts from now. The stream ends
 * when its session does (logout, revoked, run out), checked on every signal and keep-alive.
 */
export function eventRoutes(
  hub: EventHub,
  sessions: Sessions,
  streams: OpenStreams,
  keepAliveMs = KEEP_ALIVE_MS,
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/v1/events', {
      schema: {
        tags: ['events'],
        security: bearerSecurity,
        description:
          'Server-sent events (text/event-stream): `id`, `event` (inbox.message, claim.updated, …) and JSON `data`. ' +
          'Send `Last-Event-ID` to resume after that event.',
        produces: ['text/event-stream'],
        response: { ...errorResponses },
      },
      onRequest: requireSession(sessions),
      handler: async (req, reply) => {
        const { accountId, sessionId } = principalOf(req);
        await serveEventStream(
          req,
          reply,
          { key: accountId, isActive: () => sessions.isActive(sessionId), session: sessionId, route: '/v1/events' },
          hub,
          streams,
          keepAliveMs,
        );
      },
    });
  };
}
