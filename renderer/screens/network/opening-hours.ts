import type { Provider } from '../../../contract/api/network';

/** The day (1 Monday … 7 Sunday) and `HH:MM` at an instant in a time zone. */
export function localDayTime(at: Date, timeZone: string): { day: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { day, time: `${get('hour')}:${get('minute')}` };
}

/**
 * Whether a provider is open at an instant, read on its own clock (WIB, WITA or WIT);
 * undefined when it gives no hours.
 */
export function openAt(p: Pick<Provider, 'open24h' | 'openingHours' | 'timeZone'>, at: Date): boolean | undefined {
  if (p.open24h) return true;
  if (!p.openingHours || p.openingHours.length === 0) return undefined;
  const { day, time } = localDayTime(at, p.timeZone);
  return p.openingHours.some((h) => h.day === day && h.opens <= time && time < h.closes);
}
