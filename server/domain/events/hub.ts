import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import type pg from 'pg';
import type { EventName } from '../../../contract/api/events';
import type { Config } from '../../config';
import type { Database } from '../../store/schema';
import { lockInOrder } from '../../store/lock-order';
import { postgresDriver } from '../../store/connect';
import { NatsEventBus } from './nats-bus';

/** A stream waiting for an account's events: where it is, and how to hand it more. */
export interface EventSubscriber {
  /** The id of the last event it has. */
  last(): number;
  /** The account's events after the smallest `last` of its subscribers; null: read them yourself. */
  deliver(events: StoredEvent[] | null): void;
}

export interface StoredEvent {
  id: number;
  name: string;
  /** JSON, as written. */
  data: string;
}

/** What a doctor's stream carries as stored events: the consultation events (the queue's changes are signals). */
export type DoctorEventName = EventName;

/** The key a doctor's streams wait under (account ids are plain tokens: no clash). */
export const doctorKey = (doctorId: string): string => `doctor:${doctorId}`;
const doctorOf = (key: string): string | undefined => (key.startsWith('doctor:') ? key.slice(7) : undefined);

const RECONNECT_MAX_MS = 30_000;
const FAN_OUT_BATCH = 200;

/**
 * The events of every account: written to the `events` table in the transaction that caused
 * them, and signalled to the streams that wait for them. On PostgreSQL the signal is a
 * `NOTIFY` (sent at commit, heard by every instance; payload: the event id only); on SQLite,
 * one process, an in-process emitter.
 */
export class EventHub {
  private readonly local = new EventEmitter();
  private readonly subscribers = new Map<string, Set<EventSubscriber>>();
  private readonly fetching = new Map<string, { again: boolean }>();
  private listener: pg.Client | undefined;
  private closed = false;
  private retryMs = 1000;
  private readonly channels: { events: string; sessions: string; jobs: string; queue: string };

