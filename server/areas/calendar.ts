import { loadDecrees, missingDecrees } from '../domain/calendar/holiday-store';
import { dailyJob } from '../jobs/daily';
import type { Foundation } from './foundation';

export const DECREE_CHECK_JOB = 'calendar.decree_check';
const CHECK = { hour: 8 };
/** An import made on another instance or by the command line is counted within this. */
const RELOAD_MS = 10 * 60_000;

/**
 * The working days' calendar as data (api-v1.md, Working days): the decrees of the calendar's
 * table, read at start and every ten minutes, and a daily check that raises a back-office alert
 * once per year counted without its decree (this year; from 1 October, the next).
 */
export async function calendarArea(f: Foundation): Promise<void> {
  f.workingDays.useDecrees(await loadDecrees(f.store.db));
  f.every(RELOAD_MS, 'reading the calendar failed', async () =>
    f.workingDays.useDecrees(await loadDecrees(f.store.db)),
  );
  const check = dailyJob({
    kind: DECREE_CHECK_JOB,
    db: f.store.db,
    jobs: f.jobs,
    clock: f.clock,
    when: CHECK,
    async run(_date, now) {
      f.workingDays.useDecrees(await loadDecrees(f.store.db));
      for (const year of missingDecrees(f.workingDays, now)) {
        await f.store.db.transaction().execute((trx) =>
          f.alerts.raise(
            trx,
            {
              key: `holidays-missing:${year}`,
              kind: 'holidays_missing',
              message: `the decree of national holidays and cuti bersama for ${year} is not imported: working days of ${year} are counted with computed holidays`,
              details: { year, command: 'npm run service -- admin holidays import FILE' },
            },
            now,
          ),
        );
      }
    },
  });
  f.runner.register(check.handler);
  await check.start();
}
