import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../domain/errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The name of the back-office key a call came with (logged with every admin call). */
    adminName: string | null;
  }
}

const digest = (key: string) => crypto.createHash('sha256').update(key, 'utf8').digest();
const BEARER = /^Bearer (\S{1,256})$/u;

/**
 * The back office's keys (api-v1.md: `ADMIN_API_KEYS`), kept only as SHA-256 digests and
 * compared in constant time, every key every time, so the answer's timing names none.
 */
export class AdminKeys {
  private readonly keys: Array<{ name: string; digest: Buffer }>;
  constructor(keys: Array<{ name: string; key: string }>) {
    this.keys = keys.map((k) => ({ name: k.name, digest: digest(k.key) }));
  }

  nameOf(presented: string): string | undefined {
    const d = digest(presented);
    let found: string | undefined;
    for (const k of this.keys) if (crypto.timingSafeEqual(k.digest, d)) found ??= k.name;
    return found;
  }

  /**
   * Puts a plugin behind the keys: every route needs one, and every call is logged with the
   * name of its key (api-v1.md, Back office).
   */
  protect(app: FastifyInstance): void {
    app.decorateRequest('adminName', null);
    // Before the body is read or checked: a call without a key learns nothing of the contract's schemas.
    app.addHook('onRequest', this.guard());
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        { admin: request.adminName, method: request.method, route: request.routeOptions.url, status: reply.statusCode },
        'admin call',
      );
    });
  }

  /** The first hook of every `/v1/admin/…` route. */
  private guard() {
    return async (request: FastifyRequest): Promise<void> => {
      const match = BEARER.exec(request.headers.authorization ?? '');
      const name = match ? this.nameOf(match[1]!) : undefined;
      if (!name) {
        request.log.warn({ route: request.routeOptions.url }, 'admin call refused');
        throw new ServiceError('unauthenticated', 'A back-office key is needed.');
      }
      request.adminName = name;
    };
  }
}
