import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * A file a person uploaded (a claim's, a complaint's, a request's), sent back as an attachment
 * under its cleaned name, and sandboxed should anything open it in place.
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: { content_type: string; size_bytes: number; file_name: string },
  body: Readable,
) {
  return reply
    .type(file.content_type)
    .header('content-length', file.size_bytes)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.file_name)}`)
    .header('content-security-policy', "sandbox; default-src 'none'")
    .send(body);
}
