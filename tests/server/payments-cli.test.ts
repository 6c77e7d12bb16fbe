import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevAdminFile } from '../../server/cli/admin-claims';
import { jakartaDate } from '../../server/domain/clock';
import { ClaimsDriver } from '../helpers/claims';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { runServiceCommand } from '../helpers/process';

describe('npm run service -- admin pay, and payments reconcile (development mode)', () => {
  let t: LiveService;
  let budi: ClaimsDriver;
  beforeAll(async () => {
    t = await startLiveService();
    writeDevAdminFile(t.env.DATA_DIR!, t.url, t.service.devAdminKey!);
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterAll(async () => {
    await t.close();
  });

  const cli = (...args: string[]) => runServiceCommand({ DATA_DIR: t.env.DATA_DIR! }, args);
  const pay = async (billId: string, method: string) =>
    (
      await t.service.app.inject({
        method: 'POST',
        url: `/v1/bills/${billId}/payments`,
        headers: {
          authorization: `Bearer ${budi.token}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        payload: JSON.stringify({ method }),
      })
    ).json();

  it('pays a waiting payment at the simulator, and reconciles the day: a settled payment left unbooked is named', async () => {
    const [first, second] = (await budi.call('GET', '/v1/bills?policyNumber=IND-2019-000123')).json().bills;
    const p = await pay(first.billId, 'va_bca');
    const paid = await cli('admin', 'pay', p.paymentId);
    expect(paid.code, paid.out).toBe(0);
    expect((await budi.call('GET', `/v1/payments/${p.paymentId}`)).json().status).toBe('paid');
    const again = await cli('admin', 'pay', p.paymentId);
    expect(again.code).not.toBe(0);
    expect(again.out).toContain('not waiting');
    // Ids are base64url and may begin with "-": still an id, not an option.
    const dashed = await cli('admin', 'pay', '-Cbukan-pembayaran-000');
    expect(dashed.out).toContain('payment -Cbukan-pembayaran-000 is not waiting');

    const today = jakartaDate(t.clock.now());
    const clean = await cli('payments', 'reconcile', '--date', today, '--dev');
    expect(clean.code, clean.out).toBe(0);
    expect(clean.out).toContain(`0 difference(s) on ${today}`);

    // Settled at the gateway, but its notification never came: a difference.
    const q = await pay(second.billId, 'va_bni');
    await t.service.store.db
      .updateTable('sim_transactions')
      .set({ transaction_status: 'settlement' })
      .where('order_id', '=', q.paymentId)
      .execute();
    const found = await cli('payments', 'reconcile', '--date', today, '--dev');
    expect(found.code).toBe(1);
    expect(found.out).toContain(`${q.paymentId}  settled_not_booked  gateway 750000.00`);
  }, 120_000);
});
