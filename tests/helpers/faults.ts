import { sql } from 'kysely';
import type { Store } from '../../server/store/connect';

/**
 * Makes every insert into `table` fail inside the database, on either engine, until the
 * returned function is called: a fault between two writes, as a crash or a lost
 * connection would leave it.
 */
export async function failInsertsInto(store: Store, table: string): Promise<() => Promise<void>> {
  const name = sql.raw(`fail_insert_${table}`);
  const target = sql.raw(table);
  if (store.kind === 'sqlite') {
    await sql`create trigger ${name} before insert on ${target} begin select raise(abort, 'injected fault'); end`.execute(
      store.db,
    );
    return async () => void (await sql`drop trigger ${name}`.execute(store.db));
  }
  await sql`create function ${name}() returns trigger language plpgsql as $$ begin raise exception 'injected fault'; end $$`.execute(
    store.db,
  );
  await sql`create trigger ${name} before insert on ${target} for each row execute function ${name}()`.execute(
    store.db,
  );
  return async () => {
    await sql`drop trigger ${name} on ${target}`.execute(store.db);
    await sql`drop function ${name}()`.execute(store.db);
  };
}
