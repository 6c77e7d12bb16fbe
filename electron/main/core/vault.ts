/**
 * Where a remembered refresh token lives: the OS keychain in the app, nowhere else.
 * One entry at most: the account that chose "Ingat saya".
 */
export interface CredentialVault {
  /** False where no keychain works (then the app hides "Ingat saya"). */
  isAvailable(): Promise<boolean>;
  load(): Promise<{ account: string; secret: string } | null>;
  save(account: string, secret: string): Promise<void>;
  clear(): Promise<void>;
}

/** A kiosk, or a machine without a keychain: nothing is ever kept. */
export const noVault: CredentialVault = {
  isAvailable: async () => false,
  load: async () => null,
  save: async () => {
    throw new Error('no keychain');
  },
  clear: async () => {},
};
