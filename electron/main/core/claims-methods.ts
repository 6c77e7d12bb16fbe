import crypto from 'node:crypto';
import {
  BankListSchema,
  BenefitsSchema,
  ClaimFileSchema,
  ClaimListSchema,
  ClaimOptionsSchema,
  ClaimSchema,
  UploadContentTypeSchema,
} from '../../../contract/api/claims';
import type { IpcEvent, IpcEventPayload } from '../../../contract/ipc';
import { queryString, type ApiClient, NoBody } from './api-client';
import type { PortalMethods } from './portal';
import { PortalFailure } from './portal-error';
import { uploadPicked } from './file-upload';
import type { SessionManager } from './session-manager';

export interface ClaimsMethodsOptions {
  api: ApiClient;
  sessions: SessionManager;
  emit: <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => void;
}

type ClaimsMethods = Pick<PortalMethods, Extract<keyof PortalMethods, `claims.${string}`>>;

const id = (s: string) => encodeURIComponent(s);

/**
 * Klaim in `window.portal` (claims.md, The app). Nothing of a claim is kept here or on
 * disk: the draft lives on the service, so a kiosk's wipe has nothing of it to remove
 * and a closed app loses nothing.
 */
export function createClaimsMethods(o: ClaimsMethodsOptions): ClaimsMethods {
  const call = o.sessions.call.bind(o.sessions);

  return {
    'claims.options': ({ policyNumber }) =>
      call('GET', `/v1/claims/options${queryString({ policyNumber })}`, ClaimOptionsSchema),
    'claims.banks': () => call('GET', '/v1/banks', BankListSchema),
    'claims.benefits': ({ policyNumber, personId }) =>
      call('GET', `/v1/policies/${id(policyNumber)}/benefits${queryString({ personId })}`, BenefitsSchema),
    'claims.create': (body) => call('POST', '/v1/claims', ClaimSchema, { body }),
    'claims.update': ({ claimId, ...patch }) =>
      call('PATCH', `/v1/claims/${id(claimId)}`, ClaimSchema, { body: patch }),
    'claims.remove': async ({ claimId }) => {
      await call('DELETE', `/v1/claims/${id(claimId)}`, NoBody);
      return {};
    },
    'claims.addFile': async ({ claimId, kind, fileName, contentType, bytes, uploadId }) => {
      const name = uploadId ?? crypto.randomUUID();
      const progress = (sent: number, total: number) =>
        o.emit('claims.uploadProgress', { uploadId: name, claimId, sentBytes: sent, totalBytes: total });
      const upload = uploadPicked(
        o,
        `/v1/claims/${id(claimId)}/files?kind=${kind}`,
        { fileName, contentType, bytes },
        ClaimFileSchema,
        progress,
      );
      progress(0, bytes.byteLength);
      return upload;
    },
    'claims.removeFile': async ({ claimId, fileId }) => {
      await call('DELETE', `/v1/claims/${id(claimId)}/files/${id(fileId)}`, NoBody);
      return {};
    },
    'claims.openFile': async ({ claimId, fileId }) => {
      const answer = await o.sessions.authorized((token) =>
        o.api.download(`/v1/claims/${id(claimId)}/files/${id(fileId)}`, token, undefined, () => {}, '*/*'),
      );
      if (answer.status !== 200) throw new PortalFailure('internal');
      const contentType = UploadContentTypeSchema.safeParse(answer.contentType.split(';')[0]);
      if (!contentType.success) throw new PortalFailure('internal', { reason: 'answer_schema' });
      const copy = new ArrayBuffer(answer.bytes.length);
      new Uint8Array(copy).set(answer.bytes);
      return { bytes: copy, contentType: contentType.data };
    },
    'claims.submit': ({ claimId }) => call('POST', `/v1/claims/${id(claimId)}/submit`, ClaimSchema, { body: {} }),
    'claims.answer': ({ claimId, note }) =>
      call('POST', `/v1/claims/${id(claimId)}/answer`, ClaimSchema, { body: { note } }),
    'claims.withdraw': ({ claimId }) => call('POST', `/v1/claims/${id(claimId)}/withdraw`, ClaimSchema, { body: {} }),
    'claims.list': ({ policyNumber, status, cursor }) =>
      call('GET', `/v1/claims${queryString({ policyNumber, status, cursor })}`, ClaimListSchema),
    'claims.get': ({ claimId }) => call('GET', `/v1/claims/${id(claimId)}`, ClaimSchema),
  };
}
