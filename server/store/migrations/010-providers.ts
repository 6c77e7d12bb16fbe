import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../connect';

/**
 * The hospital and clinic network (network.md): providers with their services and the
 * plans they serve cashless, and each engine's full-text index over name, address and city.
 * SQLite: an FTS5 table kept by triggers. PostgreSQL: a weighted `tsvector` with a GIN index.
 * Both: the words of all providers, for the typing-error fallback (on PostgreSQL found by
 * `pg_trgm` similarity).
 */
export function providersMigration(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('providers')
        // The full-text index refers to rows by this integer (SQLite: the rowid itself, so VACUUM keeps it).
        .addColumn('seq', kind === 'postgres' ? 'bigserial' : 'integer', (c) =>
          kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('province', 'text', (c) => c.notNull())
        .addColumn('postal_code', 'text')
        .addColumn('phone', 'text')
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        // Comma-separated, as answered; the filters use provider_services.
        .addColumn('services', 'text', (c) => c.notNull())
        .addColumn('opening_hours', 'text')
        .addColumn('open_24h', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('demo', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // A city's (a province's) places in name order: a filtered list reads only its own rows,
      // where the name index would walk past every clinic to find the hospitals (names start with the type).
      await sql`create index providers_city on providers (lower(city), name, seq)`.execute(db);
      await sql`create index providers_province on providers (lower(province), name, seq)`.execute(db);
      await db.schema.createIndex('providers_location').on('providers').columns(['lat', 'lon']).execute();
      await db.schema.createIndex('providers_name').on('providers').columns(['active', 'name', 'seq']).execute();

      for (const [table, column] of [
        ['provider_services', 'service'],
        ['provider_plans', 'plan_code'],
      ] as const) {
        await db.schema
          .createTable(table)
          .addColumn('provider_seq', 'bigint', (c) => c.notNull().references('providers.seq').onDelete('cascade'))
          .addColumn(column, 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, [column, 'provider_seq'])
          .execute();
        await db.schema.createIndex(`${table}_provider`).on(table).column('provider_seq').execute();
      }

      // Every word of the providers' texts: what a query's word with a typing error is compared with.
      await db.schema
        .createTable('provider_terms')
        .addColumn('term', 'text', (c) => c.primaryKey())
        .execute();

      if (kind === 'sqlite') {
        await sql`create virtual table providers_fts using fts5(
          name, address, city,
          content='providers', content_rowid='seq',
          tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        )`.execute(db);
        await sql`create trigger providers_fts_insert after insert on providers begin
          insert into providers_fts(rowid, name, address, city) values (new.seq, new.name, new.address, new.city);
        end`.execute(db);
        await sql`create trigger providers_fts_delete after delete on providers begin
          insert into providers_fts(providers_fts, rowid, name, address, city)
            values ('delete', old.seq, old.name, old.address, old.city);
        end`.execute(db);
        await sql`create trigger providers_fts_update after update of name, address, city on providers begin
          insert into providers_fts(providers_fts, rowid, name, address, city)
            values ('delete', old.seq, old.name, old.address, old.city);
          insert into providers_fts(rowid, name, address, city) values (new.seq, new.name, new.address, new.city);
        end`.execute(db);
      } else {
        // Trusted since PostgreSQL 13: the database's owner may create it. One per database,
        // so it lives in public and is named with its schema (each instance has its own schema).
        await sql`create extension if not exists pg_trgm with schema public`.execute(db);
        const trgm = await trigramSchema(db);
        await sql`alter table providers add column search tsvector generated always as (
          setweight(to_tsvector('simple', name), 'A') ||
          setweight(to_tsvector('simple', city), 'B') ||
          setweight(to_tsvector('simple', address), 'C')
        ) stored`.execute(db);
        await sql`create index providers_search on providers using gin (search)`.execute(db);
        await sql`create index provider_terms_trigram on provider_terms using gin (term ${sql.raw(
          `"${trgm}".gin_trgm_ops`,
        )})`.execute(db);
      }
    },
  };
}

/** The schema pg_trgm was installed in (public, unless the database had it elsewhere already). */
export async function trigramSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ nspname: string }>`select n.nspname from pg_extension e
    join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  const name = rows[0]?.nspname;
  if (!name) throw new Error('the PostgreSQL extension pg_trgm is not installed');
  return name.replace(/"/gu, '""');
}
