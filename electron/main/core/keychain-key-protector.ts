import crypto from 'node:crypto';
import { keychain, type Keychain } from './keychain';
import type { KeyProtector } from './document-cache';

/**
 * Wraps the cache key with a key kept in the OS keychain (AES-256-GCM): the protector
 * where Electron's safeStorage is not at hand (the preview, the tests on Linux).
 */
export class KeychainKeyProtector implements KeyProtector {
  private readonly keytar: Promise<Keychain | null> = keychain();

  constructor(
    private readonly service: string,
    private readonly account = 'document-cache-key',
  ) {}

  async usable(): Promise<boolean> {
    try {
      await this.wrappingKey();
      return true;
    } catch {
      return false;
    }
  }

  private async wrappingKey(): Promise<Buffer> {
    const k = await this.keytar;
    if (!k) throw new Error('no keychain');
    const kept = await k.getPassword(this.service, this.account);
    if (kept) return Buffer.from(kept, 'base64');
    const fresh = crypto.randomBytes(32);
    await k.setPassword(this.service, this.account, fresh.toString('base64'));
    return fresh;
  }

  async protect(key: Buffer): Promise<Buffer> {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', await this.wrappingKey(), iv);
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async unprotect(blob: Buffer): Promise<Buffer> {
    const decipher = crypto.createDecipheriv('aes-256-gcm', await this.wrappingKey(), blob.subarray(0, 12));
    decipher.setAuthTag(blob.subarray(12, 28));
    return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
  }
}
