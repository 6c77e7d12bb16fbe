import type { Kysely, RawBuilder, Selectable } from 'kysely';
import { newId } from '../domain/identity/secrets';
import type { Database, JobsTable } from '../store/schema';

export type JobRow = Selectable<JobsTable>;

/** A job to run after the transaction that writes it commits. */
export interface NewJob {
  kind: string;
  /** Once-only: a job whose key exists already is not made again (a repeated move, a second instance). */
  key: string;
  payload: unknown;
  /** Not before then (default: at once). */
  runAt?: number;
  /** Jobs superseded together (the messages of one identity flow). */
  groupKey?: string;
  /** Given up on after then, run or not. */
  giveUpAt?: number;
  /**
   * The caller runs it itself right after the commit (`JobRunner.runNow`, to answer with its
   * result): no signal wakes the runners for it meanwhile. Left to them, it runs at their next look.
   */
  runByCaller?: boolean;
}

/**
 * The job is not ready to run yet (a unit price not published, an attachment not rendered):
 * it waits `retryInMs` and is tried again, without counting as a failure.
 */
export class NotYet extends Error {
  constructor(
    readonly retryInMs: number,
    message: string,
  ) {
    super(message);
  }
}

/** Trying again cannot help (a phone number that does not exist): the job fails at once. */
export class GiveUp extends Error {}

export interface RetryPolicy {
  /** Failed runs before the job is given up on (and waits for the back office). */
  maxAttempts: number;
  /** The wait after the first failure; it doubles after each one, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 12, firstDelayMs: 2_000, maxDelayMs: 10 * 60_000 };

/** What one kind of job does. It must be idempotent: a job may run again after a crash mid-way. */
export interface JobHandler<P = unknown> {
  kind: string;
  run(payload: P, job: JobRow): Promise<void>;
  retry?: Partial<RetryPolicy>;
  /**
   * At most this many of the kind at once on one instance (a PDF's rendering is the CPU's
   * alone: a burst of bookings is answered first, its receipts follow). Default: as many as the
   * runner runs.
   */
  concurrency?: number;
  /** What of the payload stays once the job has finished (a message's code does not). */
  redact?(payload: P): unknown;
}

/** How jobs written in a transaction are signalled to the runners once it commits. */
export interface JobSignal {
  jobsAdded(trx: Kysely<Database>): Promise<void>;
  /**
   * Where the database signals it itself (PostgreSQL's `pg_notify`): an expression the insert
   * of the jobs returns, so the jobs and their signal are one statement.
   */
  signalInStatement?(): RawBuilder<unknown> | undefined;
}

const JOBS_A_STATEMENT = 500;

/** Writing jobs, in the caller's transaction. */
export class Jobs {
  constructor(private readonly signal: JobSignal) {}

  /** Writes the job in `trx`; answers its id, or null when a job with its key exists already. */
  async add(trx: Kysely<Database>, now: number, job: NewJob): Promise<string | null> {
    const ids = await this.addAll(trx, now, [job]);
    return ids[0] ?? null;
  }

  /**
   * Several at once; answers the ids of those made (keys already taken make none). Written 500
   * a statement: a day's ten thousand collections would pass PostgreSQL's 65,535 parameters.
   */
  async addAll(trx: Kysely<Database>, now: number, jobs: NewJob[]): Promise<string[]> {
    const made: string[] = [];
    for (let i = 0; i < jobs.length; i += JOBS_A_STATEMENT)
      made.push(...(await this.addSlice(trx, now, jobs.slice(i, i + JOBS_A_STATEMENT))));
    return made;
  }

  private async addSlice(trx: Kysely<Database>, now: number, jobs: NewJob[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const rows = jobs.map((j) => ({
      id: newId(),
      kind: j.kind,
      key: j.key,
      payload: JSON.stringify(j.payload),
      status: 'pending' as const,
      attempts: 0,
      run_at: j.runAt ?? now,
      claimed_until: null,
      last_error: null,
      group_key: j.groupKey ?? null,
      give_up_at: j.giveUpAt ?? null,
      created_at: now,
      finished_at: null,
    }));
    const loud = jobs.some((j) => !j.runByCaller);
    const inStatement = loud ? this.signal.signalInStatement?.() : undefined;
    const insert = trx
      .insertInto('jobs')
      .values(rows)
      .onConflict((oc) => oc.column('key').doNothing());
    const made = inStatement
      ? await insert.returning(['id', inStatement.as('signalled')]).execute()
      : await insert.returning('id').execute();
    if (made.length > 0 && loud && !inStatement) await this.signal.jobsAdded(trx);
    return made.map((r) => r.id);
  }

  /** A waiting job no longer wanted (what it would have done is done): superseded, never run. */
  async supersede(trx: Kysely<Database>, key: string, now: number): Promise<void> {
    await trx
      .updateTable('jobs')
      .set({ status: 'superseded', finished_at: now })
      .where('key', '=', key)
      .where('status', '=', 'pending')
      .execute();
  }

  /** The waiting jobs of a group run at once (what they waited for is there). */
  async wakeGroup(db: Kysely<Database>, groupKey: string): Promise<void> {
    const woken = await db
      .updateTable('jobs')
      .set((eb) => ({ run_at: eb.ref('created_at') }))
      .where('group_key', '=', groupKey)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(woken.numUpdatedRows) > 0) await this.signal.jobsAdded(db);
  }

  /** The waiting jobs of a group are no longer wanted (a newer code made the old one's message pointless). */
  async supersedeGroup(trx: Kysely<Database>, groupKey: string, now: number): Promise<void> {
    await trx
      .updateTable('jobs')
      .set({ status: 'superseded', payload: '{}', finished_at: now })
      .where('group_key', '=', groupKey)
      .where('status', '=', 'pending')
      .execute();
  }
}
