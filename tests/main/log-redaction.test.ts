import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axios, { AxiosError } from 'axios';
import log from 'electron-log/node';
import { describe, expect, it } from 'vitest';
import { maskTail, redact } from '../../electron/main/core/log-redaction';
import { faultLogger, installLogRedaction, LOG_FILE_LIMITS, rotateLogFile } from '../../electron/main/core/log-setup';
import { startUnreliableProxy } from '../helpers/unreliable-proxy';

const SECRETS = {
  accessToken: 'AkSeS-t0ken-9f8e7d6c5b4a',
  refreshToken: 'rEfResH-t0ken-1a2b3c4d5e6f',
  password: 'Sawah hijau di pagi hari',
  code: '481516',
};

/** A real electron-log logger (its Node build), writing its file into `dir`. */
function fileLogger(dir: string, redacting: boolean) {
  const logger = log.create({ logId: `uji-${crypto.randomUUID()}` });
  logger.transports.console.level = false;
  logger.transports.file.resolvePathFn = () => path.join(dir, 'main.log');
  if (redacting) installLogRedaction(logger);
  return logger;
}

function writeEverything(logger: ReturnType<typeof fileLogger>) {
  logger.info('session.login', { username: 'budi.santoso.7xq', password: SECRETS.password, remember: false });
  logger.info('answer', { accessToken: SECRETS.accessToken, refreshToken: SECRETS.refreshToken });
  logger.warn(`GET /v1/policies/IND2019000123/documents authorization: Bearer ${SECRETS.accessToken}`);
  logger.info(`registration.verifyOtp {"code":"${SECRETS.code}"} for policy IND-2019-000123`);
  logger.info('Kode OTP Anda 481516, berlaku 2 menit.');
  logger.error(new Error(`refresh failed for token=${SECRETS.refreshToken}`));
  logger.info({ policyNumber: 'KMP2022000045', memberNumber: 'M-000777' });
}

const readLog = async (dir: string, marker: string) => {
  const file = path.join(dir, 'main.log');
  await expect.poll(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(marker)).toBe(true);
  return fs.readFileSync(file, 'utf8');
};

describe('the log file never holds a secret', () => {
  it('hides tokens, passwords and codes, and policy numbers beyond the last four', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-log-'));
    writeEverything(fileLogger(dir, true));
    const text = await readLog(dir, '*********0045');
    for (const secret of [...Object.values(SECRETS), 'IND2019000123', 'IND-2019-000123', 'KMP2022000045']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('*********0123');
    expect(text).toContain("memberNumber: '***0777'");
    expect(text).toContain('budi.santoso.7xq');
    expect(text).toContain('Bearer [disembunyikan]');
  });

  it('keeps a real fault from the wire (an HTTP error carrying a password and a token) out of the file', async () => {
    // The service does not answer; the HTTP client's error then holds the request it could not send.
    const silent = await startUnreliableProxy('http://127.0.0.1:9');
    silent.blackhole = true;
    let fault: unknown;
    try {
      await axios.post(
        `${silent.url}/v1/sessions`,
        { username: 'budi.santoso.7xq', password: SECRETS.password, device: { kind: 'personal', name: 'x' } },
        { headers: { authorization: `Bearer ${SECRETS.accessToken}` }, timeout: 300 },
      );
    } catch (err) {
      fault = err;
    } finally {
      await silent.close();
    }
    expect(fault).toBeInstanceOf(AxiosError);

    // Logged as the app logs a fault, with and without the redaction.
    const dirs = {
      redacted: fs.mkdtempSync(path.join(os.tmpdir(), 'pn-log-')),
      plain: fs.mkdtempSync(path.join(os.tmpdir(), 'pn-log-')),
    };
    faultLogger(fileLogger(dirs.redacted, true))('session.login', fault);
    faultLogger(fileLogger(dirs.plain, false))('session.login', fault);
    const redacted = await readLog(dirs.redacted, 'session.login failed');
    const plain = await readLog(dirs.plain, 'session.login failed');
    // The error really carries them (so the redaction has work to do)...
    expect(plain).toContain(SECRETS.password);
    expect(plain).toContain(SECRETS.accessToken);
    // ...and none of it reaches the app's file.
    expect(redacted).not.toContain(SECRETS.password);
    expect(redacted).not.toContain(SECRETS.accessToken);
    // What went wrong is still there for whoever reads the log.
    expect(redacted).toContain((fault as Error).message);
  });

  it('leaves the logged objects themselves untouched', () => {
    const answer = { accessToken: SECRETS.accessToken, nested: { password: SECRETS.password } };
    expect(redact(answer)).toEqual({ accessToken: '[disembunyikan]', nested: { password: '[disembunyikan]' } });
    expect(answer.accessToken).toBe(SECRETS.accessToken);
    expect(maskTail('IND-2019-000123')).toBe('*********0123');
  });

  it('rotates: main.log → main.1.log …, keeping five', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-log-'));
    const file = path.join(dir, 'main.log');
    for (let round = 1; round <= LOG_FILE_LIMITS.keep + 2; round++) {
      fs.writeFileSync(file, `putaran ${round}`);
      rotateLogFile({ path: file } as Parameters<typeof rotateLogFile>[0]);
    }
    const kept = fs.readdirSync(dir).sort();
    expect(kept).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.4.log', 'main.5.log']);
    expect(fs.readFileSync(path.join(dir, 'main.1.log'), 'utf8')).toBe(`putaran ${LOG_FILE_LIMITS.keep + 2}`);
  });
});
