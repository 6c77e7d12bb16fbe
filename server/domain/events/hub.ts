import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { EventName } from '../../../contract/api/events';
import type { Config } from '../../config';
import type { Database } from '../../store/schema';

export interface StoredEvent {
  id: number;
  name: string;
  /** JSON, as written. */
  data: string;
}

const RECONNECT_MAX_MS = 30_000;

/**
 * The events of every account: written to the `events` table in the transaction that caused
 * them, and signalled to the streams that wait for them. On PostgreSQL the signal is a
 * `NOTIFY` (sent at commit, heard by every instance; payload: the event id only); on SQLite,
 * one process, an in-process emitter.
 */
export class EventHub {
  private readonly local = new EventEmitter();
  private listener: pg.Client | undefined;
  private closed = false;
  private retryMs = 1000;
  private readonly channels: { events: string; sessions: string };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly database: Config['database'],
    private readonly log: FastifyBaseLogger,
  ) {
    this.local.setMaxListeners(0);
    // Channels are per database, schemas are not: the schema's name keeps instances of
    // different schemas (tests) apart.
    const suffix = database.kind === 'postgres' && database.schema ? `_${database.schema.toLowerCase()}` : '';
    this.channels = { events: `pn_events${suffix}`, sessions: `pn_sessions${suffix}` };
  }

  /** Writes an event in the caller's transaction; waiting streams hear of it once it commits. */
  async raise(trx: Kysely<Database>, accountId: string, name: EventName, data: unknown, now: number): Promise<number> {
    const row = await trx
      .insertInto('events')
      .values({ account_id: accountId, name, data: JSON.stringify(data), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await this.signal(trx, this.channels.events, String(id), () => this.local.emit(`events:${accountId}`));
    return id;
  }

  /** Tells the account's streams that its sessions changed (one ended): each checks its own. */
  async sessionsChanged(trx: Kysely<Database>, accountId: string): Promise<void> {
    await this.signal(trx, this.channels.sessions, accountId, () => this.local.emit(`sessions:${accountId}`));
  }

  /** Calls `onEvents` when the account may have new events; answers the unsubscribe. */
  onEvents(accountId: string, onEvents: () => void): () => void {
    return this.on(`events:${accountId}`, onEvents);
  }

  onSessionsChanged(accountId: string, onChange: () => void): () => void {
    return this.on(`sessions:${accountId}`, onChange);
  }

  /** The account's events after `afterId`, oldest first. */
  async after(accountId: string, afterId: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .select(['id', 'name', 'data'])
      .where('account_id', '=', accountId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), name: r.name, data: r.data }));
  }

  /** The newest event id of the account (0 with none): where a new stream starts. */
  async latestId(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  /** On PostgreSQL, listens on a connection of its own, and again after it drops. */
  async start(): Promise<void> {
    if (this.database.kind !== 'postgres') return;
    await this.listen();
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    this.local.removeAllListeners();
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
    const client = new pg.Client({
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
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'events listener could not start');
      await client.end().catch(() => undefined);
      if (this.closed) return;
      this.reconnect();
      return;
    }
    this.listener = client;
    this.retryMs = 1000;
    // Whatever was raised while no one listened: every stream reads after its last event.
    for (const key of this.local.eventNames()) if (String(key).startsWith('events:')) this.local.emit(key);
  }

  private reconnect(): void {
    this.listener = undefined;
    if (this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
    setTimeout(() => void this.listen(), wait).unref();
  }

  private async heard(channel: string, payload: string): Promise<void> {
    if (channel === this.channels.sessions) {
      this.local.emit(`sessions:${payload}`);
      return;
    }
    if (!/^\d+$/u.test(payload)) return;
    try {
      const row = await this.db
        .selectFrom('events')
        .select('account_id')
        .where('id', '=', Number(payload))
        .executeTakeFirst();
      if (row) this.local.emit(`events:${row.account_id}`);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'events lookup failed');
    }
  }
}
