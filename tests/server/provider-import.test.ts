import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_COLUMNS } from '../../server/domain/network/provider-input';
import { importProviders } from '../../server/domain/network/provider-import';
import { FIXED_PROVIDERS, importRows, providerCsv } from '../helpers/providers';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

describe.each(STORE_KINDS)('Provider file import on %s', (kind) => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService(kind, { seed: false });
  });
  afterEach(async () => {
    await t.close();
  });

  const providers = () =>
    t.service.store.db.selectFrom('providers').select(['id', 'code', 'name', 'active']).orderBy('code').execute();

  it('upserts by code, keeps ids, and marks the providers missing from the file inactive', async () => {
    const first = await importRows(t, FIXED_PROVIDERS);
    expect(first).toMatchObject({ rows: 10, rejected: [], written: { created: 10, updated: 0, deactivated: 0 } });
    const before = await providers();

    const renamed = FIXED_PROVIDERS.slice(0, 9).map((r) => (r.code === 'T-01' ? { ...r, name: 'RS Kenanga Baru' } : r));
    const second = await importRows(t, [...renamed, { ...FIXED_PROVIDERS[0]!, code: 't-11', name: 'Klinik Baru' }]);
    expect(second.written).toEqual({ created: 1, updated: 9, deactivated: 1 });
    const after = await providers();
    expect(after.find((p) => p.code === 'T-01')).toMatchObject({
      id: before[0]!.id,
      name: 'RS Kenanga Baru',
      active: 1,
    });
    // Not deleted: an old claim still names it.
    expect(after.find((p) => p.code === 'T-10')).toMatchObject({ id: before[9]!.id, active: 0 });
    expect(after.find((p) => p.code === 'T-11')).toMatchObject({ active: 1 });
    // Services replaced, not added to.
    const services = await t.service.store.db
      .selectFrom('provider_services')
      .innerJoin('providers', 'providers.seq', 'provider_services.provider_seq')
      .select('service')
      .where('code', '=', 'T-01')
      .execute();
    expect(services.map((s) => s.service).sort()).toEqual(['emergency', 'inpatient', 'outpatient']);
  });

  it('rejects each bad row with its line and reason, and then writes nothing', async () => {
    await importRows(t, FIXED_PROVIDERS);
    const before = await providers();
    const good = FIXED_PROVIDERS[1]!;
    const report = await importRows(t, [
      FIXED_PROVIDERS[0]!,
      { ...good, latitude: '95', longitude: '106.8' },
      { ...good, code: 'T-20', latitude: 'utara', longitude: '106.8' },
      { ...good, code: 'T-21', latitude: '-6.2', longitude: '' },
      { ...good, code: 'T-01' },
      { ...good, code: 'T-22', type: 'spa' },
      { ...good, code: 'T-23', services: '' },
      { ...good, code: 'T-24', opening_hours: '1-5 20:00-08:00' },
      { ...good, code: 'T-25', name: '' },
      { ...good, code: 'kode salah!' },
    ]);
    expect(report.written).toBeUndefined();
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, expect.stringContaining('latitude is above 90')],
      [4, expect.stringContaining('latitude is not a number')],
      [5, expect.stringContaining('latitude and longitude go together')],
      [6, 'code repeats line 2'],
      [7, expect.stringContaining('type')],
      [8, expect.stringContaining('services names no service')],
      [9, expect.stringContaining('opening_hours must read like')],
      [10, expect.stringContaining('name is empty')],
      [11, expect.stringContaining('code must be')],
    ]);
    expect(await providers()).toEqual(before);
  });

  it('refuses a broken file whole: wrong header, broken quoting, a 10 MiB line, no rows', async () => {
    await importRows(t, FIXED_PROVIDERS);
    const before = await providers();
    const wrongHeader = await importRows(t, providerCsv(FIXED_PROVIDERS, [...PROVIDER_COLUMNS.slice(1), 'kode']));
    expect(wrongHeader.fatal).toEqual({
      line: 1,
      reason: expect.stringMatching(/missing column\(s\) code.*unknown column\(s\) kode/u),
    });

    const csv = providerCsv(FIXED_PROVIDERS).split('\n');
    expect(csv[2]).toContain(',Klinik Sehat');
    csv[2] = csv[2]!.replace(',Klinik', ',"Klinik');
    const quoting = await importRows(t, csv.join('\n'));
    expect(quoting.fatal?.reason).toMatch(/quote/iu);
    expect(quoting.fatal?.line).toBeGreaterThanOrEqual(3);

    const huge = `${providerCsv(FIXED_PROVIDERS.slice(0, 2))}\nT-99,${'x'.repeat(10 * 1024 * 1024)}\n`;
    const long = await importProviders(t.service.store.db, t.service.store.kind, Readable.from([huge]), t.clock.now());
    expect(long.fatal).toEqual({ line: 4, reason: expect.stringContaining('longer than 65536 characters') });

    expect((await importRows(t, [])).fatal).toEqual({ line: 1, reason: 'the file has no provider rows' });
    expect(await providers()).toEqual(before);
  });

  it('reads a file with a byte-order mark, CRLF lines and quoted commas', async () => {
    const text = `\uFEFF${providerCsv([{ ...FIXED_PROVIDERS[0]!, address: 'Jl. Sudirman No. 1, Blok "A"' }]).replace(/\n/gu, '\r\n')}\r\n`;
    const report = await importRows(t, text);
    expect(report.rejected).toEqual([]);
    expect(report.written?.created).toBe(1);
    const row = await t.service.store.db.selectFrom('providers').select('address').executeTakeFirstOrThrow();
    expect(row.address).toBe('Jl. Sudirman No. 1, Blok "A"');
  });
});
