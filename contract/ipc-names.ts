import type { ipcContract, ipcEvents } from './ipc';

/**
 * The names of the preload API's methods and events, without their schemas: the preload
 * builds `window.portal` from these, so it does not carry zod. The type checker holds the
 * lists to the contract both ways (a name missing or one too many fails to compile).
 */
export const IPC_METHOD_NAMES = [
  'app.info',
  'app.setLanguage',
  'app.openExternal',
  'registration.start',
  'registration.acceptEula',
  'registration.sendOtp',
  'registration.verifyOtp',
  'registration.setPassword',
  'registration.cancel',
  'recovery.start',
  'recovery.sendOtp',
  'recovery.verifyOtp',
  'recovery.setPassword',
  'recovery.cancel',
  'session.login',
  'session.current',
  'session.logout',
  'policies.list',
  'policies.get',
  'policies.documents',
  'policies.card',
  'documents.open',
  'documents.saveCopy',
  'documents.print',
  'account.get',
  'account.update',
  'account.stepUp',
  'account.changePassword',
  'account.startContactChange',
  'account.verifyContactChange',
  'account.sessions',
  'account.endSession',
  'account.signIns',
  'inbox.list',
  'inbox.read',
  'inbox.readAll',
  'claims.options',
  'claims.banks',
  'claims.benefits',
  'claims.create',
  'claims.update',
  'claims.remove',
  'claims.addFile',
  'claims.removeFile',
  'claims.openFile',
  'claims.submit',
  'claims.answer',
  'claims.withdraw',
  'claims.list',
  'claims.get',
  'payments.bills',
  'payments.pay',
  'payments.get',
  'payments.list',
  'payments.openGatewayPage',
  'payments.receipt',
  'network.search',
  'network.get',
  'network.regions',
  'network.call',
  'network.directions',
  'kiosk.stillHere',
  'kiosk.finish',
] as const satisfies ReadonlyArray<keyof typeof ipcContract>;

export const IPC_EVENT_NAMES = [
  'session.signedOut',
  'inbox.message',
  'inbox.open',
  'kiosk.idleWarning',
  'documents.progress',
  'claims.updated',
  'claims.uploadProgress',
  'payments.updated',
] as const satisfies ReadonlyArray<keyof typeof ipcEvents>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyMethod: Same<(typeof IPC_METHOD_NAMES)[number], keyof typeof ipcContract> = true;
const everyEvent: Same<(typeof IPC_EVENT_NAMES)[number], keyof typeof ipcEvents> = true;
void everyMethod;
void everyEvent;
