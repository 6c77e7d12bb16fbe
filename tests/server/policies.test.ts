import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores';
import { startTestService, type TestService } from '../helpers/service';
import { bearer, customerNamed, login, register } from '../helpers/flows';

describe.each(STORE_KINDS)('policies on %s', (kind) => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  async function signIn(name: string) {
    const username = await register(t, customerNamed(name));
    return bearer((await login(t, username)).json().accessToken);
  }

  it('lists the caller’s policies, both of them for a holder of two', async () => {
    const auth = await signIn('Budi Santoso');
    const res = await t.call('GET', '/v1/policies', undefined, auth);
    expect(res.statusCode).toBe(200);
    const { policies } = res.json();
    // As the insurer prints them, the form a person recognises.
    expect(policies.map((p: { policyNumber: string }) => p.policyNumber)).toEqual([
      'IND-2019-000123',
      'IND-2021-004567',
    ]);
    expect(policies[0]).toEqual({
      policyNumber: 'IND-2019-000123',
      policyType: 'individual',
      productName: 'Proteksi Jiwa Prima',
      status: 'active',
      policyholderName: 'Budi Santoso',
      insuredNames: ['Budi Santoso'],
      startDate: '2019-06-01',
      sumAssured: 500000000,
      premium: { amount: 750000, frequency: 'monthly', nextDueDate: '2026-12-01' },
      // A life policy: no Kartu Peserta. Its health policy has one.
      memberCard: false,
    });
    expect(policies[1].memberCard).toBe(true);
  });

  it('reads one policy by its number written any way', async () => {
    const auth = await signIn('Budi Santoso');
    const res = await t.call('GET', '/v1/policies/ind-2021-004567', undefined, auth);
    expect(res.statusCode).toBe(200);
    expect(res.json().policy).toMatchObject({
      policyNumber: 'IND-2021-004567',
      status: 'grace_period',
      memberNumber: null,
    });
  });

  it('shows a group member only their own cover', async () => {
    const auth = await signIn('Dewi Lestari');
    const { policy } = (await t.call('GET', '/v1/policies/KMP2022000045', undefined, auth)).json();
    expect(policy).toMatchObject({
      policyType: 'group',
      policyholderName: 'PT Maju Bersama Sejahtera',
      memberNumber: 'PTMB-0002',
    });
    expect(policy.insured).toEqual([{ fullName: 'Dewi Lestari', memberNumber: 'PTMB-0002' }]);
  });

  it('shows two members of one group policy each only their own beneficiaries', async () => {
    const read = async (name: string) =>
      (await t.call('GET', '/v1/policies/KMP-2022-000045', undefined, await signIn(name))).json().policy;
    const names = (p: { beneficiaries: Array<{ fullName: string }> }) => p.beneficiaries.map((b) => b.fullName);
    const [dewi, andi] = [await read('Dewi Lestari'), await read('Andi Pratama')];
    expect(names(dewi)).toEqual(['Hendra Lestari', 'Putri Lestari']);
    expect(names(andi)).toEqual(['Rina Pratama']);
    expect(dewi.coverages.every((c: { insuredName: string }) => c.insuredName === 'Dewi Lestari')).toBe(true);
  });

  it('answers a stranger’s policy exactly as a missing one', async () => {
    const auth = await signIn('Siti Rahmawati');
    const foreign = await t.call('GET', '/v1/policies/IND2019000123', undefined, auth);
    const missing = await t.call('GET', '/v1/policies/IND2099999999', undefined, auth);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body);
  });

  it('needs a session', async () => {
    expect((await t.call('GET', '/v1/policies')).json().error.code).toBe('unauthenticated');
  });
});
