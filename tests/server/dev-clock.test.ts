import { afterEach, describe, expect, it } from 'vitest';
import { ClaimsDriver } from '../helpers/claims';
import { productionSettings } from '../helpers/production';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const HEALTH = 'IND-2021-004567'; // in grace: its bill of 15 November is overdue

/** Development mode's clock, moved forward by hand (payments.md, Trying time by hand). */
describe.each(STORE_KINDS)('the development clock on %s', (kind) => {
  let t: TestService | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('moves the service forward by days or hours, shows what time decides at once, and back to real time', async () => {
    t = await startTestService(kind);
    const before = t.clock.now();
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    expect((await budi.call('GET', `/v1/policies/${HEALTH}`)).json().policy.status).toBe('grace_period');

    const half = await t.call('POST', '/v1/dev/clock', { advanceDays: 0.5 });
    expect(half.statusCode, half.body).toBe(200);
    expect(half.json()).toEqual({ now: new Date(before + 12 * 3_600_000).toISOString(), offsetDays: 0.5 });
    // Forty-six days on, the grace of 45 is over: lapsed, without anyone reading the bills.
    const moved = await t.call('POST', '/v1/dev/clock', { advanceDays: 45.5 });
    expect(moved.json().offsetDays).toBe(46);
    const status = await t.service.store.db
      .selectFrom('policies')
      .select('status')
      .where('policy_number', '=', 'IND2021004567')
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('lapsed');
    // The answers' own time says so too (the app counts down from it).
    const date = Date.parse((await t.call('GET', '/v1/dev/clock')).headers.date as string);
    expect(date - before).toBeGreaterThanOrEqual(46 * 86_400_000 - 1000);

    // Only forward, and not absurdly far.
    for (const body of [{ advanceDays: -1 }, { advanceDays: 0 }, { advanceDays: 4000 }, { reset: false }, {}]) {
      expect((await t.call('POST', '/v1/dev/clock', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    // Kept across a restart of the service: what happened stays happened.
    await t.restart();
    expect((await t.call('GET', '/v1/dev/clock')).json().offsetDays).toBe(46);
    const reset = await t.call('POST', '/v1/dev/clock', { reset: true });
    expect(reset.json()).toEqual({ now: new Date(before).toISOString(), offsetDays: 0 });
  });

  it('does not exist in production', async () => {
    t = await startTestService(kind, {
      mode: 'production',
      seed: false,
      env: productionSettings(),
    });
    for (const method of ['GET', 'POST']) {
      const res = await t.call(method, '/v1/dev/clock', method === 'POST' ? { advanceDays: 1 } : undefined);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });
});
