import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { customerNamed, registrationBody } from '../helpers/flows';
import { postJson } from '../helpers/process';

/**
 * `npm run preview` tried as a new user would: with the development service it starts,
 * the one-time code of a registration appears on the preview's own console.
 */
describe('the preview console', () => {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-preview-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/preview/main.ts'], {
    env: { ...process.env, PORTAL_USER_DATA: userData, PREVIEW_PORT: '0', PORTAL_SERVICE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  readline.createInterface({ input: proc.stdout! }).on('line', (l) => lines.push(l));
  afterAll(async () => {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    fs.rmSync(userData, { recursive: true, force: true });
  });

  it('prints each message of the development outbox, so a registration can be finished', async () => {
    await expect.poll(() => lines.find((l) => l.startsWith('preview on ')), { timeout: 60_000 }).toBeTruthy();
    const serviceUrl = /development service on (http:\/\/\S+)/u.exec(lines.join('\n'))?.[1];
    expect(serviceUrl, lines.join('\n')).toBeTruthy();

    const dewi = customerNamed('Dewi Lestari');
    const start = await postJson(serviceUrl!, '/v1/registrations', registrationBody(dewi));
    expect(start.status).toBe(201);
    const flow = start.body.flowId as string;
    expect(
      (await postJson(serviceUrl!, `/v1/registrations/${flow}/eula`, { version: start.body.eula.version })).status,
    ).toBe(200);
    expect((await postJson(serviceUrl!, `/v1/registrations/${flow}/otp`, { channel: 'sms' })).status).toBe(200);

    // The person reads the code off the console, as the README says.
    const sms = () => lines.find((l) => l.startsWith(`[dev outbox] sms to ${dewi.phone}`));
    await expect.poll(sms, { timeout: 10_000 }).toBeTruthy();
    const printed = sms()!;
    const code = /\b(\d{6})\b/u.exec(printed)?.[1];
    expect(code).toMatch(/^\d{6}$/u);
    const verified = await postJson(serviceUrl!, `/v1/registrations/${flow}/otp/verify`, { code });
    expect(verified.status).toBe(200);
  }, 90_000);
});
