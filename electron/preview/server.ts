import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ipcContract, type IpcMethod } from '../../contract/ipc';
import type { Core } from '../main/core/compose';
import { rendererCsp } from '../main/core/csp';
import { tileCspSource } from '../main/core/map-tiles';
import { contentTypeOf, rendererPath } from '../main/core/renderer-files';

export interface PreviewServer {
  /** The URL with its secret: the only way in. */
  url: string;
  close(): Promise<void>;
}

/** JSON has no bytes: an ArrayBuffer crosses the WebSocket as `{ $bytes: base64 }`. */
function bytesAsBase64(_key: string, value: unknown): unknown {
  return value instanceof ArrayBuffer ? { $bytes: Buffer.from(value).toString('base64') } : value;
}

/** And back: `{ $bytes: base64 }` from the renderer (a file it picked) is an ArrayBuffer again. */
function bytesFromBase64(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
    const b = Buffer.from((value as { $bytes: string }).$bytes, 'base64');
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  }
  return value;
}

/** Equal-time comparison of the secret. */
const same = (a: string, b: string) => a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Serves the built renderer on 127.0.0.1 and the same `window.portal` over a
 * loopback WebSocket, backed by the real main-process core. Every request needs the
 * secret: in the link the first time, then in a strict same-site cookie.
 */
export async function startPreviewServer(options: {
  core: Core;
  rendererDir: string;
  port?: number;
}): Promise<PreviewServer> {
  const secret = crypto.randomBytes(24).toString('base64url');
  const cookieName = 'portal_preview';
  const authorised = (req: http.IncomingMessage): boolean => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fromQuery = url.searchParams.get('s');
    const fromCookie = /(?:^|;\s*)portal_preview=([A-Za-z0-9_-]+)/u.exec(req.headers.cookie ?? '')?.[1];
    return [fromQuery, fromCookie].some((v) => v !== null && v !== undefined && same(v, secret));
  };
  let port = 0;

  const server = http.createServer((req, res) => {
    if (!authorised(req)) {
      res
        .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Buka tautan lengkap yang dicetak oleh npm run preview.\n');
      return;
    }
    const named = rendererPath(options.rendererDir, new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (!named.ok && named.status === 400) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Alamat tidak valid.\n');
      return;
    }
    const target =
      named.ok && fs.existsSync(named.file) && fs.statSync(named.file).isFile()
        ? named.file
        : path.join(options.rendererDir, 'index.html');
    const tiles = options.core.mapTileUrl ? [tileCspSource(options.core.mapTileUrl)] : [];
    const csp = rendererCsp([`ws://127.0.0.1:${port}`], tiles);
    res.writeHead(200, {
      'content-type': contentTypeOf(target),
      'set-cookie': `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    fs.createReadStream(target).pipe(res);
  });

  // A claim file of at most 10 MiB crosses as base64 (4/3 larger) in one message; nothing bigger is taken.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const sameOrigin = req.headers.origin === `http://127.0.0.1:${port}`;
    if (url.pathname !== '/bridge' || !authorised(req) || !sameOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', async (raw) => {
      let msg: { t?: string; id?: unknown; method?: unknown; input?: unknown };
      try {
        msg = JSON.parse(String(raw), bytesFromBase64);
      } catch {
        return;
      }
      if (msg.t !== 'call' || typeof msg.id !== 'number' || typeof msg.method !== 'string') return;
      const method = msg.method as IpcMethod;
      const result = Object.hasOwn(ipcContract, method)
        ? await options.core.handlers[method](msg.input)
        : { ok: false, error: { code: 'invalid_input', details: { fields: ['method'] } } };
      ws.send(JSON.stringify({ t: 'result', id: msg.id, result }, bytesAsBase64));
    });
  });
  options.core.onEvent((event, payload) => {
    for (const c of clients) c.send(JSON.stringify({ t: 'event', event, payload }));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?s=${secret}`,
    close: () =>
      new Promise((resolve) => {
        for (const c of clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
