import type { FastifyRequest } from 'fastify';
import { ServiceError } from '../domain/errors';
import type { Principal, Sessions } from '../domain/identity/sessions';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,256})$/u;

/** The preHandler of every authenticated route: a valid access token or 401. */
export function requireSession(sessions: Sessions) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw new ServiceError('unauthenticated', 'Sign in first.');
    request.principal = await sessions.authenticate(match[1]!);
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ServiceError('unauthenticated', 'Sign in first.');
  return request.principal;
}
