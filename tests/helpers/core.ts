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
