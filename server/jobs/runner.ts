import type { ExpressionBuilder, Kysely, Updateable } from 'kysely';
import type { Clock } from '../domain/clock';
import type { StoreKind } from '../store/connect';
import type { Database, JobsTable } from '../store/schema';
import { DEFAULT_RETRY, GiveUp, NotYet, type JobHandler, type JobRow, type RetryPolicy } from './jobs';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RunnerOptions {
  /**
   * Whether the instance is busy answering (requests queueing): jobs then give way, one at a
   * time at most every `yieldMs`, and catch up once the burst is answered. A booking is answered
   * first; its receipt follows.
   */
  busy?: () => boolean;
  yieldMs?: number;
  /** How long an instance holds a job it runs; extended while it runs, taken over by another once it lapses. */
  leaseMs: number;
  /** How often due jobs are looked for (besides the signal after each commit that adds one). */
  pollMs: number;
  /** Jobs one instance runs at once. */
  concurrency: number;
}

export const RUNNER_DEFAULTS: RunnerOptions = { leaseMs: 30_000, pollMs: 1_000, concurrency: 8, yieldMs: 500 };

/** Nobody holds it now: never claimed, or its holder's lease has run out (the holder died). */
const unclaimed = (now: number) => (eb: ExpressionBuilder<Database, 'jobs'>) =>
  eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]);

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Runs the jobs of every kind, on every instance (ARCHITECTURE.md, Transactions and side
 * effects). A job is claimed for a lease by one conditional update (on PostgreSQL skipping rows
 * another instance is claiming), so of several instances one runs it; the lease is extended
 * while it runs, and a job whose holder died (`kill -9`) is taken over when its lease lapses.
 * A failure is retried after a doubling wait, then given up on for the back office to retry.
 *
 * No kept library does this on both SQLite and PostgreSQL (graphile-worker and pg-boss are
 * PostgreSQL's alone), so it is this one small runner for every area.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly runningKinds = new Map<string, number>();
  /** A pass's claim until what it claimed is running (`runNow` waits for those). */
  private readonly passes = new Set<Promise<number>>();
  private pollTimer: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** Until `start`, nothing runs: a signal from another instance must not find a kind not registered yet. */
  private begun = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: StoreKind,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly o: RunnerOptions = RUNNER_DEFAULTS,
  ) {}

  register<P>(handler: JobHandler<P>): void {
    if (this.handlers.has(handler.kind)) throw new Error(`two handlers for jobs of kind ${handler.kind}`);
    this.handlers.set(handler.kind, handler as JobHandler<never>);
  }

  /** Starts looking for due jobs, those a previous run (or a dead instance) left behind included. */
  start(): void {
    this.begun = true;
    this.pollTimer = setInterval(() => this.kick(), this.o.pollMs);
    this.pollTimer.unref();
    this.leaseTimer = setInterval(() => void this.extendLeases(), Math.max(200, Math.floor(this.o.leaseMs / 3)));
    this.leaseTimer.unref();
    this.kick();
  }

  get started(): boolean {
    return this.pollTimer !== null && !this.closed;
  }

  /** Looks for due jobs now (one pass at a time; a nudge during a pass runs another after it). */
  kick(): void {
    if (this.closed || !this.begun) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err: unknown) => this.log.warn({ err: message(err) }, 'job pass failed'))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Runs these jobs now, if they are due and nobody holds them, and waits for them (the
   * development outbox's messages are there with the answer that made them). One another
   * instance claimed first (its poll came between the commit and this call) is waited for where
   * it runs, up to a lease: the answer carries its result all the same.
   */
  async runNow(ids: string[]): Promise<void> {
    if (ids.length === 0 || this.closed || !this.begun) return;
    const until = performance.now() + this.o.leaseMs;
    let left = ids;
    for (let pause = 25; ; pause = Math.min(500, pause * 2)) {
      const claimed = await this.claim(left.length, left);
      const mine = claimed.map((job) => this.track(job));
      const own = new Set(claimed.map((j) => j.id));
      // A pass of this instance may have claimed some of them a moment ago: once it has started
      // them, they are waited for too.
      await Promise.all(this.passes);
      const here = left.filter((id) => !own.has(id) && this.running.has(id));
      await Promise.all([...mine, ...here.map((id) => this.running.get(id))]);
      left = await this.heldElsewhere(left.filter((id) => !own.has(id) && !here.includes(id)));
      if (left.length === 0 || this.closed || performance.now() > until) return;
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /**
   * Of these jobs, those still to wait for: held by another instance, or free and due (another
   * instance's claim of them was rolled back). One done, failed or waiting for its retry is not.
   */
  private async heldElsewhere(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const now = this.clock.now();
    const rows = await this.db
      .selectFrom('jobs')
      .select(['id', 'claimed_until', 'run_at'])
      .where('id', 'in', ids)
      .where('status', '=', 'pending')
      .execute();
    return rows.filter((j) => (j.claimed_until !== null && j.claimed_until > now) || j.run_at <= now).map((j) => j.id);
  }

  private lastWhileBusy = 0;

  /** How many more jobs may start now: the free slots, or while the instance is busy, one now and then. */
  private room(): number {
    const free = this.o.concurrency - this.running.size;
    if (free <= 0 || !this.o.busy?.()) return free;
    const now = performance.now();
    if (this.running.size > 0 || now - this.lastWhileBusy < (this.o.yieldMs ?? 500)) return 0;
    this.lastWhileBusy = now;
    return 1;
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const free = this.room();
      // Busy: given way to the requests; the next poll (or a finished job) looks again.
      if (free <= 0 && this.running.size === 0) return;
      if (free <= 0) {
        // Full: the next finished job makes room, and this pass goes on.
        await Promise.race(this.running.values());
        continue;
      }
      const pass = this.claim(free).then((claimed) => {
        for (const job of claimed) void this.track(job);
        return claimed.length;
      });
      this.passes.add(pass);
      const started = await pass.finally(() => this.passes.delete(pass));
      if (started === 0) return;
    }
  }

  private track(job: JobRow): Promise<void> {
    this.runningKinds.set(job.kind, (this.runningKinds.get(job.kind) ?? 0) + 1);
    const p = this.runOne(job)
      .catch((err: unknown) => this.log.warn({ jobId: job.id, err: message(err) }, 'job outcome not recorded'))
      .finally(() => {
        this.running.delete(job.id);
        this.runningKinds.set(job.kind, (this.runningKinds.get(job.kind) ?? 1) - 1);
        // A kind with a limit has room again: the next of it (handed back or passed over) is looked for.
        if (this.handlers.get(job.kind)?.concurrency !== undefined) this.kick();
      });
    this.running.set(job.id, p);
    return p;
  }

  /** The kinds running as many at once as they may on this instance. */
  private get atLimit(): Set<string> {
    const full = new Set<string>();
    for (const [kind, h] of this.handlers)
      if (h.concurrency !== undefined && (this.runningKinds.get(kind) ?? 0) >= h.concurrency) full.add(kind);
    return full;
  }

  /** Claims up to `n` due jobs (any, or just `ids`) for a lease; the update re-checks, so two claimers never share one. */
  private async claim(n: number, ids?: string[]): Promise<JobRow[]> {
    const now = this.clock.now();
    let due = this.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'pending')
      .where('run_at', '<=', now)
      .where(unclaimed(now));
    if (!ids) {
      const full = this.atLimit;
      if (full.size > 0) due = due.where('kind', 'not in', [...full]);
    }
    due = ids ? due.where('id', 'in', ids) : due.orderBy('run_at').limit(n);
    // PostgreSQL: rows another instance is claiming this moment are passed over, not waited for.
    if (this.kind === 'postgres') due = due.forUpdate().skipLocked();
    // The choice is made once, as its own materialized step: PostgreSQL may otherwise run a
    // `LIMIT … SKIP LOCKED` subquery again for each row it updates, and claim more than `n`.
    const chosen = due;
    const claimed = await this.db
      .with(
        (cte) => cte('due').materialized(),
        () => chosen,
      )
      .updateTable('jobs')
      .set((eb) => ({ claimed_until: now + this.o.leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      .where('status', '=', 'pending')
      .where(unclaimed(now))
      .returningAll()
      .execute();
    // More of a limited kind than it has room for: the rest handed back at once, for later.
    const room = new Map<string, number>();
    const kept: JobRow[] = [];
    const back: JobRow[] = [];
    for (const job of claimed) {
      const limit = this.handlers.get(job.kind)?.concurrency;
      if (limit === undefined) {
        kept.push(job);
        continue;
      }
      const left = room.get(job.kind) ?? limit - (this.runningKinds.get(job.kind) ?? 0);
      if (left > 0) kept.push(job);
      else back.push(job);
      room.set(job.kind, left - 1);
    }
    for (const job of back)
      await this.db
        .updateTable('jobs')
        .set({ claimed_until: null, attempts: job.attempts - 1 })
        .where('id', '=', job.id)
        .where('attempts', '=', job.attempts)
        .execute();
    return kept;
  }

  /** The leases of the jobs this instance is running are extended while they run. */
  private async extendLeases(): Promise<void> {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    await this.db
      .updateTable('jobs')
      .set({ claimed_until: this.clock.now() + this.o.leaseMs })
      .where('id', 'in', ids)
      .where('status', '=', 'pending')
      .execute()
      .catch((err: unknown) => this.log.warn({ err: message(err) }, 'job lease extension failed'));
  }

  private retryOf(handler: JobHandler<never> | undefined): RetryPolicy {
    return { ...DEFAULT_RETRY, ...handler?.retry };
  }

  private async runOne(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const payload = JSON.parse(job.payload) as never;
    // What became of it, unless it was superseded (or retried by the back office) meanwhile.
    const settle = (outcome: Updateable<JobsTable>) =>
      this.db
        .updateTable('jobs')
        .set(outcome)
        .where('id', '=', job.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', job.attempts)
        .execute();
    const finished = (status: 'done' | 'failed', extra: Updateable<JobsTable> = {}) =>
      settle({
        status,
        finished_at: this.clock.now(),
        claimed_until: null,
        ...(handler?.redact ? { payload: JSON.stringify(handler.redact(payload)) } : {}),
        ...extra,
      });
    if (!handler) {
      // A kind this instance does not know (a newer release's, in a rolling upgrade): handed
      // back for an instance that does, and looked at again later.
      await settle({ claimed_until: null, run_at: this.clock.now() + 60_000, attempts: job.attempts - 1 });
      this.log.warn({ jobId: job.id, kind: job.kind }, 'job of a kind this instance does not run: left for another');
      return;
    }
    if (job.give_up_at !== null && this.clock.now() > job.give_up_at) {
      await finished('failed', { last_error: 'expired before it could run' });
      return;
    }
    try {
      await handler.run(payload, job);
      await finished('done');
    } catch (err) {
      const now = this.clock.now();
      if (err instanceof NotYet) {
        // Waiting is not failing: the attempt is handed back.
        await settle({
          run_at: now + err.retryInMs,
          claimed_until: null,
          attempts: job.attempts - 1,
          last_error: message(err),
        }).catch(() => undefined);
        return;
      }
      const retry = this.retryOf(handler);
      const final = err instanceof GiveUp || job.attempts >= retry.maxAttempts;
      const wait = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (job.attempts - 1));
      const outcome: Updateable<JobsTable> = { last_error: message(err) };
      await (
        final ? finished('failed', outcome) : settle({ ...outcome, run_at: now + wait, claimed_until: null })
      ).catch((e: unknown) => this.log.warn({ err: message(e) }, 'job outcome not recorded'));
      this.log.warn(
        { jobId: job.id, kind: job.kind, attempt: job.attempts, final, err: message(err) },
        final ? 'job given up' : 'job failed; trying again later',
      );
    }
  }

  /**
   * Stops taking jobs, waits up to `graceMs` for those running, and hands back the rest (their
   * lease cleared) so another instance takes them at once.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => {
      timer = setTimeout(r, graceMs);
    });
    await Promise.race([Promise.allSettled([this.draining, ...this.running.values()]), timeout]);
    clearTimeout(timer);
    const left = [...this.running.keys()];
    if (left.length > 0) {
      await this.db
        .updateTable('jobs')
        .set({ claimed_until: null })
        .where('id', 'in', left)
        .where('status', '=', 'pending')
        .execute()
        .catch(() => undefined);
    }
  }
}
