import { randomUUID } from 'node:crypto';
import { keychain, type Keychain } from './keychain';
import type { CredentialVault } from './vault';

/** Where earlier versions kept the document cache's key, in the session's own service: never a session. */
const FORMER_CACHE_KEY_ACCOUNT = 'document-cache-key';

/**
 * The OS keychain through keytar (Keychain on macOS, Credential Manager on Windows,
 * the Secret Service on Linux). Service name = the app id, account = the username;
 * the service holds the remembered session and nothing else (other entries have services
 * of their own), and every change names its entry exactly.
 */
export class KeytarVault implements CredentialVault {
  private readonly keytar: Promise<Keychain | null> = keychain();
  private available: Promise<boolean> | null = null;

  constructor(private readonly service: string) {}

  /**
   * Writes, reads back and deletes a probe entry, once for the app's life: a locked or
   * missing keychain fails here. (The app asks on every start screen; the keychain is not
   * written each time.)
   */
  isAvailable(): Promise<boolean> {
    this.available ??= this.probe();
    return this.available;
  }

  private async probe(): Promise<boolean> {
    const k = await this.keytar;
    if (!k) return false;
    // Under a service of its own and a name of its own, so a session being read never finds the probe.
    const service = `${this.service}.probe`;
    const probe = randomUUID();
    try {
      await k.setPassword(service, probe, 'probe');
      const back = await k.getPassword(service, probe);
      await k.deletePassword(service, probe);
      return back === 'probe';
    } catch {
      return false;
    }
  }

  private async sessions(k: Keychain) {
    const found = await k.findCredentials(this.service);
    return found.filter((c) => c.account !== FORMER_CACHE_KEY_ACCOUNT);
  }

  /** The one remembered session; none where there is not exactly one (a state this vault never makes). */
  async load(): Promise<{ account: string; secret: string } | null> {
    const k = await this.keytar;
    if (!k) return null;
    const found = await this.sessions(k);
    if (found.length !== 1) return null;
    const [only] = found;
    return { account: only!.account, secret: only!.password };
  }

  async save(account: string, secret: string): Promise<void> {
    const k = await this.keytar;
    if (!k) throw new Error('no keychain');
    // Another person's session remembered on this device before goes; this one replaces its own entry.
    for (const c of await this.sessions(k)) if (c.account !== account) await k.deletePassword(this.service, c.account);
    await k.setPassword(this.service, account, secret);
  }

  async clear(): Promise<void> {
    const k = await this.keytar;
    if (!k) return;
    // Where the keychain cannot be reached, nothing can have been kept in it either.
    const kept = await this.sessions(k).catch(() => []);
    for (const c of kept) await k.deletePassword(this.service, c.account);
  }
}
