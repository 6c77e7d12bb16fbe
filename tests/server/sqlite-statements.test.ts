import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../server/store/sqlite-statements';

describe('SQLite statements kept by their text', () => {
  it('prepares a statement once and runs it again, and a busy one is never handed out twice', () => {
    const file = new BetterSqlite3(':memory:');
    const db = withStatementCache(file);
    const first = db.prepare('select 1 as one');
    expect(db.prepare('select 1 as one')).toBe(first);
    expect(db.prepare('select 2 as two')).not.toBe(first);

    const iterating = first.iterate([]);
    iterating.next();
    const beside = db.prepare('select 1 as one');
    expect(beside).not.toBe(first);
    expect(beside.all([])).toEqual([{ one: 1 }]);
    iterating.return?.();
    expect(db.prepare('select 1 as one')).toBe(first);
    db.close();
    expect(file.open).toBe(false);
  });

  it('runs a query again through Kysely after a stream of it was left half read', async () => {
    const db = new Kysely<{ t: { n: number } }>({
      dialect: new SqliteDialect({ database: withStatementCache(new BetterSqlite3(':memory:')) }),
    });
    await sql`create table t (n integer)`.execute(db);
    await db
      .insertInto('t')
      .values([{ n: 1 }, { n: 2 }, { n: 3 }])
      .execute();
    const query = db.selectFrom('t').select('n').orderBy('n');
    for await (const row of query.stream()) {
      expect(row.n).toBe(1);
      break;
    }
    expect(await query.execute()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await db.destroy();
  });
});
