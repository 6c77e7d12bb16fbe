import type { Kysely } from 'kysely';
import type { Job, JobStatus } from '../../contract/api/jobs';
import { iso, type Clock } from '../domain/clock';
import { ServiceError } from '../domain/errors';
import { newestFirst, pageOf } from '../domain/paging';
import type { Database } from '../store/schema';
import type { JobRow } from './jobs';

/** The jobs as the back office sees them: listed newest first, and a given-up one tried again. */
export class JobsBackOffice {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Wakes this instance's runner (a retried job runs at once). */
    private readonly wake: () => void,
  ) {}

  private status(r: JobRow, now: number): JobStatus {
    return r.status === 'pending' && r.claimed_until !== null && r.claimed_until > now ? 'running' : r.status;
  }

  private present(r: JobRow, now: number): Job {
    return {
      jobId: r.id,
      kind: r.kind,
      key: r.key,
      status: this.status(r, now),
      attempts: r.attempts,
      runAt: iso(r.run_at),
      ...(r.last_error ? { lastError: r.last_error } : {}),
      createdAt: iso(r.created_at),
      ...(r.finished_at !== null ? { finishedAt: iso(r.finished_at) } : {}),
    };
  }

  async list(q: { limit: number; cursor?: string; status?: JobStatus; kind?: string }) {
    const now = this.clock.now();
    let query = this.db.selectFrom('jobs').selectAll();
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (q.status === 'running') query = query.where('status', '=', 'pending').where('claimed_until', '>', now);
    else if (q.status === 'pending')
      query = query
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]));
    else if (q.status) query = query.where('status', '=', q.status);
    const { page, nextCursor } = pageOf(await newestFirst(query, q).execute(), q.limit, (r) => r.created_at);
    return { jobs: page.map((r) => this.present(r, now)), ...(nextCursor ? { nextCursor } : {}) };
  }

  /**
   * A failed job (or one waiting for its next try) is tried again now, from its first attempt;
   * one that is done, superseded or running is not (409 `transition_invalid`).
   */
  async retry(jobId: string): Promise<Job> {
    const now = this.clock.now();
    const moved = await this.db
      .updateTable('jobs')
      .set({ status: 'pending', attempts: 0, run_at: now, claimed_until: null, finished_at: null, give_up_at: null })
      .where('id', '=', jobId)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'failed'),
          eb.and([
            eb('status', '=', 'pending'),
            eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]),
          ]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    if (!moved) {
      const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
      if (!row) throw new ServiceError('not_found', 'No such job.');
      throw new ServiceError('transition_invalid', `A ${this.status(row, now)} job is not tried again.`, {
        from: this.status(row, now),
        allowed: [],
      });
    }
    this.wake();
    return this.present(moved, now);
  }
}
