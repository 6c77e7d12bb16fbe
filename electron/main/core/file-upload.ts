import { CLAIM_FILE_MAX_BYTES, UploadContentTypeSchema } from '../../../contract/api/claims';
import type { ApiClient } from './api-client';
import { PortalFailure } from './portal-error';
import type { SessionManager } from './session-manager';
import type { z } from 'zod';

/** A file the person picked, as the renderer hands it over: bytes with their name and type. */
export interface PickedFile {
  fileName: string;
  contentType: string;
  bytes: ArrayBuffer;
}

/**
 * Sends one picked file to the service as the raw body (api-v1.md, Uploads). The service's
 * limits are checked here first: a file it would refuse after the whole upload is refused before
 * a byte is sent. `onProgress` hears how far it got.
 */
export function uploadPicked<S extends z.ZodType>(
  o: { api: ApiClient; sessions: SessionManager },
  path: string,
  file: PickedFile,
  schema: S,
  onProgress: (sent: number, total: number) => void = () => {},
): Promise<z.output<S>> {
  if (file.bytes.byteLength > CLAIM_FILE_MAX_BYTES)
    throw new PortalFailure('file_too_large', { maxBytes: CLAIM_FILE_MAX_BYTES });
  if (!UploadContentTypeSchema.safeParse(file.contentType).success)
    throw new PortalFailure('file_type_refused', { reason: 'type_not_allowed' });
  const body = Buffer.from(file.bytes);
  return o.sessions.authorized((token) =>
    o.api.upload(
      path,
      token,
      body,
      { 'content-type': file.contentType, 'x-file-name': encodeURIComponent(file.fileName) },
      schema,
      onProgress,
    ),
  );
}
