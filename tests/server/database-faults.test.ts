import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startTestService } from '../helpers/service';
import { TEST_DATABASE_URL } from '../helpers/stores';

describe('database faults', () => {
  it('survives PostgreSQL dropping every connection, and answers again', async () => {
    const t = await startTestService('postgres', { seed: false });
    try {
      expect((await t.call('GET', '/v1/health')).statusCode).toBe(200);
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      const killed = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()`,
        [`portal-nasabah-service:${t.env.DATABASE_SCHEMA}`],
      );
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      // The pool hears of each dropped idle connection (and logs it) and discards it...
      const dropped = () => t.logs.filter((l) => l.includes('database connection dropped')).length;
      await expect.poll(dropped).toBe(killed.rowCount);
      // ...so the very next request gets a new connection and succeeds; the process did not end.
      expect((await t.call('GET', '/v1/health')).statusCode).toBe(200);
      expect((await t.call('GET', '/v1/health')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answers 503 unavailable, in the error shape, while the database is gone', async () => {
    const t = await startTestService('sqlite', { seed: false });
    try {
      await t.service.store.close();
      const res = await t.call('GET', '/v1/health');
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('unavailable');
    } finally {
      await t.close();
    }
  });
});
