import type { BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import type { MainLogger } from 'electron-log';
import { realClock } from '../core/clock';
import { UpdateSchedule, type KioskUpdateRules } from '../core/update-schedule';

const EVERY_MS = 4 * 60 * 60 * 1000;

/**
 * electron-updater from the generic server the installer names (`publish` in
 * electron-builder.yml) or the machine's `updateUrl`: checks at start and every four
 * hours, downloads in the background with progress on the taskbar or dock, and installs
 * on quit, or, on a kiosk, when nobody is near it (core/update-schedule.ts). A failure at any
 * step clears the progress bar and the kiosk's cover, is logged, and the next check tries again.
 */
export function startUpdates(options: {
  window: () => BrowserWindow | undefined;
  log: MainLogger;
  feedUrl?: string;
  selfUpdate: boolean;
  kiosk: KioskUpdateRules | null;
}): UpdateSchedule {
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = options.log;
  if (options.feedUrl) autoUpdater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  // Nothing is fetched for an install the app may not replace itself.
  autoUpdater.autoDownload = options.selfUpdate;
  if (!options.selfUpdate) options.log.info('installed for every user: updates come from the branch, not from here');
  autoUpdater.on('download-progress', (p) => options.window()?.setProgressBar(p.percent / 100));
  const schedule = new UpdateSchedule({
    clock: realClock,
    everyMs: EVERY_MS,
    selfUpdate: options.selfUpdate,
    kiosk: options.kiosk,
    onError: (err) => options.log.warn('update failed', err),
    source: {
      // A failed check arrives as `error` as well (AppUpdater.checkForUpdates emits it, then
      // rethrows): it is reported there once, not here a second time.
      check: async () => {
        await autoUpdater.checkForUpdates().catch(() => undefined);
      },
      // Silent (no installer window, no question) and started again afterwards.
      installNow: () => autoUpdater.quitAndInstall(true, true),
      installOnQuit: (enabled) => {
        autoUpdater.autoInstallOnAppQuit = enabled;
      },
    },
  });
  autoUpdater.on('update-downloaded', () => {
    options.window()?.setProgressBar(-1);
    schedule.updateDownloaded();
  });
  // Without a listener a failed download left the progress bar where it stopped.
  autoUpdater.on('error', (err) => {
    options.window()?.setProgressBar(-1);
    schedule.failed(err);
  });
  return schedule;
}
