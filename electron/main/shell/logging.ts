import log from 'electron-log/main';
import { installLogRedaction, LOG_FILE_LIMITS, rotateLogFile } from '../core/log-setup';

/**
 * The app's log: rotating files in the user's log folder (electron-log's default,
 * `…/logs/main.log`), every message redacted before any transport writes it.
 */
export function setUpLogging(): typeof log {
  log.initialize();
  installLogRedaction(log);
  log.transports.file.maxSize = LOG_FILE_LIMITS.maxBytes;
  log.transports.file.archiveLogFn = rotateLogFile;
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}
