import { ApiClient } from './api-client';
import { createHandlerTable, type HandlerTable } from './handlers';
import { createPortal } from './portal';
import { SessionManager } from './session-manager';
import type { SettingsStore } from './settings';
import { noVault, type CredentialVault } from './vault';

export interface CoreOptions {
  serviceUrl: string;
  settings: SettingsStore;
  vault: CredentialVault;
  mode: 'personal' | 'kiosk';
  version: string;
  deviceName: string;
  branchName?: string;
  openExternal: (url: string) => Promise<void>;
  onFault?: (method: string, err: unknown) => void;
}

export interface Core {
  handlers: HandlerTable;
  sessions: SessionManager;
}

/** Puts the main-process core together; the same for the app, the preview and the tests. */
export function createCore(o: CoreOptions): Core {
  const api = new ApiClient({ baseUrl: o.serviceUrl });
  // A kiosk keeps nothing: no keychain, whatever the machine has.
  const vault = o.mode === 'kiosk' ? noVault : o.vault;
  const sessions = new SessionManager(api, vault, { kind: o.mode, name: o.deviceName });
  const portal = createPortal({
    api,
    sessions,
    settings: o.settings,
    vault,
    version: o.version,
    mode: o.mode,
    care: o.settings.get().care,
    branchName: o.branchName,
    openExternal: o.openExternal,
  });
  return { handlers: createHandlerTable(portal, o.onFault ?? (() => {})), sessions };
}
