import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import mime from 'mime-types';

/** The console's policy: its own scripts, styles, fonts, the photos it fetched (blob:), and the service's API on the same origin. */
export const DOCTOR_CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `/doctor/`: the doctor console, static files of the build, each with the strict CSP. A path
 * that leaves the folder names nothing; an unknown page is the console itself.
 */
export function doctorConsoleRoutes(dir: string): FastifyPluginAsync {
  return async (app) => {
    const root = path.resolve(dir);
    app.get('/doctor', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/doctor/', 301));
    app.get('/doctor/*', { schema: { hide: true } }, async (req, reply) => {
      const rel = (req.params as { '*': string })['*'];
      let file = path.resolve(root, rel || 'index.html');
      if (!file.startsWith(root + path.sep)) return reply.code(404).type('text/plain').send('not found');
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        // An asset that is missing is missing; any other path is a page of the console.
        if (path.extname(file)) return reply.code(404).type('text/plain').send('not found');
        file = path.join(root, 'index.html');
      }
      if (!fs.existsSync(file))
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The doctor console is not built: run npm run build.');
      const immutable = file.includes(`${path.sep}assets${path.sep}`);
      return reply
        .header('content-security-policy', DOCTOR_CONSOLE_CSP)
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .type(mime.contentType(path.basename(file)) || 'application/octet-stream')
        .send(fs.createReadStream(file));
    });
  };
}
