import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backOffice } from '../helpers/flows';
import { jobsDone } from '../helpers/jobs';
import { waitFor } from '../helpers/mail-and-sms';
import { runServiceCommand } from '../helpers/process';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const DAY = 86_400_000;

/** An invented decree for 2027 (the real one is not signed yet): enough days to count across. */
const DECREE_2027 = `date,kind,name
2027-01-01,holiday,Tahun Baru 2027 Masehi
2027-01-05,holiday,Isra Mi'raj Nabi Muhammad SAW
2027-01-04,cuti_bersama,Cuti bersama Tahun Baru
`;

function csvFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'decree-')), 'skb.csv');
  fs.writeFileSync(file, text);
  return file;
}

describe.each(STORE_KINDS)('Working days an operator keeps current, on %s', (kind) => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService(kind, { seed: false });
  });
  afterEach(async () => {
    await t.close();
  });

  const cli = (...args: string[]) => runServiceCommand(t.env, ['admin', 'holidays', ...args, '--dev']);
  const ready = async () => (await t.call('GET', '/health/ready')).json();

  it('ships the 2026 decree, and imports a year’s decree all or nothing, validated', async () => {
    const seeded = await cli('list', '--year', '2026');
    expect(seeded.code, seeded.out).toBe(0);
    expect(seeded.out).toContain('2026-03-20  cuti_bersama  Cuti bersama Idul Fitri');
    expect(seeded.out).toContain('25 day(s)');
    expect((await cli('list', '--year', '2027')).out).toContain('no decree for 2027');

    const broken = await cli(
      'import',
      csvFile(`date,kind,name
2027-01-01,holiday,Tahun Baru
2027-01-01,holiday,Tahun Baru lagi
2028-02-01,holiday,Tahun lain
2027-03-10,libur,Hari apa
2027-04-02,holiday,
`),
    );
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('line 5: kind');
    expect(broken.out).toContain('line 6: name is empty');
    expect(broken.out).toContain('the dates are in 2027, 2028');
    expect(broken.out).toContain('line 3: 2027-01-01 is on line 2 already');
    expect(broken.out).toContain('nothing imported');
    expect((await cli('list', '--year', '2027')).out).toContain('no decree for 2027');

    const done = await cli('import', csvFile(DECREE_2027), '--source', 'SKB 2027 (uji)');
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain('the decree of 2027 imported: 2 holiday(s), 1 cuti bersama day(s)');
    const listed = await cli('list', '--year', '2027');
    expect(listed.out).toContain('2027: SKB 2027 (uji)');
    expect(listed.out).toContain('2027-01-04  cuti_bersama  Cuti bersama Tahun Baru');
    // Imported again, smaller: the year is replaced, not added to.
    expect((await cli('import', csvFile('date,kind,name\n2027-01-01,holiday,Tahun Baru 2027 Masehi\n'))).code).toBe(0);
    expect((await cli('list', '--year', '2027')).out).toContain('1 day(s)');
  });

  it('counts with the imported decree, says in readiness which year has none, and alerts the back office once', async () => {
    // 24 November 2026: past 1 October, the 2027 decree is due and missing.
    expect(await ready()).toMatchObject({ status: 'ready', warnings: ['holidays_2027_not_decreed'] });
    const alerts = () =>
      t.call('GET', '/v1/admin/alerts?kind=holidays_missing', undefined, backOffice(t.service.devAdminKey!));
    // The daily check runs at 08:00 in Jakarta: tomorrow's.
    t.clock.advance(DAY);
    const raised = await waitFor(async () => {
      const a = (await alerts()).json().alerts;
      return a.length ? a : undefined;
    }, 20_000);
    expect(raised).toMatchObject([{ kind: 'holidays_missing', details: { year: 2027 } }]);
    t.clock.advance(DAY);
    await jobsDone(t, 'calendar.decree_check', 2);
    expect((await alerts()).json().alerts).toHaveLength(1);

    expect(t.service.workingDays.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect((await cli('import', csvFile(DECREE_2027))).code).toBe(0);
    // The next check reads the table again (as the running service does every ten minutes).
    t.clock.advance(DAY);
    await waitFor(async () => ((await ready()).warnings === undefined ? true : undefined), 20_000);
    expect(t.service.workingDays.addWorkingDays('2026-12-31', 1)).toBe('2027-01-06');
  });
});
