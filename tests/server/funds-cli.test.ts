import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServiceCommand } from '../helpers/process';
import { startTestService, type TestService } from '../helpers/service';

describe('npm run service -- funds prices', () => {
  let t: TestService;
  let dir: string;
  beforeAll(async () => {
    t = await startTestService('sqlite', { seed: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prices-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const price = async (code: string, date: string) =>
    (
      await t.service.store.db
        .selectFrom('fund_prices')
        .select('price_e4')
        .where('fund_code', '=', code)
        .where('price_date', '=', date)
        .executeTakeFirst()
    )?.price_e4;

  it('loads a price file whole, replaces a day already there, and loads nothing from a file with a bad line', async () => {
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, 'fund_code,price_date,price\nSAHAM,2027-01-04,2875.4312\nPASAR_UANG,2027-01-04,1200.0001\n');
    const ok = await runServiceCommand({ ...t.env }, ['funds', 'prices', good, '--dev']);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('2 prices loaded');
    expect(await price('SAHAM', '2027-01-04')).toBe(28_754_312);

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'fund_code,price_date,price\nSAHAM,2027-01-04,3000.0000\nsaham,2027-13-01,12.3\n');
    const refused = await runServiceCommand({ ...t.env }, ['funds', 'prices', bad, '--dev']);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/line 3: fund_code must be a fund code.*price_date.*price/u);
    expect(refused.out).toContain('nothing loaded: 1 line(s) to fix');
    expect(await price('SAHAM', '2027-01-04')).toBe(28_754_312);

    fs.writeFileSync(good, 'fund_code,price_date,price\nSAHAM,2027-01-04,2900.0000\n');
    expect((await runServiceCommand({ ...t.env }, ['funds', 'prices', good, '--dev'])).code).toBe(0);
    expect(await price('SAHAM', '2027-01-04')).toBe(29_000_000);
  });
});
