import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ConfigError, type Config } from '../config';
import { openDocumentStore } from '../domain/documents/open-store';
import { openStore } from '../store/connect';

export const BACKUP_USAGE = `  npm run service -- backup FILE        (SQLite installs) the database, the server key and the documents in one archive, while the service runs
  npm run service -- restore FILE       (SQLite installs) into an empty DATA_DIR, the service stopped
  npm run service -- check-documents    every stored file's row has its bytes in the document store (after a restore)`;

/** What a SQLite install's DATA_DIR holds that a backup must carry (uploads/ is only in-flight files). */
const DATABASE = 'portal.sqlite';
const SERVER_KEY = 'server-key';
const DOCUMENTS = 'documents';

function sqliteOnly(config: Config, command: string): string {
  if (config.database.kind !== 'sqlite') {
    throw new ConfigError(
      `${command} is for SQLite installs: back up PostgreSQL with pg_dump or the provider's point-in-time recovery, and the bucket with its versioning (docs/operations.md, Backups)`,
    );
  }
  return config.database.file;
}

/**
 * `backup FILE`: SQLite's online backup (a consistent copy while the service writes), the
 * server key and the document folder, in one tar archive, gzipped.
 */
export async function backupCommand(config: Config, file: string): Promise<void> {
  const database = sqliteOnly(config, 'backup');
  if (!fs.existsSync(database)) throw new ConfigError(`no database in ${config.dataDir}`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-backup-'));
  try {
    const source = new BetterSqlite3(database, { readonly: true, fileMustExist: true });
    try {
      await source.backup(path.join(staging, DATABASE));
    } finally {
      source.close();
    }
    const serverKey = path.join(config.dataDir, SERVER_KEY);
    if (fs.existsSync(serverKey)) fs.copyFileSync(serverKey, path.join(staging, SERVER_KEY));
    // Files are written once under a new key and never changed: a copy of the folder is consistent
    // for every row of the database copied before it.
    const documents = path.join(config.dataDir, DOCUMENTS);
    if (config.documentStore.kind === 'folder' && fs.existsSync(documents)) {
      fs.cpSync(documents, path.join(staging, DOCUMENTS), {
        recursive: true,
        filter: (p) => !p.endsWith('.tmp'),
      });
    }
    const tar = await import('tar');
    await tar.create({ gzip: true, file: path.resolve(file), cwd: staging, portable: true }, fs.readdirSync(staging));
    const documentsCount = fs.existsSync(path.join(staging, DOCUMENTS))
      ? fs.readdirSync(path.join(staging, DOCUMENTS)).length
      : 0;
    console.log(
      `backed up: the database, ${documentsCount} documents${fs.existsSync(serverKey) ? ', the server key' : ''} → ${file}`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** `restore FILE`: into a DATA_DIR with no database yet, with the service stopped. */
export async function restoreCommand(config: Config, file: string): Promise<void> {
  const database = sqliteOnly(config, 'restore');
  if (fs.existsSync(database)) {
    throw new ConfigError(`${config.dataDir} has a database already: stop the service and move the folder aside first`);
  }
  if (!fs.existsSync(file)) throw new ConfigError(`no backup at ${file}`);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const tar = await import('tar');
  // Only the three names a backup holds, and nothing that would land outside the folder.
  await tar.extract({
    file: path.resolve(file),
    cwd: config.dataDir,
    strict: true,
    filter: (p) => [DATABASE, SERVER_KEY, DOCUMENTS].includes(p.split('/')[0]!),
  });
  if (!fs.existsSync(database)) throw new ConfigError(`${file} holds no database`);
  // Opened once: the schema is brought to this release's, as a start would.
  const store = await openStore(config.database);
  await store.close();
  console.log(`restored into ${config.dataDir}`);
}

/**
 * `check-documents`: every row that names stored bytes (policy documents, claim files, the
 * consultations' photos) finds them in the document store. Exit 1 naming those that do not.
 */
export async function checkDocumentsCommand(config: Config): Promise<void> {
  const store = await openStore(config.database, undefined, { migrate: 'wait', waitMs: 0 });
  const documents = openDocumentStore(config.documentStore);
  try {
    const keys = [
      ...(await store.db.selectFrom('documents').select(['id', 'storage_key as key']).execute()).map((r) => ({
        table: 'documents',
        ...r,
      })),
      ...(await store.db.selectFrom('claim_files').select(['id', 'storage_key as key']).execute()).map((r) => ({
        table: 'claim_files',
        ...r,
      })),
      ...(
        await store.db
          .selectFrom('consultation_messages')
          .select(['id', 'file_key as key'])
          .where('file_key', 'is not', null)
          .execute()
      ).map((r) => ({ table: 'consultation_messages', id: r.id, key: r.key! })),
    ];
    const missing: string[] = [];
    for (const k of keys) if (!(await documents.has(k.key))) missing.push(`${k.table} ${k.id}`);
    console.log(`${keys.length} stored files named, ${missing.length} missing`);
    for (const m of missing) console.log(`missing: ${m}`);
    if (missing.length > 0) process.exitCode = 1;
  } finally {
    documents.close?.();
    await store.close();
  }
}
