import { addDays } from '../calendar/working-days';
import { jakartaDate } from '../clock';

const jakartaTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant at `HH:MM` WIB on a Jakarta date. */
const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+07:00`);

/**
 * Service hours in Jakarta (the setting `CONSULT_HOURS`, default 07:00–22:00, every day):
 * whether doctors are on duty at `now`, and if not, when they next are.
 */
export function serviceHours(
  now: number,
  opens: string,
  closes: string,
): { open: true } | { open: false; opensAt: number } {
  const time = jakartaTime.format(now);
  if (time >= opens && time < closes) return { open: true };
  const today = jakartaDate(now);
  return { open: false, opensAt: time < opens ? at(today, opens) : at(addDays(today, 1), opens) };
}
