import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';

/**
 * The SQLite connection as Kysely sees it, with its prepared statements kept by their text.
 * Kysely prepares every query it runs anew, and SQLite's compiling of a statement was the
 * largest single part of a login's main-thread time (bench/identity); the service runs a few
 * hundred distinct statements, each many times. A statement still being iterated (a stream)
 * is busy and cannot run twice at once: then a fresh one is prepared beside it.
 */
export function withStatementCache(file: SqliteFile, max = 500): SqliteDatabase {
  const statements = new LRUCache<string, Statement>({ max });
  return {
    close() {
      statements.clear();
      file.close();
    },
    prepare(sql: string) {
      const kept = statements.get(sql);
      if (kept && !kept.busy) return kept;
      const statement = file.prepare(sql);
      if (!kept) statements.set(sql, statement);
      return statement;
    },
  };
}
