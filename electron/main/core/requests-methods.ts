import {
  PolicyHistorySchema,
  RequestListSchema,
  RequestSchema,
  RequestTypesSchema,
} from '../../../contract/api/requests';
import { UploadedFileSchema } from '../../../contract/api/claims';
import { queryString, type ApiClient } from './api-client';
import { uploadPicked } from './file-upload';
import type { PortalMethods } from './portal';
import type { SessionManager } from './session-manager';

export interface RequestsMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
}

type RequestsMethods = Pick<PortalMethods, Extract<keyof PortalMethods, `requests.${string}`> | 'policies.history'>;
const id = (s: string) => encodeURIComponent(s);

/**
 * Transaksi Polis in `window.portal` (policy-requests.md, The app). A ★ type answers
 * `step_up_required` until the person has given the password again (`account.stepUp`).
 */
export function createRequestsMethods(o: RequestsMethodsOptions): RequestsMethods {
  const get = <S extends Parameters<ApiClient['call']>[2]>(path: string, schema: S) =>
    o.sessions.call('GET', path, schema);
  const post = (path: string, body: unknown) => o.sessions.call('POST', path, RequestSchema, { body });
  return {
    'requests.types': ({ policyNumber }) => get(`/v1/policies/${id(policyNumber)}/request-types`, RequestTypesSchema),
    'requests.submit': (body) => post('/v1/requests', body),
    'requests.cancel': ({ requestId }) => post(`/v1/requests/${id(requestId)}/cancel`, {}),
    'requests.list': (q) => get(`/v1/requests${queryString(q)}`, RequestListSchema),
    'requests.get': ({ requestId }) => get(`/v1/requests/${id(requestId)}`, RequestSchema),
    'policies.history': ({ policyNumber }) => get(`/v1/policies/${id(policyNumber)}/history`, PolicyHistorySchema),
    'requests.addFile': ({ requestId, ...file }) =>
      uploadPicked(o, `/v1/requests/${id(requestId)}/files`, file, UploadedFileSchema),
  };
}
