import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_REFERENCE_DATE } from '../../server/cli/seed-demo';
import { ClaimsDriver } from '../helpers/claims';
import { TestClock } from '../helpers/clock';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

/** Each demo policy's status as the demo file seeds it to show. */
const SEEDED_AS = {
  'IND-2019-000123': 'active',
  'IND-2021-004567': 'grace_period',
  'SYR-2023-001122': 'lapsed',
} as const;

/**
 * The demo is laid relative to the day it is seeded: started in a year (or three), each policy
 * still shows what it was seeded to show, its next bill as far off as the file has it.
 */
describe.each(STORE_KINDS)('the demo on any day, on %s', (kind) => {
  let t: TestService | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  for (const day of ['2027-12-06T03:00:00Z', '2029-07-15T16:30:00Z', DEMO_REFERENCE_DATE]) {
    it(`seeded ${day.slice(0, 10)}, shows each policy as seeded and the bills at the same distance`, async () => {
      const start = Date.parse(day.length === 10 ? `${day}T03:00:00Z` : day);
      t = await startTestService(kind, { clockStart: start });
      expect(new TestClock(false, start).now()).toBe(t.clock.now());
      // Grace and lapse followed by the service itself, as every ten minutes.
      await t.service.payments['bills'].followAll();
      const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
      const nur = await ClaimsDriver.signIn(t, 'Nur Aisyah');
      for (const [number, status] of Object.entries(SEEDED_AS)) {
        const who = number.startsWith('SYR') ? nur : budi;
        const policy = (await who.call('GET', `/v1/policies/${number}`)).json().policy;
        expect(policy.status, number).toBe(status);
      }
      // Budi's life premium falls due a week on, as the file has it on its own day.
      const [next] = (await budi.call('GET', '/v1/bills?policyNumber=IND-2019-000123')).json().bills;
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(start);
      expect((Date.parse(next.dueDate) - Date.parse(today)) / 86_400_000).toBe(7);
      expect(next.status).toBe('due');
    });
  }
});
