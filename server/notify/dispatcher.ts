import type { FastifyBaseLogger } from 'fastify';
import type { ExpressionBuilder, Kysely, Selectable, Updateable } from 'kysely';
import type { Clock } from '../domain/clock';
import type { Database, OutboxTable } from '../store/schema';
import { Undeliverable, type MessageTransport } from './transport';

export interface DispatcherOptions {
  /** How long an instance holds a message it is sending before another may take it over. */
  leaseMs: number;
  /** How often waiting messages are looked for (besides a nudge after every commit). */
  pollMs: number;
  /** Tries before a message is given up on. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles after each one, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DISPATCH_DEFAULTS: DispatcherOptions = {
  leaseMs: 60_000,
  pollMs: 1_000,
  maxAttempts: 8,
  firstDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
};

const BATCH = 20;

type OutboxRow = Selectable<OutboxTable>;

/** Nobody holds it now: never claimed, or its holder's lease has run out. */
const unclaimed = (now: number) => (eb: ExpressionBuilder<Database, 'outbox'>) =>
  eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]);

/**
 * Sends what the outbox holds, after the transaction that wrote it has committed. A message
 * is claimed for a lease (so of several instances one sends it, and a crashed one's message
 * is taken over when its lease runs out), then marked sent, or tried again later with a
 * growing wait, or given up on. A failed one-time code lets its flow ask for a new code at
 * once instead of waiting out the old one's two minutes.
 */
export class Dispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transport: MessageTransport,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    private readonly o: DispatcherOptions = DISPATCH_DEFAULTS,
    /** A message of an identity flow could not be sent (the flow then lets its person ask again). */
    private readonly onUndelivered: (flowId: string, now: number) => Promise<void> = async () => {},
  ) {}

  /** Starts looking for waiting messages, those a previous run left behind included. */
  start(): void {
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /**
   * Messages whose transaction has committed. Real transports are slow and may retry, so the
   * answer does not wait for them (known and unknown accounts answer alike); the development
   * outbox is a quick local write, awaited so that the message is there with the answer.
   */
  async committed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    if (this.transport.immediate) await this.sendDue(ids);
    else this.kick();
  }

  /** Looks for due messages now (one pass at a time; a nudge during a pass runs another after it). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) =>
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox pass failed'),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.closed && (await this.sendDue()) === BATCH);
  }

  /** Claims due messages (all due, or just these) and sends them; answers how many it claimed. */
  private async sendDue(ids?: string[]): Promise<number> {
    const now = this.clock.now();
    const pending = this.db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where(unclaimed(now));
    const due = ids ? pending.where('id', 'in', ids) : pending.orderBy('created_at').limit(BATCH);
    // The claim re-checks its own conditions, so two instances that picked the same row cannot both have it.
    const claimed = await this.db
      .updateTable('outbox')
      .set((eb) => ({ claimed_until: now + this.o.leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .where('status', '=', 'pending')
      .where(unclaimed(now))
      .returningAll()
      .execute();
    await Promise.all(claimed.map((row) => this.sendOne(row)));
    return claimed.length;
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    // What became of it, unless a newer code superseded it meanwhile.
    const settle = (outcome: Updateable<OutboxTable>) =>
      this.db.updateTable('outbox').set(outcome).where('id', '=', row.id).where('status', '=', 'pending').execute();
    try {
      await this.transport.send({
        channel: row.channel,
        to: row.to_address,
        subject: row.subject,
        body: row.body ?? '',
        code: row.code,
        ...(row.attachment_document_id && row.attachment_name
          ? { attachment: { documentId: row.attachment_document_id, fileName: row.attachment_name } }
          : {}),
      });
      await settle({ status: 'sent', sent_at: this.clock.now(), body: null, code: null, claimed_until: null });
    } catch (err) {
      const now = this.clock.now();
      const reason = err instanceof Error ? err.message : String(err);
      const final = err instanceof Undeliverable || row.attempts >= this.o.maxAttempts;
      const wait = Math.min(this.o.maxDelayMs, this.o.firstDelayMs * 2 ** (row.attempts - 1));
      await settle({
        status: final ? 'failed' : 'pending',
        next_attempt_at: now + wait,
        claimed_until: null,
        last_error: reason.slice(0, 500),
        ...(final ? { body: null, code: null } : {}),
      });
      if (row.flow_id) await this.onUndelivered(row.flow_id, now);
      this.log.warn(
        { channel: row.channel, attempt: row.attempts, final, err: reason },
        final ? 'message given up' : 'message not delivered; trying again later',
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.transport.close?.();
  }
}
