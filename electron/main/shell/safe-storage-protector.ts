import { safeStorage } from 'electron';
import type { KeyProtector } from '../core/document-cache';

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
    return Buffer.from(safeStorage.decryptString(blob), 'base64');
  },
};
