import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevAdminFile } from '../../server/cli/admin-claims';
import { ClaimsDriver } from '../helpers/claims';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { runServiceCommand } from '../helpers/process';

const SYARIAH = 'SYR-2020-007788';

describe('npm run service -- admin autodebit (development mode)', () => {
  let t: LiveService;
  let siti: ClaimsDriver;
  let dir: string;
  beforeAll(async () => {
    t = await startLiveService({ providers: false });
    writeDevAdminFile(t.env.DATA_DIR!, t.url, t.service.devAdminKey!);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autodebit-cli-'));
    siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    await siti.stepUp();
    const r = await siti.call('POST', '/v1/requests', {
      policyNumber: SYARIAH,
      type: 'payment_method_change',
      payload: {
        method: 'auto_debit_bca',
        debitDay: 15,
        account: { accountNumber: '0123456789', accountHolder: 'Siti Rahmawati' },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    for (const to of ['in_process', 'done'])
      expect(
        (await siti.admin('POST', `/v1/admin/requests/${r.json().requestId}/transitions`, { to })).statusCode,
      ).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runServiceCommand({ DATA_DIR: t.env.DATA_DIR! }, ['admin', 'autodebit', ...args]);

  it('writes the day’s instructions to a file or standard output, and books the bank’s results once', async () => {
    const out = path.join(dir, 'bca-2026-12-15.csv');
    const written = await cli('export', '--bank', 'bca', '--date', '2026-12-15', '--out', out);
    expect(written.code, written.out).toBe(0);
    const csv = fs.readFileSync(out, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('instruction_id,policy_number,bill_id,account_number,account_holder,amount,debit_date');
    expect(lines).toHaveLength(3);
    expect(
      lines
        .slice(1)
        .every((l) => l.includes(',SYR-2020-007788,') && l.endsWith(',0123456789,Siti Rahmawati,500000,2026-12-15')),
    ).toBe(true);
    const stdout = await cli('export', '--date', '2026-12-15');
    expect(stdout.out).toBe(csv);

    const results = path.join(dir, 'bca-2026-12-15-result.csv');
    fs.writeFileSync(
      results,
      [
        `${lines[0]},status,reason`,
        `${lines[1]},debited,`,
        `${lines[2]},failed,"Rekening ditutup, hubungi nasabah"`,
        'NOT-OURS-1,SYR-2020-007788,x,0123456789,Siti Rahmawati,500000,2026-12-15,debited,',
      ].join('\r\n'),
    );
    const first = await cli('import', results);
    // A line not ours is reported, and the exit code says there is something to look at.
    expect(first.code, first.out).toBe(2);
    expect(first.out).toContain('line 4: instruction NOT-OURS-1 is not ours: not booked');
    expect(first.out).toContain('1 debited and booked, 1 failed, 0 imported before, 1 not ours, 0 to return');
    const again = await cli('import', results);
    expect(again.out).toContain('0 debited and booked, 0 failed, 2 imported before');
    const payments = (await siti.call('GET', `/v1/payments?policyNumber=${SYARIAH}`)).json().payments;
    expect(payments.map((p: { method: string; status: string }) => `${p.method} ${p.status}`)).toEqual([
      'autodebit_bca paid',
    ]);

    const usage = await cli('export', '--bank', 'mandiri', '--date', '2026-12-15');
    expect(usage.code).toBe(1);
    expect(usage.out).toContain('only --bank bca');
  });
});
