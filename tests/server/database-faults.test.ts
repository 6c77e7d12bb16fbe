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
      await new Promise((r) => setTimeout(r, 200));
      // The dropped idle connections are replaced; the process did not end.
      const after = await t.call('GET', '/v1/health');
      expect([200, 503]).toContain(after.statusCode);
      expect((await t.call('GET', '/v1/health')).statusCode).toBe(200);
      expect(t.logs.join('')).toContain('database connection dropped');
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
