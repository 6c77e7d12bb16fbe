/** The service's notion of now, in epoch milliseconds; tests may move it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The insurer's time zone: WIB. Dates on documents and policies are dates there, not in UTC. */
export const INSURER_TIME_ZONE = 'Asia/Jakarta';

// en-CA writes dates as YYYY-MM-DD.
const jakartaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: INSURER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (`YYYY-MM-DD`) in Jakarta at an instant: at 01:00 WIB it is already today there. */
export const jakartaDate = (ms: number): string => jakartaDay.format(new Date(ms));

const jakartaHourOf = new Intl.DateTimeFormat('en-GB', {
  timeZone: INSURER_TIME_ZONE,
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The hour (0–23) in Jakarta at an instant. */
export const jakartaHour = (ms: number): number => Number(jakartaHourOf.format(ms));

/** The instant of `hour`:00 WIB on a Jakarta date (WIB is UTC+7 all year). */
export const jakartaInstant = (date: string, hour: number): number =>
  Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`);
