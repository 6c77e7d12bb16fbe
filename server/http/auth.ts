import type { FastifyRequest } from 'fastify';
import { ServiceError } from '../domain/errors';
import type { Principal, Sessions } from '../domain/identity/sessions';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,256})$/u;

/** The bearer token a request came with (a customer's or a doctor's), or 401. */
export function bearerToken(request: FastifyRequest): string {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (!match) throw new ServiceError('unauthenticated', 'Sign in first.');
  return match[1]!;
}

/** The first hook (`onRequest`) of every authenticated route: a valid access token or 401, before the body is read. */
export function requireSession(sessions: Sessions) {
  return async (request: FastifyRequest): Promise<void> => {
    request.principal = await sessions.authenticate(bearerToken(request));
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ServiceError('unauthenticated', 'Sign in first.');
  return request.principal;
}
