import crypto from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/connect';
import { TEST_DATABASE_URL } from '../helpers/stores';

/**
 * Two services (or two test runs) on one PostgreSQL database: one making its schema while
 * the other drops schemas of its own must not fail. Kysely's migrator looks at every schema's
 * tables, and PostgreSQL's catalogue functions fail on one dropped meanwhile.
 */
describe('schemas on one PostgreSQL database', () => {
  it('migrates a new schema while another session makes and drops schemas of its own', async () => {
    const prefix = `${process.env.PN_TEST_SCHEMA_PREFIX ?? 't_'}churn_${crypto.randomBytes(3).toString('hex')}_`;
    const churn = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await churn.connect();
    let stop = false;
    let dropped = 0;
    // Many small schemas, each with a table, made and dropped as fast as the database allows.
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `${prefix}${i}`;
        await churn.query(`create schema "${name}"`);
        await churn.query(`create table "${name}".t (id serial primary key, a text, b bigint)`);
        await churn.query(`drop schema "${name}" cascade`);
        dropped++;
      }
    })();
    try {
      for (let run = 0; run < 6; run++) {
        const schema = `${process.env.PN_TEST_SCHEMA_PREFIX ?? 't_'}${crypto.randomBytes(6).toString('hex')}`;
        const store = await openStore({ kind: 'postgres', url: TEST_DATABASE_URL, schema });
        await store.close();
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
    expect(dropped).toBeGreaterThan(10);
  }, 60_000);

  it('opens one new schema from several instances starting at once', async () => {
    // Each run: instances starting together on a schema nobody made yet (as MIGRATE=false instances
    // beside `migrate` do); `create schema if not exists` alone lets all but one fail.
    for (let run = 0; run < 10; run++) {
      const schema = `${process.env.PN_TEST_SCHEMA_PREFIX ?? 't_'}${crypto.randomBytes(6).toString('hex')}`;
      const opened = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          openStore({ kind: 'postgres', url: TEST_DATABASE_URL, schema }, undefined, { migrate: 'none' }),
        ),
      );
      const failed = opened.filter((x) => x.status === 'rejected').map((x) => String(x.reason));
      for (const x of opened) if (x.status === 'fulfilled') await x.value.close();
      const drop = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await drop.connect();
      await drop.query(`drop schema if exists "${schema}" cascade`);
      await drop.end();
      expect(failed).toEqual([]);
    }
  }, 60_000);
});
