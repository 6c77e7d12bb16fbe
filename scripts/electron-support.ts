// Whether the Electron the app is pinned to still gets security fixes. Electron supports its
// newest three stable majors and ships a new major every eight weeks
// (https://www.electronjs.org/docs/latest/tutorial/electron-timelines), so a pinned major falls
// out of support when the third major after it ships.
import { spawnSync } from 'node:child_process';

export const SUPPORTED_MAJORS = 3;
export const CADENCE_DAYS = 56;
/**
 * When each major's x.0.0 shipped, as the npm registry gives it (`npm view electron time`): where the
 * registry cannot be asked, support is estimated from these and the cadence. Add the new major's date
 * when Electron is upgraded (a test holds the pinned major to this table).
 */
export const KNOWN_RELEASES: Record<number, string> = { 45: '2026-10-21' };

const DAY = 86_400_000;

/** The supported majors by the registry's release times: the newest three with a stable x.0.0. */
export function supportedMajors(times: Record<string, string>): number[] {
  const majors = Object.keys(times)
    .map((v) => /^(\d+)\.0\.0$/u.exec(v))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
  return [...new Set(majors)].sort((a, b) => b - a).slice(0, SUPPORTED_MAJORS);
}

/** The newest release of a major in the registry's times, e.g. 45.7.1. */
export function newestOfMajor(times: Record<string, string>, major: number): string | undefined {
  return Object.keys(times)
    .filter((v) => new RegExp(`^${major}\\.\\d+\\.\\d+$`, 'u').test(v))
    .sort((a, b) => {
      const [, am = 0, ap = 0] = a.split('.').map(Number);
      const [, bm = 0, bp = 0] = b.split('.').map(Number);
      return bm - am || bp - ap;
    })[0];
}

export interface SupportVerdict {
  ok: boolean;
  message: string;
  /** A newer patch of the same major exists: it carries security fixes (said, not failed). */
  advice?: string;
}

/**
 * The verdict for a pinned version: from the registry's release times where they could be had,
 * otherwise from the known release date of its major and Electron's cadence.
 */
export function electronSupport(o: { pinned: string; today: number; times?: Record<string, string> }): SupportVerdict {
  const major = Number(o.pinned.split('.')[0]);
  if (o.times) {
    const supported = supportedMajors(o.times);
    const newest = newestOfMajor(o.times, major);
    const advice =
      newest && newest !== o.pinned ? `Electron ${newest} is out: update to it for its security fixes.` : undefined;
    return supported.includes(major)
      ? { ok: true, message: `Electron ${major} is supported (supported: ${supported.join(', ')}).`, advice }
      : {
          ok: false,
          message: `Electron ${major} is no longer supported (supported: ${supported.join(', ')}): upgrade Electron.`,
          advice,
        };
  }
  const released = KNOWN_RELEASES[major];
  if (!released) return { ok: false, message: `Electron ${major}'s release date is not in KNOWN_RELEASES: add it.` };
  const ends = Date.parse(`${released}T00:00:00Z`) + SUPPORTED_MAJORS * CADENCE_DAYS * DAY;
  const endDate = new Date(ends).toISOString().slice(0, 10);
  return o.today < ends
    ? {
        ok: true,
        message: `Electron ${major} is supported until about ${endDate} (estimated: the registry could not be asked).`,
      }
    : { ok: false, message: `Electron ${major} went out of support about ${endDate}: upgrade Electron.` };
}

/** The registry's release times of electron, or undefined where the registry cannot be reached. */
export function registryTimes(): Record<string, string> | undefined {
  const r = spawnSync('npm', ['view', 'electron', 'time', '--json'], {
    encoding: 'utf8',
    timeout: 20_000,
    shell: process.platform === 'win32',
  });
  if (r.status !== 0 || !r.stdout) return undefined;
  try {
    return JSON.parse(r.stdout) as Record<string, string>;
  } catch {
    return undefined;
  }
}
