import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol, session, type Session } from 'electron';
import { CSP } from './security';
import { contentTypeOf } from '../core/renderer-files';

/** Must run before `ready`: `app://` is a standard, secure scheme, not `file://`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: the built renderer loads its scripts as modules, which are fetched in CORS mode.
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** Serves the built renderer from `app://portal/…`, with the CSP on every answer. */
export function serveRenderer(rendererDir: string, ses: Session = session.defaultSession): void {
  const root = path.resolve(rendererDir);
  ses.protocol.handle('app', async (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(root, decodeURIComponent(pathname).replace(/^\/+/u, '') || 'index.html');
    if (!file.startsWith(root + path.sep)) return new Response('not found', { status: 404 });
    try {
      const body = await fs.readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentTypeOf(file),
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
