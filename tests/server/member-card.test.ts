import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardKeySchema } from '../../contract/api/network';
import { publicJwk, signCard, verifyCard } from '../../server/domain/network/card-signing';
import { bearer, customerNamed, login, register } from '../helpers/flows';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const GROUP = 'KMP-2022-000045';
const HEALTH = 'IND-2021-004567';
const LIFE = 'IND-2019-000123';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe.each(STORE_KINDS)('Kartu Peserta on %s', (kind) => {
  let t: TestService;
  let andi: string;
  let budi: string;
  beforeAll(async () => {
    t = await startTestService(kind);
    andi = (await login(t, await register(t, customerNamed('Andi Pratama')))).json().accessToken;
    budi = (await login(t, await register(t, customerNamed('Budi Santoso')))).json().accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const card = (token: string, policy: string, query = '') =>
    t.call('GET', `/v1/policies/${policy}/card${query}`, undefined, bearer(token));
  const key = async () => CardKeySchema.parse((await t.call('GET', '/v1/card-key')).json());

  it('gives a group member a card whose QR token a front desk verifies with the published key', async () => {
    const res = await card(andi, GROUP);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({
      memberName: 'Andi Pratama',
      memberNumber: 'PTMB-0001',
      policyNumber: GROUP,
      planName: 'Kesehatan Karyawan Korporasi',
      cashless: true,
    });
    const jwk = await key();
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    const header = JSON.parse(Buffer.from(c.qr.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: jwk.kid });
    const verdict = verifyCard(c.qr, jwk, t.clock.now());
    expect(verdict).toEqual({
      valid: true,
      claims: { memberNumber: 'PTMB-0001', policyNumber: GROUP, plan: 'KKK', exp: expect.any(Number) },
    });
    // Valid until the end of its last day in Jakarta, at most 30 days ahead.
    if (verdict.valid) expect(new Date(verdict.claims.exp * 1000).toISOString()).toBe(`${c.validUntil}T16:59:59.000Z`);
    expect(Date.parse(c.validUntil) - t.clock.now()).toBeLessThanOrEqual(31 * 86_400_000);
  });

  it('fails a forged, an altered and an expired card', async () => {
    const { qr } = (await card(andi, GROUP)).json();
    const jwk = await key();
    const [h, p, s] = qr.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    // Altered: another member number under the same signature.
    expect(verifyCard(`${h}.${b64({ ...claims, memberNumber: 'PTMB-0002' })}.${s}`, jwk, t.clock.now())).toEqual({
      valid: false,
      reason: 'bad_signature',
    });
    // Forged: signed with another key, claiming this one's id.
    const other = crypto.generateKeyPairSync('ed25519').privateKey;
    const forged = signCard(other, claims).split('.');
    expect(verifyCard(`${h}.${forged[1]}.${forged[2]}`, jwk, t.clock.now())).toEqual({
      valid: false,
      reason: 'bad_signature',
    });
    expect(verifyCard(signCard(other, claims), jwk, t.clock.now())).toEqual({ valid: false, reason: 'wrong_key' });
    expect(publicJwk(other).kid).not.toBe(jwk.kid);
    // "alg: none" is not taken from the token.
    expect(verifyCard(`${b64({ alg: 'none', kid: jwk.kid })}.${p}.`, jwk, t.clock.now()).valid).toBe(false);
    expect(verifyCard(qr, jwk, claims.exp * 1000)).toEqual({ valid: false, reason: 'expired' });
    expect(verifyCard(qr, jwk, claims.exp * 1000 - 1000).valid).toBe(true);
    expect(verifyCard('not.a.card', jwk, t.clock.now()).valid).toBe(false);
  });

  it('numbers the insured of a personal health policy after the policy; no card for a life policy', async () => {
    const res = await card(budi, HEALTH);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ memberName: 'Budi Santoso', memberNumber: `${HEALTH}-01`, cashless: false });
    expect((await card(budi, LIFE)).statusCode).toBe(404);
    // Another's policy and another's person answer as missing ones.
    expect((await card(budi, GROUP)).statusCode).toBe(404);
    expect((await card(budi, HEALTH, '?personId=AAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await t.call('GET', `/v1/policies/${HEALTH}/card`)).statusCode).toBe(401);
  });

  it('gives no card on a lapsed policy, and says why', async () => {
    await t.service.store.db
      .updateTable('policies')
      .set({ status: 'lapsed' })
      .where('policy_number', '=', HEALTH.replace(/-/gu, ''))
      .execute();
    const res = await card(budi, HEALTH);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', details: { rules: ['policy_not_active'] } });
  });
});
