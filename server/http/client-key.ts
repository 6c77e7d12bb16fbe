import '@fastify/accepts';
import type { FastifyRequest } from 'fastify';
import type { Language } from '../../contract/api/common';

/** The client address a rate limit counts against (behind a proxy only with TRUST_PROXY). */
export const clientKey = (request: FastifyRequest): string => request.ip;

/** The language the request prefers of the two the service writes (its q-values weighed); `id` by default. */
export function preferredLanguage(request: FastifyRequest): Language {
  return request.languages(['id', 'en']) === 'en' ? 'en' : 'id';
}
