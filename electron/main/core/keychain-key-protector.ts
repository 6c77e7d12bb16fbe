import crypto from 'node:crypto';
import { keychain, type Keychain } from './keychain';
import { KeyLost, type KeyProtector } from './document-cache';

/**
 * Wraps the cache key with a key kept in the OS keychain (AES-256-GCM): the protector
 * where Electron's safeStorage is not at hand (the preview, the tests on Linux). Its
 * entry has a keychain service of its own, apart from the remembered session's.
 */
export class KeychainKeyProtector implements KeyProtector {
  private readonly keytar: Promise<Keychain | null> = keychain();

  constructor(
    private readonly service: string,
    private readonly account = 'document-cache-key',
  ) {}

  /** The keychain answers (nothing is written to find out). */
  async usable(): Promise<boolean> {
    const k = await this.keytar;
    if (!k) return false;
    try {
      await k.getPassword(this.service, this.account);
      return true;
    } catch {
      return false;
    }
  }

  private async kept(): Promise<Buffer | null> {
    const k = await this.keytar;
    if (!k) throw new Error('no keychain');
    const kept = await k.getPassword(this.service, this.account);
    return kept ? Buffer.from(kept, 'base64') : null;
  }

  async protect(key: Buffer): Promise<Buffer> {
    let wrapping = await this.kept();
    if (!wrapping) {
      wrapping = crypto.randomBytes(32);
      const k = (await this.keytar)!;
      await k.setPassword(this.service, this.account, wrapping.toString('base64'));
    }
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', wrapping, iv);
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async unprotect(blob: Buffer): Promise<Buffer> {
    // Never made anew here: a missing wrapping key means the sealed key is lost, and is said so.
    const wrapping = await this.kept();
    if (!wrapping) throw new KeyLost('its keychain entry is missing');
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', wrapping, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
    } catch {
      throw new KeyLost('its keychain entry does not open it');
    }
  }
}
