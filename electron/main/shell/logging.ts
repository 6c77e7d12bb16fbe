import { ipcMain } from 'electron';
import log from 'electron-log/main';
import { installLogRedaction, LOG_FILE_LIMITS, rotateLogFile } from '../core/log-setup';

/**
 * The app's log: rotating files in the user's log folder (electron-log's default,
 * `…/logs/main.log`), every message redacted before any transport writes it.
 */
export function setUpLogging(): typeof log {
  // No preload of electron-log's own in any session (the kiosk's included): a renderer gets
  // no `__electronLog` and cannot write lines into the main process's log.
  log.initialize({ preload: false });
  // electron-log listens for renderer messages as soon as it is loaded; nothing should reach it.
  ipcMain.removeAllListeners('__ELECTRON_LOG__');
  ipcMain.removeHandler('__ELECTRON_LOG__');
  installLogRedaction(log);
  log.transports.file.maxSize = LOG_FILE_LIMITS.maxBytes;
  log.transports.file.archiveLogFn = rotateLogFile;
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}
