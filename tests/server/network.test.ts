import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, customerNamed, login, register } from '../helpers/flows';
import { FIXED_PROVIDERS, importRows } from '../helpers/providers';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const MONAS = '-6.1754,106.8272';
const GROUP = 'KMP-2022-000045'; // Kesehatan Karyawan Korporasi: plan KKK, cashless
const HEALTH = 'IND-2021-004567'; // Kesehatan Keluarga Plus: reimbursement only

/** Great-circle distance in JavaScript, to check the database's figure. */
function haversineKm(a: [number, number], b: [number, number]): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(r(b[0] - a[0]) / 2) ** 2 + Math.cos(r(a[0])) * Math.cos(r(b[0])) * Math.sin(r(b[1] - a[1]) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

describe.each(STORE_KINDS)('Provider search on %s', (kind) => {
  let t: TestService;
  let andi: string;
  let budi: string;
  beforeAll(async () => {
    t = await startTestService(kind);
    const report = await importRows(t, FIXED_PROVIDERS);
    expect(report.rejected).toEqual([]);
    andi = (await login(t, await register(t, customerNamed('Andi Pratama')))).json().accessToken;
    budi = (await login(t, await register(t, customerNamed('Budi Santoso')))).json().accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const search = async (query: string, token = andi) => {
    const res = await t.call('GET', `/v1/providers?${query}`, undefined, bearer(token));
    return { status: res.statusCode, body: res.json() };
  };
  const codes = async (query: string) => {
    const { status, body } = await search(query);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body.providers as Array<{ code: string }>).map((p) => p.code);
  };

  it('finds words in name, address and city, as prefixes, a name before an address', async () => {
    expect(await codes('q=kenanga')).toEqual(['T-01', 'T-02']);
    expect((await codes('q=medik')).sort()).toEqual(['T-01', 'T-03', 'T-09']);
    expect(await codes('q=medika%20jaya')).toEqual(['T-09']);
    // Typing goes on in the last word only: a word followed by another is a whole word.
    expect(await codes('q=medika%20jay')).toEqual(['T-09']);
    expect(await codes('q=me%20jaya')).toEqual([]);
    expect((await codes('q=bandung')).sort()).toEqual(['T-04', 'T-10']);
    // Without a text, by name.
    expect(await codes('limit=3')).toEqual(['T-04', 'T-05', 'T-09']);
  });

  it('still finds the place with one letter wrong', async () => {
    expect((await codes('q=mediko')).sort()).toEqual(['T-01', 'T-03', 'T-09']);
    expect(await codes('q=kenamga')).toContain('T-01');
    expect(await codes('q=sentossa')).toEqual(['T-04']);
    // Two letters wrong is another word.
    expect(await codes('q=sxntoxa')).toEqual([]);
  });

  it('filters by province, city (any case), type, service', async () => {
    expect((await codes('province=dki%20jakarta')).sort()).toEqual(['T-01', 'T-02', 'T-03', 'T-07', 'T-09']);
    expect((await codes('city=JAKARTA%20SELATAN')).sort()).toEqual(['T-03', 'T-07']);
    expect((await codes('type=hospital')).sort()).toEqual(['T-01', 'T-03', 'T-06', 'T-10']);
    expect((await codes('service=maternity')).sort()).toEqual(['T-03']);
    expect(await codes('q=medika&type=clinic')).toEqual(['T-09']);
  });

  it('answers words that match nothing, not even with a typing error, with no provider and a total of 0', async () => {
    for (const query of ['q=xyzzyqwv', `q=xyzzyqwv&near=${MONAS}`, 'q=xyzzyqwv&type=hospital']) {
      expect((await search(query)).body, query).toEqual({ providers: [], total: 0 });
    }
  });

  it('orders by great-circle distance when near, and answers it', async () => {
    const { body } = await search(`near=${MONAS}&limit=100`);
    const list = body.providers as Array<{
      code: string;
      distanceKm?: number;
      location?: { lat: number; lon: number };
    }>;
    expect(list.map((p) => p.code)).toEqual([
      'T-01',
      'T-02',
      'T-03',
      'T-07',
      'T-09',
      'T-04',
      'T-05',
      'T-06',
      'T-08',
      'T-10',
    ]);
    for (const p of list.filter((x) => x.location)) {
      const expected = haversineKm([-6.1754, 106.8272], [p.location!.lat, p.location!.lon]);
      expect(p.distanceKm).toBeCloseTo(expected, 1);
    }
    expect(list.at(-1)!.distanceKm).toBeUndefined();
    expect(body.total).toBe(10);
    // The nearest in Bali from Monas is far past every box: still exact.
    expect(await codes(`near=${MONAS}&city=Denpasar`)).toEqual(['T-06']);
  });

  it('pages with a cursor: the pages together are the whole list, each once', async () => {
    for (const query of ['', `near=${MONAS}`, 'q=jl']) {
      const whole = await codes(`${query}&limit=100`);
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const { body } = await search(`${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        walked.push(...body.providers.map((p: { code: string }) => p.code));
        expect(body.total).toBe(whole.length);
        cursor = body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(whole);
    }
  });

  it('marks the places cashless for the caller’s own policy, and filters by it', async () => {
    const { body } = await search(`cashlessFor=${GROUP}&city=Jakarta%20Pusat`);
    expect(body.providers.map((p: { code: string; cashless: boolean }) => [p.code, p.cashless])).toEqual([
      ['T-02', false],
      ['T-01', true],
    ]);
    expect((await codes(`cashlessFor=${GROUP}&cashlessOnly=true`)).sort()).toEqual(['T-01', 'T-03', 'T-06', 'T-09']);
    // A plan with no cashless service marks nothing.
    const own = await search(`cashlessFor=${HEALTH}&cashlessOnly=true`, budi);
    expect(own.body).toEqual({ providers: [], total: 0 });
  });

  it('answers a stranger’s policy in cashlessFor as a missing one', async () => {
    const { status, body } = await search(`cashlessFor=${GROUP}`, budi);
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
    expect((await search(`cashlessFor=IND-2099-000001`, budi)).status).toBe(404);
  });

  it('refuses bad input clearly, and treats search syntax as words', async () => {
    const refused = async (query: string, field: string) => {
      const { status, body } = await search(query);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe('invalid_request');
      expect(JSON.stringify(body.error.details), query).toContain(field);
    };
    await refused('q=a', 'q');
    await refused(`q=${'a'.repeat(500)}`, 'q');
    await refused(`q=${encodeURIComponent('"*')}`, 'q');
    await refused('near=91,106', 'near');
    await refused('near=-6,181', 'near');
    await refused('near=jakarta', 'near');
    await refused('cashlessOnly=true', 'cashlessOnly');
    await refused('cursor=bm9wZQ', 'cursor');
    await refused('type=spa', 'type');
    await refused('limit=101', 'limit');
    for (const q of ['NEAR', '" OR *', 'medika OR', "'; drop table providers; --", 'kenanga)(', 'a:*', 'NEAR(a b)']) {
      const { status } = await search(`q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
    }
    expect(await codes(`q=${encodeURIComponent('"kenanga"*')}`)).toEqual(['T-01', 'T-02']);
    expect((await search('')).body.total).toBe(10);
  });

  it('answers one provider, with its hours in its own time zone, and the regions present', async () => {
    const [first] = (await search('q=harapan')).body.providers;
    const res = await t.call('GET', `/v1/providers/${first.providerId}`, undefined, bearer(andi));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: 'T-06',
      city: 'Denpasar',
      timeZone: 'Asia/Makassar',
      open24h: true,
      cashlessPlans: ['ABC', 'KKK'],
      active: true,
      location: { lat: -8.6705, lon: 115.2126 },
    });
    const clinic = (await search('q=senyum')).body.providers[0];
    expect(clinic.openingHours).toContainEqual({ day: 6, opens: '08:00', closes: '14:00' });
    expect(clinic.openingHours).toHaveLength(6);
    expect((await t.call('GET', '/v1/providers/nope', undefined, bearer(andi))).statusCode).toBe(404);
    const regions = (await t.call('GET', '/v1/regions', undefined, bearer(andi))).json();
    expect(regions.provinces.map((p: { name: string }) => p.name)).toEqual([
      'Bali',
      'DKI Jakarta',
      'Jawa Barat',
      'Jawa Timur',
      'Sumatera Utara',
    ]);
    expect(regions.provinces[1].cities).toEqual(['Jakarta Pusat', 'Jakarta Selatan', 'Jakarta Timur']);
  });

  it('follows a provider renamed and closed by a plain update of its row, as any release writes it', async () => {
    // PostgreSQL: the narrow provider_search is kept by a trigger (migration 014); SQLite: the FTS5 triggers.
    const db = t.service.store.db;
    const t04 = await db
      .selectFrom('providers')
      .select(['name', 'active'])
      .where('code', '=', 'T-04')
      .executeTakeFirstOrThrow();
    try {
      await db.updateTable('providers').set({ name: 'Klinik Zamrud' }).where('code', '=', 'T-04').execute();
      expect(await codes('q=zamrud')).toEqual(['T-04']);
      expect(await codes('q=sentosa')).toEqual([]);
      await db.updateTable('providers').set({ active: 0 }).where('code', '=', 'T-04').execute();
      const { body } = await search('q=zamrud');
      expect(body).toEqual({ providers: [], total: 0 });
    } finally {
      await db.updateTable('providers').set(t04).where('code', '=', 'T-04').execute();
    }
    expect(await codes('q=sentosa')).toEqual(['T-04']);
  });

  it('needs a session', async () => {
    expect((await t.call('GET', '/v1/providers')).statusCode).toBe(401);
    expect((await t.call('GET', '/v1/regions')).statusCode).toBe(401);
  });
});
