import { randomUUID } from 'node:crypto';
import { keychain, type Keychain } from './keychain';
import type { CredentialVault } from './vault';

/**
 * The OS keychain through keytar (Keychain on macOS, Credential Manager on Windows,
 * the Secret Service on Linux). Service name = the app id, account = the username.
 */
export class KeytarVault implements CredentialVault {
  private readonly keytar: Promise<Keychain | null> = keychain();

  constructor(private readonly service: string) {}

  /** Writes, reads back and deletes a probe entry: a locked or missing keychain fails here. */
  async isAvailable(): Promise<boolean> {
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

  async load(): Promise<{ account: string; secret: string } | null> {
    const k = await this.keytar;
    if (!k) return null;
    const [first] = await k.findCredentials(this.service);
    return first ? { account: first.account, secret: first.password } : null;
  }

  async save(account: string, secret: string): Promise<void> {
    const k = await this.keytar;
    if (!k) throw new Error('no keychain');
    await this.clear();
    await k.setPassword(this.service, account, secret);
  }

  async clear(): Promise<void> {
    const k = await this.keytar;
    if (!k) return;
    // Where the keychain cannot be reached, nothing can have been kept in it either.
    const kept = await k.findCredentials(this.service).catch(() => []);
    for (const c of kept) await k.deletePassword(this.service, c.account);
  }
}
