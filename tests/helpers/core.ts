import path from 'node:path';
import type { IpcEvent, IpcMethod } from '../../contract/ipc';
import { createCore, type Core, type CoreOptions } from '../../electron/main/core/compose';
import { JsonFileSettings } from '../../electron/main/core/settings';
import { noVault } from '../../electron/main/core/vault';

/** The real core for a test or a benchmark: its settings in `settingsFile`, no keychain unless given one. */
export function testCore(serviceUrl: string, settingsFile: string, extra: Partial<CoreOptions> = {}): Core {
  return createCore({
    serviceUrl,
    settings: new JsonFileSettings(settingsFile),
    vault: noVault,
    mode: 'personal',
    version: '0',
    deviceName: 'test',
    openExternal: async () => {},
    ...extra,
  });
}

/** A core's calls as a test makes them: `call` answers the bridge's result, `ok` insists on success. */
export function coreCalls(expectOk: (result: unknown, label: string) => void) {
  const call = async (c: Core, method: IpcMethod, input?: unknown) => (await c.handlers[method](input)) as any;
  const ok = async (c: Core, method: IpcMethod, input?: unknown) => {
    const r = await call(c, method, input);
    expectOk(r, `${method}: ${JSON.stringify(r).slice(0, 300)}`);
    return (r as { value: any }).value;
  };
  return { call, ok };
}

/** A core on `serviceUrl` whose events (and the links it was asked to open) the test reads. */
export function recordingCore(serviceUrl: string, dir: string, extra: Partial<CoreOptions> = {}) {
  const events: Array<{ event: IpcEvent; payload: any }> = [];
  const opened: string[] = [];
  const c = testCore(serviceUrl, path.join(dir, `settings-${Math.random()}.json`), {
    eventsBackoffMs: 50,
    openExternal: async (url) => void opened.push(url),
    ...extra,
  });
  c.onEvent((event, payload) => events.push({ event, payload }));
  return { c, events, opened };
}
