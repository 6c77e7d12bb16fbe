import crypto from 'node:crypto';
import pg from 'pg';

/**
 * Each test run makes its PostgreSQL schemas under one prefix and drops them all
 * at the end. Dropping them one by one while other workers migrate theirs races with
 * the migrator's look across all schemas, so the drop waits for the end of the run.
 */
export default function setup(): () => Promise<void> {
  const prefix = `t_${crypto.randomBytes(4).toString('hex')}_`;
  process.env.PN_TEST_SCHEMA_PREFIX = prefix;
  return async () => {
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
  };
}
