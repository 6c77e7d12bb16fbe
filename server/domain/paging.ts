import { sql, type SelectQueryBuilder } from 'kysely';
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

/**
 * A newest-first page by (`column`, id) after a cursor (api-v1.md, Paging): one more row
 * than the page is read, to know whether another page follows. Single-table queries only
 * (the columns are named without their table).
 */
export function newestFirst<Q extends SelectQueryBuilder<any, any, any>>(
  query: Q,
  q: { limit: number; cursor?: string },
  column: 'created_at' | 'at' = 'created_at',
): Q {
  let page = query;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const col = sql.ref(column);
    page = page.where(sql<boolean>`(${col} < ${c.at} or (${col} = ${c.at} and id < ${c.id}))`) as Q;
  }
  return page
    .orderBy(sql.ref(column), 'desc')
    .orderBy(sql.ref('id'), 'desc')
    .limit(q.limit + 1) as Q;
}

/** The page of rows `newestFirst` read, and the cursor of the next one when there is one. */
export function pageOf<R extends { id: string }>(
  rows: R[],
  limit: number,
  at: (row: R) => number,
): { page: R[]; nextCursor?: string } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, ...(rows.length > limit && last ? { nextCursor: encodeCursor(at(last), last.id) } : {}) };
}