  /** EVENTS_BUS: account and doctor events cross instances on NATS JetStream, not NOTIFY (nats-bus.ts). */
  private readonly bus: NatsEventBus | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly database: Config['database'],
    private readonly log: FastifyBaseLogger,
    eventsBus?: string,
  ) {
    this.local.setMaxListeners(0);
    this.bus =
      eventsBus && database.kind === 'postgres'
        ? new NatsEventBus(eventsBus, database.schema ?? '', db, log, (key) => this.busHeard(key))
        : undefined;
    // Channels are per database, schemas are not: the schema's name keeps instances of
    // different schemas (tests) apart.
    const suffix = database.kind === 'postgres' && database.schema ? `_${database.schema.toLowerCase()}` : '';
    this.channels = {
      events: `pn_events${suffix}`,
      sessions: `pn_sessions${suffix}`,
      jobs: `pn_jobs${suffix}`,
      queue: `pn_queue${suffix}`,
    };
  }

  /** Writes an event in the caller's transaction; waiting streams hear of it once it commits. */
  async raise(trx: Kysely<Database>, accountId: string, name: EventName, data: unknown, now: number): Promise<number> {
    if (this.database.kind === 'postgres') {
      // One account's events are numbered in the order they commit: a stream that has read
      // up to an id never meets a smaller one committed later. (SQLite writes one at a time.)
      await lockInOrder(trx, 'postgres', { account: accountId });
      if (this.bus) {
        // Relayed to the bus from the table once committed (nats-bus.ts): no NOTIFY.
        const row = await trx
          .insertInto('events')
          .values({ account_id: accountId, name, data: JSON.stringify(data), created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(row.id);
      }
      // The event and its signal in one statement (delivered at commit, to every instance).
      const { rows } = await sql<{ id: number | string }>`with e as (
          insert into events (account_id, name, data, created_at)
          values (${accountId}, ${name}, ${JSON.stringify(data)}, ${now}) returning id)
        select id, pg_notify(${this.channels.events}, id::text) from e`.execute(trx);
      return Number(rows[0]!.id);
    }
    const row = await trx
      .insertInto('events')
      .values({ account_id: accountId, name, data: JSON.stringify(data), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await this.signal(trx, this.channels.events, String(id), () => void this.fanOut(accountId));
    return id;
  }

  /**
   * A doctor's event (teleconsultation.md: the doctor's stream), written in the caller's
   * transaction like an account's. Streams wait for it under the key `doctorKey(doctorId)`.
   */
  async raiseForDoctor(
    trx: Kysely<Database>,
    doctorId: string,
    name: DoctorEventName,
    data: unknown,
    now: number,
  ): Promise<number> {
    if (this.database.kind === 'postgres') {
      await trx.selectFrom('doctors').select('id').where('id', '=', doctorId).forNoKeyUpdate().execute();
    }
    const row = await trx
      .insertInto('doctor_events')
      .values({ doctor_id: doctorId, name, data: JSON.stringify(data), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    if (!this.bus) await this.signal(trx, this.channels.events, `d${id}`, () => void this.fanOut(doctorKey(doctorId)));
    return id;
  }

  /** Tells the account's streams that its sessions changed (one ended): each checks its own. */
  async sessionsChanged(trx: Kysely<Database>, accountId: string): Promise<void> {
    await this.signal(trx, this.channels.sessions, accountId, () => this.local.emit(`sessions:${accountId}`));
  }

  /**
   * The consultations' queue changed (teleconsultation.md): every doctor's stream hears it once
   * `trx` commits, on every instance. A signal, not a stored event per doctor: it locks no
   * doctor's row, and a stream that was away reads the queue again when it comes back.
   */
  async queueChanged(trx: Kysely<Database>): Promise<void> {
    await this.signal(trx, this.channels.queue, '', () => this.local.emit('queue'));
  }

  onQueueChanged(handler: () => void): () => void {
    return this.on('queue', handler);
  }

  /** Jobs were written in `trx` (server/jobs/): every instance's runner hears of it once it commits. */
  async jobsAdded(trx: Kysely<Database>): Promise<void> {
    await this.signal(trx, this.channels.jobs, '', () => this.local.emit('jobs'));
  }

  signalInStatement(): RawBuilder<unknown> | undefined {
    return this.database.kind === 'postgres' ? sql`pg_notify(${this.channels.jobs}, '')` : undefined;
  }

  onJobsAdded(handler: () => void): () => void {
    return this.on('jobs', handler);
  }

  /**
   * Hands the subscriber the account's new events as they commit. One read per account and
   * instance serves all its streams, however many. Answers the unsubscribe.
   */
  onEvents(accountId: string, subscriber: EventSubscriber): () => void {
    let set = this.subscribers.get(accountId);
    if (!set) {
      set = new Set();
      this.subscribers.set(accountId, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(accountId);
    };
  }

  /** Reads the account's new events once and gives each of its streams what it lacks. */
  private async fanOut(accountId: string): Promise<void> {
    const running = this.fetching.get(accountId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true };
    this.fetching.set(accountId, state);
    try {
      while (state.again) {
        state.again = false;
        const set = this.subscribers.get(accountId);
        if (!set || set.size === 0) return;
        const from = Math.min(...[...set].map((s) => s.last()));
        const events = await this.after(accountId, from, FAN_OUT_BATCH);
        // A long way behind (a stream far back): each reads its own, in batches.
        const batch = events.length === FAN_OUT_BATCH ? null : events;
        if (batch !== null && batch.length === 0) continue;
        for (const s of set) s.deliver(batch);
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'events read failed');
      for (const s of this.subscribers.get(accountId) ?? []) s.deliver(null);
    } finally {
      this.fetching.delete(accountId);
    }
  }

  onSessionsChanged(accountId: string, onChange: () => void): () => void {
    return this.on(`sessions:${accountId}`, onChange);
  }

  /** The events of an account (or of a doctor, by `doctorKey`) after `afterId`, oldest first. */
  async after(key: string, afterId: number, limit: number): Promise<StoredEvent[]> {
    const doctorId = doctorOf(key);
    const rows = doctorId
      ? await this.db
          .selectFrom('doctor_events')
          .select(['id', 'name', 'data'])
          .where('doctor_id', '=', doctorId)
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .execute()
      : await this.db
          .selectFrom('events')
          .select(['id', 'name', 'data'])
          .where('account_id', '=', key)
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .execute();
    return rows.map((r) => ({ id: Number(r.id), name: r.name, data: r.data }));
  }

  /** About how many bytes the events after `afterId` take on a stream (how far behind its reader is). */
  async bytesAfter(key: string, afterId: number): Promise<number> {
    const doctorId = doctorOf(key);
    const size = (eb: ExpressionBuilder<Database, 'events' | 'doctor_events'>) =>
      eb.fn.sum<number | string | null>(sql`length(data) + length(name) + 32`).as('n');
    const row = doctorId
      ? await this.db
          .selectFrom('doctor_events')
          .select((eb) => size(eb as never))
          .where('doctor_id', '=', doctorId)
          .where('id', '>', afterId)
          .executeTakeFirst()
      : await this.db
          .selectFrom('events')
          .select((eb) => size(eb as never))
          .where('account_id', '=', key)
          .where('id', '>', afterId)
          .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The newest event id of the account or doctor (0 with none): where a new stream starts. */
  async latestId(key: string): Promise<number> {
    const doctorId = doctorOf(key);
    const row = doctorId
      ? await this.db
          .selectFrom('doctor_events')
          .select((eb) => eb.fn.max('id').as('id'))
          .where('doctor_id', '=', doctorId)
          .executeTakeFirst()
      : await this.db
          .selectFrom('events')
          .select((eb) => eb.fn.max('id').as('id'))
          .where('account_id', '=', key)
          .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  /** On PostgreSQL, listens on a connection of its own, and again after it drops. */
  async start(): Promise<void> {
    if (this.database.kind !== 'postgres') return;
    await this.listen();
    await this.bus?.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.bus?.close();
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    this.local.removeAllListeners();
    this.subscribers.clear();
  }

  /** The bus brought a key's events (null: it was away, every stream reads what it lacks). */
  private busHeard(key: string | null): void {
    if (key === null) this.everyStreamReads();
    else if (this.subscribers.has(key)) void this.fanOut(key);
  }

  /** After a time no signal could come (a listener or a bus away): every stream reads what it lacks. */
  private everyStreamReads(): void {
    for (const set of this.subscribers.values()) for (const s of set) s.deliver(null);
  }

  private on(key: string, handler: () => void): () => void {
    this.local.on(key, handler);
    return () => void this.local.off(key, handler);
  }

  private async signal(trx: Kysely<Database>, channel: string, payload: string, inProcess: () => void) {
    if (this.database.kind === 'postgres') {
      // Delivered when (and only if) the transaction commits, to every instance listening.
      await sql`select pg_notify(${channel}, ${payload})`.execute(trx);
    } else {
      // One connection: a stream's read waits for this transaction to end, so it sees the commit.
      setImmediate(inProcess);
    }
  }

  private async listen(): Promise<void> {
    if (this.database.kind !== 'postgres' || this.closed) return;
    const { url, schema } = this.database;
    const client = new (await postgresDriver()).Client({
      connectionString: url,
      application_name: schema ? `portal-nasabah-events:${schema}` : 'portal-nasabah-events',
    });
    client.on('notification', (msg) => void this.heard(msg.channel, msg.payload ?? ''));
    client.on('error', (err) => this.log.warn({ err: err.message }, 'events listener connection failed'));
    client.on('end', () => {
      if (this.listener === client) this.reconnect();
    });
    try {
      await client.connect();
      await client.query(`listen "${this.channels.events}"`);
      await client.query(`listen "${this.channels.sessions}"`);
      await client.query(`listen "${this.channels.jobs}"`);
      await client.query(`listen "${this.channels.queue}"`);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'events listener could not start');
      await client.end().catch(() => undefined);
      if (this.closed) return;
      this.reconnect();
      return;
    }
    // Closed while this connection was being made: it must not outlive the hub (it would hold
    // the process open after a SIGTERM).
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.retryMs = 1000;
    // Whatever was raised while no one listened: every stream reads after its last event.
    this.everyStreamReads();
  }

  private reconnect(): void {
    this.listener = undefined;
    if (this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
    setTimeout(() => void this.listen(), wait).unref();
  }

  private async heard(channel: string, payload: string): Promise<void> {
    if (channel === this.channels.jobs || channel === this.channels.queue) {
      this.local.emit(channel === this.channels.jobs ? 'jobs' : 'queue');
      return;
    }
    if (channel === this.channels.sessions) {
      this.local.emit(`sessions:${payload}`);
      return;
    }
    const doctorEvent = /^d(\d+)$/u.exec(payload);
    if (!doctorEvent && !/^\d+$/u.test(payload)) return;
    // No stream waits here: whose event it was need not be looked up.
    if (this.subscribers.size === 0) return;
    try {
      const key = doctorEvent
        ? await this.db
            .selectFrom('doctor_events')
            .select('doctor_id')
            .where('id', '=', Number(doctorEvent[1]))
            .executeTakeFirst()
            .then((r) => r && doctorKey(r.doctor_id))
        : await this.db
            .selectFrom('events')
            .select('account_id')
            .where('id', '=', Number(payload))
            .executeTakeFirst()
            .then((r) => r?.account_id);
      if (key && this.subscribers.has(key)) await this.fanOut(key);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'events lookup failed');
    }
  }
}
