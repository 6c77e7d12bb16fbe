import path from 'node:path';
import mime from 'mime-types';

/** The content type of a file of the built renderer, for `app://` and for the preview alike. */
export const contentTypeOf = (file: string): string =>
  mime.contentType(path.basename(file)) || 'application/octet-stream';

export type RendererPath = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/**
 * The file of the built renderer that a URL path names. A malformed escape (`/%E0%A4%A`) is a
 * bad request, not a thrown error; a path that leaves the folder names nothing.
 */
export function rendererPath(rendererDir: string, pathname: string): RendererPath {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, rel.replace(/^\/+/u, '') || 'index.html');
  return file.startsWith(root + path.sep) ? { ok: true, file } : { ok: false, status: 404 };
}
