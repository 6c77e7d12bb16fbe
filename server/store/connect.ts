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
import type { Config } from '../config';
import { lazy } from '../lazy';
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
import { providerSearchMigration } from './migrations/014-provider-search';
import { complaintsMigration } from './migrations/015-complaints';
import { holidaysMigration } from './migrations/016-holidays';
import { consentsMigration } from './migrations/017-consents';
import { accessLogMigration } from './migrations/018-access-log';
import { accountClosureMigration } from './migrations/019-account-closure';
import { dataExportsMigration } from './migrations/020-data-exports';
import { dataCorrectionMigration } from './migrations/021-data-correction';
import { autodebitMigration } from './migrations/022-autodebit';
import { fundStatementsMigration } from './migrations/023-fund-statements';
import { withStatementCache } from './sqlite-statements';
import type { Database } from './schema';

export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  kind: StoreKind;
  db: Kysely<Database>;
  /** PostgreSQL's pool, for the metrics: connections in all, idle, and callers waiting. */
  pool?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** node-postgres, loaded when a PostgreSQL store is opened: an SQLite install never loads it. */
export const postgresDriver = lazy(async () => {
  const { default: driver } = await import('pg');
  // int8 (bigint) columns hold epoch milliseconds and rupiah: well inside 2^53.
  driver.types.setTypeParser(driver.types.builtins.INT8, (v) => Number.parseInt(v, 10));
  return driver;
});

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
    '014-provider-search': providerSearchMigration(kind),
    '015-complaints': complaintsMigration,
    '016-holidays': holidaysMigration,
    '017-consents': consentsMigration,
    '018-access-log': accessLogMigration,
    '019-account-closure': accountClosureMigration,
    '020-data-exports': dataExportsMigration,
    '021-data-correction': dataCorrectionMigration,
    '022-autodebit': autodebitMigration,
    '023-fund-statements': fundStatementsMigration,
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

export interface OpenOptions {
  /**
   * `apply` (the default): brings the schema up to this release's under the migrator's lock.
   * `wait`: migrates nothing, and waits until another (`npm run service -- migrate`) has.
   * `none`: opens the database as it is.
   */
  migrate?: 'apply' | 'wait' | 'none';
  /** How long `wait` waits before it gives up. */
  waitMs?: number;
  /** Told, about once every ten seconds, which migrations `wait` is waiting for. */
  onWaiting?: (pending: string[]) => void;
}

/** Opens the database named by the settings, its schema at least this release's (see OpenOptions). */
export async function openStore(
  database: Config['database'],
  onIdleError?: (err: Error) => void,
  options: OpenOptions = {},
): Promise<Store> {
  let db: Kysely<Database>;
  let poolStats: Store['pool'];
  if (database.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(database.file), { recursive: true });
    const file = new BetterSqlite3(database.file);
    file.pragma('journal_mode = WAL');
    // In WAL mode NORMAL keeps the file consistent through a crash and saves an fsync per commit.
    file.pragma('synchronous = NORMAL');
    file.pragma('busy_timeout = 5000');
    file.pragma('foreign_keys = ON');
    // The one connection's page cache, up to 64 MiB (SQLite's default is 2): a text search over
    // 100,000 providers reads ten thousand rows by key, and with 2 MiB each was a read from the
    // file again (twice the time). It grows only with what is read: an idle service is unchanged.
    file.pragma('cache_size = -65536');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
  } else {
    const pg = await postgresDriver();
    const schema = database.schema;
    if (schema) {
      // The schema must exist before a pool whose search_path names it can create tables in it.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        await admin.query(`create schema if not exists "${schema}"`);
      } catch (err) {
        // `if not exists` is not safe against a second instance creating it at the same moment
        // (PostgreSQL then reports the catalogue's unique index): the schema is there, go on.
        if ((err as { code?: string }).code !== '23505' && (err as { code?: string }).code !== '42P06') throw err;
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
    poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  }

  const store: Store = { kind: database.kind, db, pool: poolStats, close: () => db.destroy() };
  try {
    if (options.migrate === 'none') return store;
    if (options.migrate === 'wait') await waitForSchema(store, options.waitMs ?? 600_000, options.onWaiting);
    // A schema already past this release's (a rolling upgrade migrated it first) is left as it is:
    // Kysely's migrator would call the migrations it does not know "corrupted".
    else if ((await pendingMigrations(store)).length > 0) await migrate(store, database);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return store;
}

/** Runs this release's migrations not yet run, under the migrator's lock (one instance at a time). */
async function migrate(store: Store, database: Config['database']): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(migrations(database.kind)) },
    // Named, so that the migrator looks for its own tables in this schema and not in another one.
    ...(database.kind === 'postgres' && database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** This release's migrations that the database has not run yet (all of them on a new database). */
export async function pendingMigrations(store: Store): Promise<string[]> {
  const known = Object.keys(migrations(store.kind));
  let done: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
    done = new Set(rows.map((r) => r.name));
  } catch (err) {
    // No migration table: nothing has run. Any other failure is the database's, and is said.
    if (!/kysely_migration/u.test((err as Error).message)) throw err;
    done = new Set();
  }
  return known.filter((name) => !done.has(name));
}

async function waitForSchema(store: Store, waitMs: number, onWaiting?: (pending: string[]) => void): Promise<void> {
  const until = Date.now() + waitMs;
  let told = 0;
  for (;;) {
    const pending = await pendingMigrations(store);
    if (pending.length === 0) return;
    if (Date.now() >= until) {
      throw new Error(
        `the database's schema is behind this release (${pending.join(', ')}): run npm run service -- migrate`,
      );
    }
    if (Date.now() - told >= 10_000) {
      told = Date.now();
      onWaiting?.(pending);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** `npm run service -- migrate`: the schema brought to this release's, by one process; says what it ran. */
export async function migrateDatabase(database: Config['database']): Promise<string[]> {
  const store = await openStore(database, undefined, { migrate: 'none' });
  try {
    const pending = await pendingMigrations(store);
    if (pending.length > 0) await migrate(store, database);
    return pending;
  } finally {
    await store.close();
  }
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
