import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../connect';

/**
 * PostgreSQL: what a text search reads of every match — key, name, whether active, and the
 * weighted `tsvector` — in a narrow table of its own with its own full-text index, kept by a
 * trigger on providers. A search ranks every match (its total is exact), and on the wide
 * provider rows ten thousand matches were ten thousand scattered heap reads: the narrow rows
 * take a third of the pages and about two thirds of the time (network.md's 100,000 providers).
 *
 * Additive: the providers' own `search` column and index stay, for text searched with other
 * filters and for the previous release, whose writes the trigger follows. SQLite's FTS5 index
 * is narrow already: nothing changes there.
 */
export const providerSearchMigration = (kind: StoreKind): Migration => ({
  async up(db: Kysely<any>) {
    if (kind !== 'postgres') return;
    await sql`create table provider_search (
        seq bigint primary key references providers (seq) on delete cascade,
        active integer not null,
        name text not null,
        search tsvector not null)`.execute(db);
    await sql`create index provider_search_text on provider_search using gin (search)`.execute(db);
    // In an AFTER trigger the row's generated column is computed already.
    await sql`create function provider_search_keep() returns trigger language plpgsql as $$
      begin
        insert into provider_search (seq, active, name, search)
          values (new.seq, new.active, new.name, new.search)
          on conflict (seq) do update
            set active = excluded.active, name = excluded.name, search = excluded.search;
        return null;
      end $$`.execute(db);
    await sql`create trigger providers_search_kept after insert or update of active, name, address, city
      on providers for each row execute function provider_search_keep()`.execute(db);
    await sql`insert into provider_search (seq, active, name, search)
      select seq, active, name, search from providers`.execute(db);
  },
});
