import type { FastifyRequest } from 'fastify';

/** The client address a rate limit counts against (behind a proxy only with TRUST_PROXY). */
export const clientKey = (request: FastifyRequest): string => request.ip;

/** `id` unless the request prefers English. */
export function preferredLanguage(request: FastifyRequest): 'id' | 'en' {
  const first = (request.headers['accept-language'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'id';
}
