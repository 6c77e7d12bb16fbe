import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DemoCustomersSchema, readJsonFile } from '../server/cli/demo-data';
import { leaksIn, personalDataOf, SERVICE_LOG_DIR_ENV } from './helpers/service-log';

/**
 * Each test run makes its PostgreSQL schemas under one prefix and drops them all
 * at the end. Dropping them one by one while other workers migrate theirs races with
 * the migrator's look across all schemas, so the drop waits for the end of the run.
 */
export default function setup(): () => Promise<void> {
  const prefix = `t_${crypto.randomBytes(4).toString('hex')}_`;
  process.env.PN_TEST_SCHEMA_PREFIX = prefix;
  // Every service log line of the run, scanned at its end for personal data and secrets.
  const logDir = path.resolve('test-results/service-logs');
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  process.env[SERVICE_LOG_DIR_ENV] = logDir;
  return async () => {
    await dropSchemas(prefix);
    scanServiceLogs(logDir);
  };
}

/**
 * Fails the run when a service logged what it must not. Vitest reports an error in a teardown
 * without failing, so the verdict is also written where the README's test command reads it.
 */
function scanServiceLogs(dir: string): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  const lines = files.flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'));
  const people = readJsonFile(path.resolve('resources/demo/customers.json'), DemoCustomersSchema);
  const leaks = leaksIn(lines, personalDataOf(people));
  console.log(`service logs of the run: ${lines.length} lines in ${files.length} files scanned, ${leaks.length} leaks`);
  fs.writeFileSync(path.join(dir, 'scan.json'), JSON.stringify({ lines: lines.length, leaks }));
  if (leaks.length > 0) {
    process.exitCode = 1;
    throw new Error(
      `the service logged personal data or secrets:\n${leaks
        .slice(0, 10)
        .map((l) => `  ${l.found}: ${l.line}`)
        .join('\n')}`,
    );
  }
}

async function dropSchemas(prefix: string): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return; // no PostgreSQL: the tests that needed it have failed already
  }
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `select nspname from pg_namespace where starts_with(nspname, $1)`,
      [prefix],
    );
    for (const { nspname } of rows) await client.query(`drop schema "${nspname}" cascade`);
  } finally {
    await client.end();
  }
}
