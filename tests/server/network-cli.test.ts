import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesDir } from '../../server/paths';
import { bearer, customerNamed, login, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { runServiceCommand } from '../helpers/process';
import { providerCsv, FIXED_PROVIDERS } from '../helpers/providers';

describe('npm run service -- providers import, and card verify', () => {
  let t: LiveService;
  let dir: string;
  beforeAll(async () => {
    t = await startLiveService({ providers: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runServiceCommand({ ...t.env }, [...args, '--dev']);

  it('imports the sample file its documentation names, and a broken file changes nothing', async () => {
    const sample = path.join(resourcesDir, 'demo/providers-sample.csv');
    const ok = await cli('providers', 'import', sample);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/8 rows imported in [\d.]+ s: 8 new, 0 updated, 0 marked inactive/u);

    const broken = path.join(dir, 'broken.csv');
    fs.writeFileSync(broken, providerCsv([FIXED_PROVIDERS[0]!, { ...FIXED_PROVIDERS[1]!, latitude: '-95' }]));
    const refused = await cli('providers', 'import', broken);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('line 3 (T-02): latitude is below -90');
    expect(refused.out).toContain('nothing imported: 1 of 2 rows rejected');

    const token = (await login(t, await register(t, customerNamed('Andi Pratama')))).json().accessToken;
    const found = await t.call('GET', '/v1/providers?q=contoh', undefined, bearer(token));
    expect(found.json().total).toBe(8);
    expect((await cli('providers', 'import', path.join(dir, 'missing.csv'))).out).toContain('cannot read');
  });

  it('verifies a member card as a front desk would, with the published key too, and fails an altered one', async () => {
    const token = (await login(t, await register(t, customerNamed('Dewi Lestari')))).json().accessToken;
    const { qr } = (await t.call('GET', '/v1/policies/KMP-2022-000045/card', undefined, bearer(token))).json();
    const own = await cli('card', 'verify', qr);
    expect(own.code, own.out).toBe(0);
    expect(own.out).toMatch(/^valid: member PTMB-0002, policy KMP-2022-000045, plan KKK, until /mu);

    const keyFile = path.join(dir, 'card-key.json');
    fs.writeFileSync(keyFile, (await t.call('GET', '/v1/card-key')).body);
    expect((await cli('card', 'verify', qr, '--key', keyFile)).code).toBe(0);
    expect((await cli('card', 'verify', qr, '--key', `${t.url}/v1/card-key`)).code).toBe(0);

    const [h, p, s] = qr.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...claims, plan: 'VIP' })).toString('base64url')}.${s}`;
    const bad = await cli('card', 'verify', altered);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('invalid: the signature does not match: forged or altered');
  });
});
