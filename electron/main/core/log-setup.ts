import fs from 'node:fs';
import path from 'node:path';
import type { LogFile, Logger } from 'electron-log';
import { redact } from './log-redaction';
import type { FailedCall } from './api-client';

export const LOG_FILE_LIMITS = { maxBytes: 2 * 1024 * 1024, keep: 5 };

/** Every message, to every transport, redacted first (electron-log's hooks run before the transports). */
export function installLogRedaction(logger: Pick<Logger, 'hooks'>): void {
  logger.hooks.push((message) => ({ ...message, data: message.data.map((d) => redact(d)) }));
}

/** How the app logs a fault the core could not turn into an answer: the method, and the error whole. */
export const faultLogger =
  (logger: Pick<Logger, 'error'>) =>
  (method: string, err: unknown): void =>
    logger.error(`${method} failed`, err);

/**
 * How the app logs a call to the service that failed: its request id, which the service's log
 * names the request by, so a complaint is followed from one log to the other. No answer or a
 * fault of the service is a warning; a refusal (a wrong password) is ordinary.
 */
export const failedCallLogger =
  (logger: Pick<Logger, 'warn' | 'info'>) =>
  (call: FailedCall): void =>
    logger[call.status === null || call.status >= 500 ? 'warn' : 'info'](
      `service call failed: ${call.method} ${call.status ?? 'no answer'} request ${call.requestId}`,
    );

/** `main.log` → `main.1.log` → … → `main.5.log`, the oldest dropped. */
export function rotateLogFile(file: LogFile): void {
  const { dir, name, ext } = path.parse(file.path);
  const nth = (n: number) => path.join(dir, `${name}.${n}${ext}`);
  fs.rmSync(nth(LOG_FILE_LIMITS.keep), { force: true });
  for (let n = LOG_FILE_LIMITS.keep - 1; n >= 1; n--) {
    if (fs.existsSync(nth(n))) fs.renameSync(nth(n), nth(n + 1));
  }
  fs.renameSync(file.path, nth(1));
}
