import type { Clock } from './clock';

/** What the schedule needs of electron-updater; the shell adapts `autoUpdater` to it. */
export interface UpdateSource {
  /** Asks the update server; a newer version downloads in the background. */
  check(): Promise<void>;
  /** Quits, installs the downloaded version and starts it again. */
  installNow(): void;
  /** Whether a downloaded version installs when the person quits the app. */
  installOnQuit(enabled: boolean): void;
}

export interface UpdateScheduleOptions {
  clock: Clock;
  source: UpdateSource;
  /** How often to ask again after the check at start. */
  everyMs: number;
  /** A kiosk installs a downloaded update only when nobody is using it; null on a personal device. */
  kioskInUse: (() => boolean) | null;
  onError: (err: unknown) => void;
}

/**
 * When updates happen: a check at start and every few hours; a personal device installs
 * when the person quits (electron-updater's install-on-quit); a kiosk, which seldom
 * quits, installs as soon as it stands unused, and never while a session is open.
 */
export class UpdateSchedule {
  private downloaded = false;
  private lastCheck = Number.NEGATIVE_INFINITY;
  private readonly stop: () => void;

  constructor(private readonly o: UpdateScheduleOptions) {
    // A personal device installs when the person quits; a kiosk, which seldom quits, installs when unused.
    o.source.installOnQuit(o.kioskInUse === null);
    this.stop = o.clock.every(60_000, () => this.tick());
    this.tick();
  }

  /** electron-updater's `update-downloaded`. */
  updateDownloaded(): void {
    this.downloaded = true;
    this.tick();
  }

  tick(): void {
    const now = this.o.clock.now();
    if (now - this.lastCheck >= this.o.everyMs) {
      this.lastCheck = now;
      this.o.source.check().catch(this.o.onError);
    }
    if (this.downloaded && this.o.kioskInUse && !this.o.kioskInUse()) {
      this.downloaded = false;
      this.o.source.installNow();
    }
  }

  dispose(): void {
    this.stop();
  }
}
