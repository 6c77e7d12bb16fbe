import fs from 'node:fs/promises';
import { protocol, session, type Session } from 'electron';
import { contentTypeOf, rendererPath } from '../core/renderer-files';

/** Must run before `ready`: `app://` is a standard, secure scheme, not `file://`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: the built renderer loads its scripts as modules, which are fetched in CORS mode.
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** Serves the built renderer from `app://portal/…`, with the CSP on every answer. */
export function serveRenderer(rendererDir: string, csp: string, ses: Session = session.defaultSession): void {
  ses.protocol.handle('app', async (request) => {
    const named = rendererPath(rendererDir, new URL(request.url).pathname);
    if (!named.ok) return new Response(named.status === 400 ? 'bad request' : 'not found', { status: named.status });
    const { file } = named;
    try {
      const body = await fs.readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentTypeOf(file),
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
