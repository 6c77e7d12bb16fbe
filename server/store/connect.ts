import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  PostgresIntrospector,
  SqliteDialect,
  sql,
  type DatabaseIntrospector,
  type Migration,
  type TableMetadata,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import { identityMigration } from './migrations/001-identity';
import { policyDetailsMigration } from './migrations/002-policy-details';
import { policyPrintingMigration } from './migrations/003-policy-printing';
import { outboxMigration } from './migrations/004-outbox';
import { eventsInboxMigration } from './migrations/005-events-inbox';
import { accountMigration } from './migrations/006-account';
import { claimsMigration } from './migrations/007-claims';
import { paymentsMigration } from './migrations/008-payments';
import { outboxAttachmentsMigration } from './migrations/009-outbox-attachments';
import { providersMigration } from './migrations/010-providers';
import { consultationsMigration } from './migrations/011-consultations';
import { requestsMigration } from './migrations/012-requests';
import { jobsMigration } from './migrations/013-jobs';
import type { Database } from './schema';

export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  kind: StoreKind;
  db: Kysely<Database>;
  close(): Promise<void>;
}

// int8 (bigint) columns hold epoch milliseconds and rupiah: well inside 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

function migrations(kind: StoreKind): Record<string, Migration> {
  return {
    '001-identity': identityMigration(kind),
    '002-policy-details': policyDetailsMigration,
    '003-policy-printing': policyPrintingMigration,
    '004-outbox': outboxMigration,
    '005-events-inbox': eventsInboxMigration(kind),
    '006-account': accountMigration,
    '007-claims': claimsMigration,
    '008-payments': paymentsMigration,
    '009-outbox-attachments': outboxAttachmentsMigration,
    '010-providers': providersMigration(kind),
    '011-consultations': consultationsMigration(kind),
    '012-requests': requestsMigration,
    '013-jobs': jobsMigration(kind),
  };
}

/**
 * Kysely's migrator asks for every table of every schema to find its own, and PostgreSQL's
 * catalogue functions fail on a schema another session drops meanwhile ("schema … does not
 * exist"): two services, or two test runs, on one database would disturb each other. This
 * introspector answers the tables of the connection's own schemas only.
 */
class OwnSchemaIntrospector extends PostgresIntrospector {
  constructor(private readonly own: Kysely<any>) {
    super(own);
  }

  override async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, ns.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = any (current_schemas(false)) and c.relkind in ('r', 'v', 'p')`.execute(this.own);
    return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.kind === 'v', columns: [] }));
  }
}

class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}

/** Opens the database named by the settings and brings its schema up to date. */
export async function openStore(database: Config['database'], onIdleError?: (err: Error) => void): Promise<Store> {
  let db: Kysely<Database>;
  if (database.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(database.file), { recursive: true });
    const file = new BetterSqlite3(database.file);
    file.pragma('journal_mode = WAL');
    // In WAL mode NORMAL keeps the file consistent through a crash and saves an fsync per commit.
    file.pragma('synchronous = NORMAL');
    file.pragma('busy_timeout = 5000');
    file.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  } else {
    const schema = database.schema;
    if (schema) {
      // The schema must exist before a pool whose search_path names it can create tables in it.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        await admin.query(`create schema if not exists "${schema}"`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      // Names the schema too, so that an operator (or a test) can tell instances' connections apart.
      application_name: schema ? `portal-nasabah-service:${schema}` : 'portal-nasabah-service',
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    });
    // An idle connection the server dropped (restart, failover) is discarded by the pool and
    // replaced at the next query; without a listener the error would end the process.
    pool.on('error', (err) => onIdleError?.(err));
    db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  }

  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(database.kind)) },
    // Named, so that the migrator looks for its own tables in this schema and not in another one.
    ...(database.kind === 'postgres' && database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return { kind: database.kind, db, close: () => db.destroy() };
}

/** A cheap round trip, for the health check. */
export async function ping(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}

/** Is this a unique-constraint failure of either engine (a once-only rule the database decided)? */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
