import { sql } from 'kysely';
import {
  COMPLAINT_OPEN,
  ComplaintCategorySchema,
  type AdminComplaintListQuery,
  type Complaint,
  type ComplaintCategory,
  type ComplaintList,
  type ComplaintReport,
  type ComplaintStatus,
  type ComplaintTransition,
} from '../../../contract/api/complaints';
import type { Jobs } from '../../jobs/jobs';
import { jakartaDate } from '../clock';
import { brokenRules } from '../errors';
import { newestFirst, pageOf } from '../paging';
import { closeJob } from './complaint-jobs';
import type { ComplaintRecords, ComplaintRow, ComplaintSet } from './records';
import { WORKING_DAYS_TO_ANSWER } from './records';
import { findComplaintMove } from './state-machine';

/** The insurer's side of complaints (complaints-privacy.md, Back office): lists, moves, the quarterly report. */
export class ComplaintsBackOffice {
  constructor(
    private readonly records: ComplaintRecords,
    private readonly jobs: Jobs,
  ) {}

  private get db() {
    return this.records.db;
  }

  async get(id: string): Promise<Complaint> {
    return this.records.present(await this.records.anyRow(this.db, id));
  }

  /** Newest first; `overdue` and `dueWithin` look only at complaints the insurer must still answer. */
  async list(q: AdminComplaintListQuery): Promise<ComplaintList> {
    const today = jakartaDate(this.records.clock.now());
    let query = this.db.selectFrom('complaints').selectAll();
    if (q.status) query = query.where('status', '=', q.status);
    if (q.category) query = query.where('category', '=', q.category);
    if (q.number) query = query.where('complaint_number', '=', q.number);
    if (q.overdue !== undefined || q.dueWithin !== undefined) {
      if (q.overdue === 'false') {
        query = query.where((eb) => eb.or([eb('status', 'not in', [...COMPLAINT_OPEN]), eb('due_date', '>=', today)]));
      } else {
        query = query.where('status', 'in', [...COMPLAINT_OPEN]);
      }
      if (q.overdue === 'true') query = query.where('due_date', '<', today);
      if (q.dueWithin !== undefined) {
        query = query.where('due_date', '<=', this.records.workingDays.addWorkingDays(today, q.dueWithin));
      }
    }
    const { page, nextCursor } = pageOf(await newestFirst(query, q).execute(), q.limit, (r) => r.created_at);
    return { complaints: page.map((r) => this.records.summary(r, today)), ...(nextCursor ? { nextCursor } : {}) };
  }

  /** `POST /v1/admin/complaints/{id}/transitions`: one move of the table, with what it records. */
  async transition(id: string, t: ComplaintTransition): Promise<Complaint> {
    const row = await this.records.anyRow(this.db, id);
    const move = findComplaintMove(row.status as ComplaintStatus, t.to, 'back_office');
    const missing = (move?.needs ?? []).filter((f) => f !== 'satisfied' && t[f] === undefined);
    if (move && missing.length > 0) throw brokenRules(missing.map((f) => `missing_field:${f}`));
    const now = this.records.clock.now();
    const moved = await this.db.transaction().execute(async (trx) => {
      const done = await this.records.move(trx, row, t.to, 'back_office', this.effects(row, t, now), this.note(t), now);
      if (t.to === 'answered') await this.jobs.add(trx, now, closeJob(row.id, now));
      return done;
    });
    return this.records.present(moved);
  }

  private effects(row: ComplaintRow, t: ComplaintTransition, now: number): ComplaintSet {
    switch (t.to) {
      case 'extended':
        return {
          extension_reason: t.reason!,
          extended_at: now,
          due_date: this.records.workingDays.addWorkingDays(row.due_date, WORKING_DAYS_TO_ANSWER),
        };
      case 'answered':
        return { answer: t.answer!, outcome: t.outcome!, answered_at: now, answered_on: jakartaDate(now) };
      default:
        return {};
    }
  }

  private note(t: ComplaintTransition): string | undefined {
    return t.to === 'extended' ? t.reason : undefined;
  }

  /**
   * The quarter's figures for OJK: complaints received from its first to its last day (Jakarta)
   * and where each stood on that last day, by category and in total.
   */
  async report(quarter: string): Promise<ComplaintReport> {
    const { from, to } = quarterDates(quarter);
    const rows = await this.db
      .selectFrom('complaints')
      .select(['category', 'status', 'received_on', 'due_date', 'outcome', 'answered_on', 'closed_at'])
      .where('received_on', '>=', from)
      .where('received_on', '<=', to)
      .orderBy(sql`received_on`)
      .execute();
    const blank = () => ({
      received: 0,
      upheld: 0,
      partlyUpheld: 0,
      notUpheld: 0,
      answeredInTime: 0,
      answeredLate: 0,
      withdrawn: 0,
      open: 0,
      days: [] as number[],
    });
    const total = blank();
    const byCategory = new Map<ComplaintCategory, ReturnType<typeof blank>>(
      ComplaintCategorySchema.options.map((c) => [c, blank()]),
    );
    for (const r of rows) {
      for (const c of [total, byCategory.get(r.category as ComplaintCategory)!]) {
        c.received++;
        if (r.answered_on !== null && r.answered_on <= to) {
          if (r.outcome === 'upheld') c.upheld++;
          else if (r.outcome === 'partly_upheld') c.partlyUpheld++;
          else c.notUpheld++;
          if (r.answered_on <= r.due_date) c.answeredInTime++;
          else c.answeredLate++;
          c.days.push(this.records.workingDays.workingDaysBetween(r.received_on, r.answered_on));
        } else if (r.status === 'withdrawn' && r.closed_at !== null && jakartaDate(r.closed_at) <= to) {
          c.withdrawn++;
        } else {
          c.open++;
        }
      }
    }
    const counts = ({ days, ...c }: ReturnType<typeof blank>) => ({
      ...c,
      ...(days.length ? { medianWorkingDaysToAnswer: median(days) } : {}),
    });
    return {
      quarter,
      from,
      to,
      byCategory: [...byCategory].map(([category, c]) => ({ category, ...counts(c) })),
      total: counts(total),
    };
  }
}

/** `2026Q4` → its first and last day. */
export function quarterDates(quarter: string): { from: string; to: string } {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  const first = `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  const last = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { from: first, to: last };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The report as CSV: one line per category, then the total (the quarterly report's table). */
export function reportCsv(r: ComplaintReport): string {
  const head = [
    'category',
    'received',
    'upheld',
    'partly_upheld',
    'not_upheld',
    'answered_in_time',
    'answered_late',
    'withdrawn',
    'open',
    'median_working_days_to_answer',
  ];
  const line = (name: string, c: ComplaintReport['total']) =>
    [
      name,
      c.received,
      c.upheld,
      c.partlyUpheld,
      c.notUpheld,
      c.answeredInTime,
      c.answeredLate,
      c.withdrawn,
      c.open,
      c.medianWorkingDaysToAnswer ?? '',
    ].join(',');
  return [head.join(','), ...r.byCategory.map((c) => line(c.category, c)), line('total', r.total)].join('\n') + '\n';
}
