import type { BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import type { MainLogger } from 'electron-log';
import { realClock } from '../core/clock';
import { UpdateSchedule } from '../core/update-schedule';

const EVERY_MS = 4 * 60 * 60 * 1000;

/**
 * electron-updater from the generic server the installer names (`publish` in
 * electron-builder.yml) or the machine's `updateUrl`: checks at start and every four
 * hours, downloads in the background with progress on the taskbar or dock, and
 * installs on quit, or, on a kiosk, as soon as nobody is using it.
 */
export function startUpdates(options: {
  window: () => BrowserWindow | undefined;
  log: MainLogger;
  feedUrl?: string;
  kioskInUse: (() => boolean) | null;
}): UpdateSchedule {
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = options.log;
  if (options.feedUrl) autoUpdater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  autoUpdater.autoDownload = true;
  autoUpdater.on('download-progress', (p) => options.window()?.setProgressBar(p.percent / 100));
  const schedule = new UpdateSchedule({
    clock: realClock,
    everyMs: EVERY_MS,
    kioskInUse: options.kioskInUse,
    onError: (err) => options.log.warn('update check failed', err),
    source: {
      check: async () => {
        await autoUpdater.checkForUpdates();
      },
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
  return schedule;
}
