import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevAdminFile } from '../../server/cli/admin-claims';
import { ClaimsDriver } from '../helpers/claims';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { runServiceCommand } from '../helpers/process';

describe('npm run service -- admin complaints (development mode)', () => {
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
    runServiceCommand({ DATA_DIR: t.env.DATA_DIR!, ADMIN_REASON: 'Tindak lanjut pengaduan' }, ['admin', ...args]);

  it('lists complaints and walks one by its number to its answer; prints the quarter’s report as CSV', async () => {
    const c = (
      await budi.call('POST', '/v1/complaints', {
        category: 'service',
        description: 'Petugas cabang tidak dapat menjelaskan manfaat polis saya.',
      })
    ).json();
    const list = await cli('complaints', 'list');
    expect(list.code, list.out).toBe(0);
    expect(list.out).toContain(`${c.complaintNumber}  received    service`);
    expect(list.out).toContain('20 working day(s) left');
    expect((await cli('complaints', 'move', c.complaintNumber, '--to', 'in_progress')).out).toContain(
      `${c.complaintNumber} is now in_progress`,
    );
    const answerFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'answer-')), 'jawaban.txt');
    fs.writeFileSync(answerFile, 'Kami telah melatih ulang petugas cabang dan menjelaskan manfaat polis Anda.');
    const answered = await cli(
      'complaints',
      'move',
      c.complaintNumber,
      '--to',
      'answered',
      '--answer-file',
      answerFile,
      '--outcome',
      'upheld',
    );
    expect(answered.code, answered.out).toBe(0);
    expect((await budi.call('GET', `/v1/complaints/${c.complaintId}`)).json().answer.text).toContain('melatih ulang');
    const again = await cli('complaints', 'move', c.complaintNumber, '--to', 'extended', '--reason', 'x');
    expect(again.code).toBe(1);
    expect(again.out).toContain('transition_invalid');

    const csv = await cli('complaints', 'report', '--quarter', '2026Q4', '--csv');
    expect(csv.code, csv.out).toBe(0);
    expect(csv.out).toContain('service,1,1,0,0,1,0,0,0,0');
    expect((await cli('alerts', 'list')).out).toContain('0 alert(s)');
  });
});
