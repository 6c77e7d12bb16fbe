/** The app id: the keychain's service name, and the installers' id. */
export const APP_ID = 'id.portal-nasabah.desktop';
export const APP_NAME = 'Portal Nasabah';
export const APP_VERSION = '0.1.0';
