import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '../domain/errors';

/** An upload as the domain takes it: the body's stream, its declared type and length, its name. */
export interface RawUpload {
  body: Readable;
  contentType: string;
  length?: number;
  fileName?: string;
}

/**
 * Routes that take a file as the raw body, streamed (api-v1.md, Uploads): a context of their
 * own whose parser hands the body over unread.
 */
export async function uploadRoutes(app: FastifyInstance, routes: (files: FastifyInstance) => void): Promise<void> {
  await app.register(async (files) => {
    files.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    routes(files);
  });
}

/** The upload of a request; a request without a body is refused as a file would be. */
export function rawUploadOf(req: FastifyRequest): RawUpload {
  const body = req.body as NodeJS.ReadableStream | undefined;
  if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') {
    throw new ServiceError('file_type_refused', 'That file cannot be accepted.', { reason: 'type_not_allowed' });
  }
  const length = Number(req.headers['content-length']);
  const name = req.headers['x-file-name'];
  return {
    body: req.raw,
    contentType: req.headers['content-type'] ?? '',
    length: Number.isFinite(length) ? length : undefined,
    fileName: typeof name === 'string' ? name : undefined,
  };
}

/** Runs the upload; refused before its body was read to the end, the connection closes after the answer. */
export async function accepting<T>(req: FastifyRequest, reply: FastifyReply, accept: () => Promise<T>): Promise<T> {
  try {
    return await accept();
  } catch (err) {
    if (!req.raw.complete) void reply.header('connection', 'close');
    throw err;
  }
}
