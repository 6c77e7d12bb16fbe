import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedCall } from '../../electron/main/core/api-client';
import { failedCallLogger } from '../../electron/main/core/log-setup';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { testCore } from '../helpers/core';

/** A complaint followed from the app's log to the service's: one id per call, logged on both sides. */
describe('request ids', () => {
  let t: LiveService;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-request-id-'));
  beforeAll(async () => {
    t = await startLiveService();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const serviceLines = () =>
    t.logs
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { reqId?: string; route?: string; status?: number; msg: string });

  it("names each failed call in the app's log by the id the service logged the request under", async () => {
    const failed: FailedCall[] = [];
    const appLog: string[] = [];
    const log = failedCallLogger({
      warn: (m: string) => appLog.push(`warn ${m}`),
      info: (m: string) => appLog.push(`info ${m}`),
    });
    const core = testCore(t.url, path.join(dir, 'settings.json'), {
      onFailedCall: (call) => {
        failed.push(call);
        log(call);
      },
    });
    const answer = (await core.handlers['session.login']({
      username: 'tidakada1',
      password: 'bukan sandinya',
      remember: false,
    })) as {
      ok: boolean;
    };
    expect(answer.ok).toBe(false);
    expect(failed).toHaveLength(1);
    const [call] = failed;
    expect(call).toMatchObject({
      method: 'POST',
      status: 401,
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/u),
    });
    expect(appLog).toEqual([`info service call failed: POST 401 request ${call!.requestId}`]);
    const line = serviceLines().find((l) => l.reqId === call!.requestId && l.msg === 'request');
    expect(line).toMatchObject({ route: '/v1/sessions', status: 401 });
  });

  it('answers with the id it used: the one given when it is well formed, its own otherwise', async () => {
    const given = await fetch(`${t.url}/v1/health`, { headers: { 'x-request-id': 'panggilan-0001' } });
    expect(given.headers.get('x-request-id')).toBe('panggilan-0001');
    for (const bad of ['pendek', 'a'.repeat(65), 'ada spasi di dalamnya', 'baris\\nbaru-palsu']) {
      const res = await fetch(`${t.url}/v1/health`, { headers: { 'x-request-id': bad } });
      const used = res.headers.get('x-request-id');
      expect(used).not.toBe(bad);
      expect(used).toMatch(/^[A-Za-z0-9_-]{8,64}$/u);
    }
  });
});
