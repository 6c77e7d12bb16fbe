import type { z } from 'zod';
import type { DeviceKind } from '../../../contract/api/identity';
import {
  AccessLogSchema,
  AccountClosureSchema,
  ConsentHistorySchema,
  ConsentListSchema,
  DataExportListSchema,
  DataExportSchema,
} from '../../../contract/api/privacy';
import type { IpcEvent, IpcEventPayload } from '../../../contract/ipc';
import { queryString, type ApiClient, NoBody } from './api-client';
import type { DocumentDesk } from './document-methods';
import type { PortalMethods } from './portal';
import type { SettingsStore } from './settings';
import { longDay } from '../../../contract/dates';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';

export interface PrivacyMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
  mode: DeviceKind;
  desk: DocumentDesk;
  settings: SettingsStore;
  emit: <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => void;
}

type PrivacyMethods = Pick<PortalMethods, Extract<keyof PortalMethods, `privacy.${string}`>>;
const id = (s: string) => encodeURIComponent(s);

/**
 * Data Saya in `window.portal` (complaints-privacy.md, App). A shared kiosk neither downloads a
 * person's whole file nor closes an account: those are refused here, whatever the screen shows.
 */
export function createPrivacyMethods(o: PrivacyMethodsOptions): PrivacyMethods {
  const call = <S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, schema: S, body?: unknown) =>
    o.sessions.call(method, path, schema, body ? { body } : {});
  const personalOnly = () => {
    if (o.mode === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
  };
  return {
    'privacy.consents': () => call('GET', '/v1/me/consents', ConsentListSchema),
    'privacy.setConsent': async ({ purpose, granted, version }) => {
      await call('PUT', `/v1/me/consents/${id(purpose)}`, NoBody, { granted, version });
      return {};
    },
    'privacy.consentHistory': ({ cursor }) =>
      call('GET', `/v1/me/consents/history${queryString({ cursor })}`, ConsentHistorySchema),
    'privacy.accessLog': ({ cursor }) => call('GET', `/v1/me/access-log${queryString({ cursor })}`, AccessLogSchema),
    'privacy.exports': async () => {
      personalOnly();
      return call('GET', '/v1/me/data-exports', DataExportListSchema);
    },
    'privacy.requestExport': async () => {
      personalOnly();
      return call('POST', '/v1/me/data-exports', DataExportSchema, {});
    },
    'privacy.getExport': async ({ exportId }) => {
      personalOnly();
      return call('GET', `/v1/me/data-exports/${id(exportId)}`, DataExportSchema);
    },
    'privacy.saveExport': async ({ exportId }) => {
      personalOnly();
      // Asked first, so that an export not ready (or not the person's) opens no dialog.
      const copy = await call('GET', `/v1/me/data-exports/${id(exportId)}`, DataExportSchema);
      if (copy.status !== 'ready') throw new PortalFailure('not_found');
      // Named as the person reads a date, in their language: "Data Saya 24 November 2026.zip".
      const lang = o.settings.get().language;
      const target = await o.desk.chooseSavePath(
        `${lang === 'en' ? 'My data' : 'Data Saya'} ${longDay(copy.createdAt, lang)}.zip`,
      );
      if (!target) return { saved: false };
      await o.sessions.authorized((token) =>
        o.api.downloadToFile(`/v1/me/data-exports/${id(exportId)}/file`, token, target, (received, total) =>
          o.emit('privacy.exportProgress', { exportId, receivedBytes: received, totalBytes: total }),
        ),
      );
      return { saved: true, savedAs: target };
    },
    'privacy.closeAccount': async () => {
      personalOnly();
      const closed = await call('POST', '/v1/me/closure', AccountClosureSchema, {});
      // The service ended every session with its answer; this device forgets its own now.
      await o.sessions.logout('account_closed');
      return closed;
    },
  };
}
