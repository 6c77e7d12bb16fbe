/** The app id: the keychain's service name, and the installers' id. */
export const APP_ID = 'id.portal-nasabah.desktop';

/**
 * The keychain's services, one per kind of entry, so that reading or clearing one never
 * touches another: the remembered session (service = app id, account = username), and the
 * key that protects the document cache where safeStorage is not used (the preview).
 */
export const keychainServices = (appId: string) => ({ session: appId, documentCache: `${appId}.document-cache` });
export const KEYCHAIN = keychainServices(APP_ID);
export const APP_NAME = 'Portal Nasabah';
export const APP_VERSION = '0.1.0';
