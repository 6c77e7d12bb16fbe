import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { doctorKey } from './hub';

/** A relay's question to the events tables, and how long a hole in their ids is waited on. */
const RELAY_EVERY_MS = 150;
const RELAY_BATCH = 500;
/**
 * An id the sequence gave a transaction that has not committed (or never will: a rollback leaves
 * a hole for good) is waited on this long before the relay goes past it.
 */
const HOLE_WAIT_MS = 5_000;

interface Cursor {
  /** Every id up to here was relayed. */
  upTo: number;
  /** The first missing id above `upTo`, and since when it has been missing. */
  hole?: { id: number; since: number };
}

/**
 * Live events across instances on NATS JetStream (`EVENTS_BUS=nats://…`), instead of PostgreSQL's
 * NOTIFY. Each instance relays the events tables to a stream after commit — it reads what has
 * committed, so nothing is published that did not commit, and its cursor moves only once the
 * broker has taken a message, so nothing committed is lost while the broker is away. Every
 * instance relays every event, each message once per event id (JetStream drops the copies within
 * its duplicate window). Each instance consumes the stream once and tells the hub whose events
 * arrived; the hub hands every stream what it lacks from the database, as with NOTIFY. A message
 * carries a key (an account id or `doctor:` id), never an event's content.
 */
export class NatsEventBus {
  private nc: NatsConnection | undefined;
  /** Made once the connection is: the relay publishes through it every round. */
  private js: JetStreamClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  private relaying: Promise<void> | undefined;
  private closed = false;
  private readonly accounts: Cursor = { upTo: 0 };
  private readonly doctors: Cursor = { upTo: 0 };
  private readonly subject: string;
  private readonly stream: string;

  constructor(
    private readonly url: string,
    /** The database's schema, or '': instances of different schemas (tests) keep apart. */
    scope: string,
    private readonly db: Kysely<Database>,
    private readonly log: FastifyBaseLogger,
    /** A key's events arrived (null: the bus was away; every stream reads what it lacks). */
    private readonly heard: (key: string | null) => void,
    private readonly now: () => number = Date.now,
  ) {
    const name = scope ? scope.replace(/[^A-Za-z0-9_-]/gu, '_') : 'default';
    this.subject = `portal.${name}.events`;
    this.stream = `PORTAL_EVENTS_${name}`;
  }

  async start(): Promise<void> {
    const [{ connect }, { jetstream, jetstreamManager, DeliverPolicy }] = await Promise.all([
      import('@nats-io/transport-node'),
      import('@nats-io/jetstream'),
    ]);
    // Relayed from here on: what committed before this start, every stream reads from the database.
    this.accounts.upTo = await this.maxId('events');
    this.doctors.upTo = await this.maxId('doctor_events');
    this.nc = await connect({ servers: this.url, maxReconnectAttempts: -1, reconnectTimeWait: 500, name: this.stream });
    const jsm = await jetstreamManager(this.nc);
    const config = {
      name: this.stream,
      subjects: [this.subject],
      // Only wake-ups: a minute of them is plenty; copies of one event within two are dropped.
      max_age: 60 * 1_000_000_000,
      duplicate_window: 60 * 1_000_000_000,
    };
    await jsm.streams.add(config).catch(async () => jsm.streams.update(this.stream, config));
    this.js = jetstream(this.nc);
    void this.consume(this.js, DeliverPolicy.New);
    void this.watchStatus();
    this.timer = setInterval(() => this.kick(), RELAY_EVERY_MS);
    this.timer.unref();
  }

  /** Relays now (an instance that raised events need not wait for the next round). */
  kick(): void {
    if (this.closed || this.relaying || !this.js) return;
    this.relaying = this.relay()
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'events relay failed'))
      .finally(() => {
        this.relaying = undefined;
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.relaying;
    await this.nc?.close().catch(() => undefined);
  }

  private async consume(js: JetStreamClient, deliverNew: 'new'): Promise<void> {
    while (!this.closed) {
      try {
        const consumer = await js.consumers.get(this.stream, { deliver_policy: deliverNew });
        const messages = await consumer.consume();
        // (Re)subscribed: whatever passed meanwhile, every stream reads from the database.
        this.heard(null);
        for await (const m of messages) {
          const key = m.string();
          if (key) this.heard(key);
          if (this.closed) break;
        }
      } catch (err) {
        if (this.closed) return;
        this.log.warn({ err: (err as Error).message }, 'events bus consumer failed');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** After the broker was away, the streams read what they lack (as after NOTIFY's reconnect). */
  private async watchStatus(): Promise<void> {
    if (!this.nc) return;
    for await (const s of this.nc.status()) {
      if (s.type === 'reconnect') {
        this.heard(null);
        this.kick();
      }
    }
  }

  private async maxId(table: 'events' | 'doctor_events'): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  private async relay(): Promise<void> {
    const js = this.js!;
    await this.publish(
      js,
      this.accounts,
      'e',
      await this.after('events', 'account_id', this.accounts.upTo, (id) => id),
    );
    await this.publish(
      js,
      this.doctors,
      'd',
      await this.after('doctor_events', 'doctor_id', this.doctors.upTo, doctorKey),
    );
  }

  /** The next ids of a table after `upTo`, each with the key its streams wait under. */
  private async after(
    table: 'events' | 'doctor_events',
    owner: 'account_id' | 'doctor_id',
    upTo: number,
    keyOf: (owner: string) => string,
  ): Promise<Array<{ id: number; key: string }>> {
    const rows = await this.db
      .selectFrom(table)
      .select(['id', sql.ref<string>(owner).as('key')])
      .where('id', '>', upTo)
      .orderBy('id')
      .limit(RELAY_BATCH)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), key: keyOf(r.key) }));
  }

  /** Publishes rows in id order; the cursor moves over each one the broker took, and over a hole once it is old. */
  private async publish(
    js: JetStreamClient,
    cursor: Cursor,
    prefix: string,
    rows: Array<{ id: number | string; key: string }>,
  ): Promise<void> {
    for (const row of rows) {
      const id = Number(row.id);
      if (id > cursor.upTo + 1) {
        // A hole: an id given to a transaction still open, or rolled back.
        if (!cursor.hole || cursor.hole.id !== cursor.upTo + 1)
          cursor.hole = { id: cursor.upTo + 1, since: this.now() };
        if (this.now() - cursor.hole.since < HOLE_WAIT_MS) return;
      }
      await js.publish(this.subject, row.key, { msgID: `${prefix}${id}` });
      cursor.upTo = id;
      cursor.hole = undefined;
    }
  }
}
