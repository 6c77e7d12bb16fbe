import { ServiceError } from './errors';

/**
 * Cursors of newest-first lists (api-v1.md, Paging): the instant and id of a page's last
 * row, opaque to the client.
 */
export function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}:${id}`).toString('base64url');
}

/** A cursor answered before; anything else is a bad request naming `cursor`. */
export function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (!at || !id || !/^\d{1,15}$/u.test(at))
    throw new ServiceError('invalid_request', 'Unknown cursor.', { in: 'querystring', fields: ['cursor'] });
  return { at: Number(at), id };
}
