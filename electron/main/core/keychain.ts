import pLimit from 'p-limit';
import type * as KeytarModule from 'keytar';

type Keytar = typeof KeytarModule;
export type Keychain = Pick<Keytar, 'getPassword' | 'setPassword' | 'deletePassword' | 'findCredentials'>;

/**
 * The OS keychain through keytar, one call at a time: libsecret fails hard (it takes
 * the process down) when keytar's worker threads call it at once, as the session and
 * the document cache otherwise would. Null where keytar cannot load.
 */
const loaded: Promise<Keychain | null> = import('keytar').then(
  (m) => {
    const k = (m as unknown as { default?: Keytar }).default ?? (m as unknown as Keytar);
    const one = pLimit(1);
    return {
      getPassword: (service, account) => one(() => k.getPassword(service, account)),
      setPassword: (service, account, password) => one(() => k.setPassword(service, account, password)),
      deletePassword: (service, account) => one(() => k.deletePassword(service, account)),
      findCredentials: (service) => one(() => k.findCredentials(service)),
    } satisfies Keychain;
  },
  () => null,
);

export const keychain = (): Promise<Keychain | null> => loaded;
