import type { Kysely } from 'kysely';
import { addDays } from '../domain/calendar/working-days';
import { jakartaDate, jakartaInstant } from '../domain/clock';
import type { Database } from '../store/schema';
import type { JobHandler, Jobs } from './jobs';

export interface DailyOptions {
  /** The hour in Jakarta it runs at. */
  hour: number;
  /** The days it runs on (default: every day), such as working days only. */
  runsOn?: (date: string) => boolean;
}

/** `hour`:00 in Jakarta of the first day on or after `date` it runs on. */
function runOn(date: string, o: DailyOptions): { date: string; at: number } {
  let d = date;
  while (o.runsOn && !o.runsOn(d)) d = addDays(d, 1);
  return { date: d, at: jakartaInstant(d, o.hour) };
}

/**
 * The next run of a daily job, made once (its key is its kind and date), at start and by each
 * run for the one after it (`after`: the date that run was for), so however many instances
 * start or run it, each day has one.
 */
async function scheduleDaily(
  db: Kysely<Database>,
  jobs: Jobs,
  kind: string,
  now: number,
  o: DailyOptions,
  after?: string,
): Promise<void> {
  const today = jakartaDate(now);
  let next = runOn(after ? addDays(after, 1) : today, o);
  if (!after && next.at < now) next = runOn(addDays(next.date, 1), o);
  await jobs.add(db, now, { kind, key: `${kind}:${next.date}`, payload: { date: next.date }, runAt: next.at });
}

/**
 * A once-a-day job: its handler (which makes the next day's run before its own work, so a run
 * that fails for good does not end the series) and `start`, which makes the first.
 */
export function dailyJob(o: {
  kind: string;
  db: Kysely<Database>;
  jobs: Jobs;
  clock: { now(): number };
  when: DailyOptions;
  run: (date: string, now: number) => Promise<void>;
}): { handler: JobHandler<{ date: string }>; start: () => Promise<void> } {
  return {
    handler: {
      kind: o.kind,
      async run({ date }) {
        const now = o.clock.now();
        await scheduleDaily(o.db, o.jobs, o.kind, now, o.when, date);
        await o.run(date, now);
      },
    },
    start: () => scheduleDaily(o.db, o.jobs, o.kind, o.clock.now(), o.when),
  };
}
