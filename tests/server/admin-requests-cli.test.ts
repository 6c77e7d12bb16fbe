import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevAdminFile } from '../../server/cli/admin-claims';
import { ClaimsDriver } from '../helpers/claims';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { runServiceCommand } from '../helpers/process';

describe('npm run service -- admin requests (development mode)', () => {
  let t: LiveService;
  let budi: ClaimsDriver;
  beforeAll(async () => {
    t = await startLiveService({ providers: false });
    writeDevAdminFile(t.env.DATA_DIR!, t.url, t.service.devAdminKey!);
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterAll(async () => {
    await t.close();
  });

  const cli = (...args: string[]) =>
    runServiceCommand({ DATA_DIR: t.env.DATA_DIR! }, ['admin', 'requests', ...args, '--why', 'Proses transaksi polis']);

  it('lists requests and walks one by its number to done, the policy book issued in its history', async () => {
    const r = (
      await budi.call('POST', '/v1/requests', {
        policyNumber: 'IND-2019-000123',
        type: 'policy_book_duplicate',
        payload: { delivery: 'email' },
      })
    ).json();
    const list = await cli('list');
    expect(list.code, list.out).toBe(0);
    expect(list.out).toContain(`${r.number}  submitted  policy_book_duplicate`);
    expect((await cli('move', r.number, '--to', 'in_process')).out).toContain(`${r.number} is now in_process`);
    const done = await cli('move', r.number, '--to', 'done', '--note', 'Dikirim lewat email');
    expect(done.code, done.out).toBe(0);
    const history = (await budi.call('GET', '/v1/policies/IND-2019-000123/history')).json().entries;
    expect(history[0]).toMatchObject({ what: 'Duplikat buku polis diterbitkan', requestNumber: r.number });
    const again = await cli('move', r.number, '--to', 'rejected', '--reason', 'x');
    expect(again.code).toBe(1);
    expect(again.out).toContain('transition_invalid');
  });
});
