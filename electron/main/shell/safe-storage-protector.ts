import { safeStorage } from 'electron';
import { KeyLost, type KeyProtector } from '../core/document-cache';

/**
 * Electron safeStorage (DPAPI, Keychain, libsecret/kwallet). Never used where its
 * backend is `basic_text`: on Linux without a secret store the "key" is a constant.
 */
export const safeStorageProtector: KeyProtector = {
  async usable() {
    if (!safeStorage.isEncryptionAvailable()) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  },
  async protect(key) {
    return safeStorage.encryptString(key.toString('base64'));
  },
  async unprotect(blob) {
    try {
      return Buffer.from(safeStorage.decryptString(blob), 'base64');
    } catch (err) {
      // Encryption works (usable() said so) yet this blob does not open: the OS key that sealed it is gone.
      if (safeStorage.isEncryptionAvailable()) throw new KeyLost(err instanceof Error ? err.message : String(err));
      throw err;
    }
  },
};
