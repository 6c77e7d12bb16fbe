import type HolidaysClass from 'date-holidays';
import { lazyRequire } from '../../lazy';

// Its tables of every country are large: read only when a year without a decree is first counted.
const holidays = lazyRequire<typeof HolidaysClass>('date-holidays');
import { DECREED_YEARS } from './indonesian-holidays';

/** `2026-03-20` plus `n` calendar days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The days off (holidays and cuti bersama) of each year whose decree is known. */
export type DecreedDays = Map<number, Set<string>>;

/** The decrees this release was built with (the seed of the calendar's table). */
export function decreesInCode(): DecreedDays {
  return new Map(
    Object.entries(DECREED_YEARS).map(([year, d]) => [
      Number(year),
      new Set([...d.holidays, ...d.cutiBersama].map(([date]) => date)),
    ]),
  );
}

/**
 * Working days (api-v1.md, "Working days"): not a Saturday or Sunday, not a national
 * holiday, not a cuti bersama day. The decreed years come from the calendar's table (an
 * operator imports each year's decree: holiday-store.ts), or in a bare instance from the seed
 * in code; other years from `date-holidays`' computed public holidays, which the log names once.
 */
export class WorkingDays {
  private readonly closed = new Map<number, Set<string>>();
  private readonly warned = new Set<number>();
  private computed: HolidaysClass | undefined;

  constructor(
    private readonly warn: (message: string) => void = () => undefined,
    private decreed: DecreedDays = decreesInCode(),
  ) {}

  /** The decrees as the calendar's table holds them now (at start, and after an import). */
  useDecrees(decreed: DecreedDays): void {
    this.decreed = decreed;
    this.closed.clear();
  }

  hasDecree(year: number): boolean {
    return this.decreed.has(year);
  }

  /** The days off of a year that are not weekends. */
  daysOff(year: number): Set<string> {
    let days = this.closed.get(year);
    if (days) return days;
    days = this.decreed.get(year);
    if (!days) {
      if (!this.warned.has(year)) {
        this.warned.add(year);
        this.warn(
          `working days of ${year} use computed public holidays: import that year's decree (npm run service -- admin holidays import FILE)`,
        );
      }
      days = new Set(
        (this.computed ??= new (holidays())('ID'))
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
    }
    this.closed.set(year, days);
    return days;
  }

  isWorkingDay(date: string): boolean {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    return !this.daysOff(Number(date.slice(0, 4))).has(date);
  }

  /**
   * Working days from `from` to `to`: those after `from` up to and including `to`; negative
   * (those after `to` up to and including `from`) when `to` comes first. The day `addWorkingDays`
   * answers for `n` is `n` away.
   */
  workingDaysBetween(from: string, to: string): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** The `n`th working day after `date` (the day itself does not count). */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    for (let left = n; left > 0;) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }
}
