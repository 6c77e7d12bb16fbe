import type { z } from 'zod';
import { UploadedFileSchema } from '../../../contract/api/claims';
import { ComplaintListSchema, ComplaintSchema } from '../../../contract/api/complaints';
import type { DeviceKind } from '../../../contract/api/identity';
import { queryString, type ApiClient } from './api-client';
import { uploadPicked } from './file-upload';
import type { PortalMethods } from './portal';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';

export interface ComplaintsMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
  mode: DeviceKind;
  openExternal: (url: string) => Promise<void>;
}

type ComplaintsMethods = Pick<PortalMethods, Extract<keyof PortalMethods, `complaints.${string}`>>;
const id = (s: string) => encodeURIComponent(s);

/**
 * Pengaduan in `window.portal` (complaints-privacy.md, App). A kiosk may file a complaint and
 * follow it; it opens no page outside the app.
 */
export function createComplaintsMethods(o: ComplaintsMethodsOptions): ComplaintsMethods {
  const call = <S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown) =>
    o.sessions.call(method, path, schema, body ? { body } : {});
  return {
    'complaints.create': (body) => call('POST', '/v1/complaints', ComplaintSchema, body),
    'complaints.list': ({ cursor }) => call('GET', `/v1/complaints${queryString({ cursor })}`, ComplaintListSchema),
    'complaints.get': ({ complaintId }) => call('GET', `/v1/complaints/${id(complaintId)}`, ComplaintSchema),
    'complaints.withdraw': ({ complaintId }) =>
      call('POST', `/v1/complaints/${id(complaintId)}/withdraw`, ComplaintSchema, {}),
    'complaints.feedback': ({ complaintId, ...feedback }) =>
      call('POST', `/v1/complaints/${id(complaintId)}/feedback`, ComplaintSchema, feedback),
    'complaints.addFile': ({ complaintId, ...file }) =>
      uploadPicked(o, `/v1/complaints/${id(complaintId)}/files`, file, UploadedFileSchema),
    'complaints.receipt': async ({ complaintId }) => {
      const answer = await o.sessions.authorized((token) =>
        o.api.download(`/v1/complaints/${id(complaintId)}/receipt`, token, undefined, () => {}),
      );
      if (answer.status !== 200) throw new PortalFailure('internal');
      const copy = new ArrayBuffer(answer.bytes.length);
      new Uint8Array(copy).set(answer.bytes);
      return { bytes: copy };
    },
    'complaints.openExternal': async ({ complaintId, url }) => {
      if (o.mode === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
      // Only a page the service named for this complaint: the renderer cannot send the person anywhere else.
      const complaint = await call('GET', `/v1/complaints/${id(complaintId)}`, ComplaintSchema);
      const route = complaint.externalRoutes?.find((r) => r.url === url);
      if (!route || !url.startsWith('https://')) throw new PortalFailure('invalid_input', { fields: ['url'] });
      await o.openExternal(route.url);
      return {};
    },
  };
}
