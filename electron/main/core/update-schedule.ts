import type { Clock } from './clock';

/** What the schedule needs of electron-updater; the shell adapts `autoUpdater` to it. */
export interface UpdateSource {
  /** Asks the update server; a newer version downloads in the background. */
  check(): Promise<void>;
  /** Quits, installs the downloaded version silently and starts it again. */
  installNow(): void;
  /** Whether a downloaded version installs when the person quits the app. */
  installOnQuit(enabled: boolean): void;
}

/** A branch's maintenance window, in the kiosk's local time ("02:00" to "05:00"; it may pass midnight). */
export interface MaintenanceWindow {
  from: string;
  to: string;
}

/** When a kiosk may put an update in. */
export interface KioskUpdateRules {
  /** Someone is signed in, or the kiosk is in use or being wiped. */
  inUse(): boolean;
  /** How long nobody has touched the kiosk. */
  quietMs(): number;
  /** Untouched this long, the kiosk may install. */
  quietForMs: number;
  /** The branch's maintenance window: when set, only inside it. */
  window?: MaintenanceWindow;
  /** The kiosk's time zone (the system's when absent). */
  timeZone?: string;
  /** Covers the screen with "Sedang memperbarui" until the app is back (true), or takes the cover away after a failure (false). */
  announce(updating: boolean): void;
  /** How long the cover is shown before the app quits to install (so it is drawn first). */
  announceMs: number;
}

export interface UpdateScheduleOptions {
  clock: Clock;
  source: UpdateSource;
  /** How often to ask again after the check at start. */
  everyMs: number;
  /** A kiosk's rules; null on a personal device. */
  kiosk: KioskUpdateRules | null;
  /**
   * False where the app may not update itself: a Windows per-machine install, whose installer
   * would ask for an administrator (the branch's software distribution updates it).
   */
  selfUpdate: boolean;
  onError: (err: unknown) => void;
}

/** Minutes since midnight of an instant in a time zone. */
function minuteOfDay(at: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(at)
    .reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.type]: Number(p.value) }), {});
  return (parts.hour ?? 0) * 60 + (parts.minute ?? 0);
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an instant falls in the window, `from` included, `to` not. */
export function inWindow(at: number, window: MaintenanceWindow, timeZone?: string): boolean {
  const m = minuteOfDay(at, timeZone);
  const from = minutes(window.from);
  const to = minutes(window.to);
  return from <= to ? m >= from && m < to : m >= from || m < to;
}

/**
 * When updates happen: a check at start and every few hours; a personal device installs
 * when the person quits (electron-updater's install-on-quit); a kiosk, which seldom quits,
 * installs when nobody is signed in and nobody has touched it for a while (inside the branch's
 * maintenance window, where one is set), behind a full-screen "Sedang memperbarui".
 */
export class UpdateSchedule {
  private downloaded = false;
  private installing = false;
  private lastCheck = Number.NEGATIVE_INFINITY;
  private readonly stop: () => void;

  constructor(private readonly o: UpdateScheduleOptions) {
    o.source.installOnQuit(o.selfUpdate && o.kiosk === null);
    if (!o.selfUpdate) {
      this.stop = () => {};
      return;
    }
    this.stop = o.clock.every(60_000, () => this.tick());
    this.tick();
  }

  /** electron-updater's `update-downloaded`. */
  updateDownloaded(): void {
    this.downloaded = true;
    this.tick();
  }

  /** electron-updater's `error` (a failed check, download or install): the next check tries again. */
  failed(err: unknown): void {
    if (this.installing) this.o.kiosk?.announce(false);
    this.installing = false;
    this.o.onError(err);
  }

  /** Whether a kiosk may put the downloaded update in now. */
  kioskMayInstall(): boolean {
    const k = this.o.kiosk;
    if (!k || !this.downloaded || this.installing || k.inUse()) return false;
    if (k.quietMs() < k.quietForMs) return false;
    return !k.window || inWindow(this.o.clock.now(), k.window, k.timeZone);
  }

  tick(): void {
    if (!this.o.selfUpdate || this.installing) return;
    const now = this.o.clock.now();
    if (now - this.lastCheck >= this.o.everyMs) {
      this.lastCheck = now;
      this.o.source.check().catch(this.o.onError);
    }
    if (this.kioskMayInstall()) this.install(this.o.kiosk!);
  }

  private install(k: KioskUpdateRules): void {
    this.installing = true;
    this.downloaded = false;
    k.announce(true);
    let due = true;
    const cancel = this.o.clock.every(k.announceMs, () => {
      cancel();
      if (!due) return;
      due = false;
      try {
        this.o.source.installNow();
      } catch (err) {
        this.failed(err);
      }
    });
  }

  dispose(): void {
    this.stop();
  }
}

/**
 * Whether the app was installed for every user of the machine, where only an administrator may
 * replace it: Windows, under Program Files.
 */
export function installedPerMachine(platform: NodeJS.Platform, exePath: string, env: NodeJS.ProcessEnv): boolean {
  if (platform !== 'win32') return false;
  const exe = exePath.toLowerCase();
  return [env.ProgramFiles, env['ProgramFiles(x86)'], env.ProgramW6432]
    .filter((dir): dir is string => Boolean(dir))
    .some((dir) => exe.startsWith(`${dir.toLowerCase().replace(/\\+$/u, '')}\\`));
}
