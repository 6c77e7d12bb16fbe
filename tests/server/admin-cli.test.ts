import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevAdminFile } from '../../server/cli/admin-claims';
import { ClaimsDriver } from '../helpers/claims';
import { plainPdf } from '../helpers/claim-files';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { runServiceCommand } from '../helpers/process';

describe('npm run service -- admin claims (development mode)', () => {
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

  const env = () => ({ DATA_DIR: t.env.DATA_DIR!, ADMIN_URL: '', ADMIN_API_KEY: '', ADMIN_REASON: '' });
  const admin = (...args: string[]) =>
    runServiceCommand(env(), ['admin', 'claims', ...args, '--why', 'Verifikasi klaim nasabah']);

  it('lists claims and walks one by its number from submitted to paid', async () => {
    const id = await budi.readyHospitalClaim('IND-2021-004567');
    const number = (await budi.call('POST', `/v1/claims/${id}/submit`)).json().claimNumber as string;
    const listed = await admin('list', '--status', 'submitted');
    expect(listed.out).toContain(number);
    expect(listed.out).toContain('1 claim(s)');
    // Without a reason the service refuses, and the command says what to add.
    const unexplained = await runServiceCommand(env(), ['admin', 'claims', 'list']);
    expect(unexplained.code).not.toBe(0);
    expect(unexplained.out).toContain('say why you look at this person');
    for (const step of [
      ['--to', 'verifying'],
      ['--to', 'documents_requested', '--note', 'Kirim hasil lab', '--kinds', 'lab_result'],
    ]) {
      const r = await admin('move', number, ...step);
      expect(r.code, r.out).toBe(0);
    }
    expect((await budi.call('GET', `/v1/claims/${id}`)).json().pendingRequest.documentKinds).toEqual(['lab_result']);
    // A move the table lacks is refused with the service's words.
    const wrong = await admin('move', number, '--to', 'paid', '--amount', '1000');
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toContain('409 transition_invalid');
    expect((await budi.upload(id, 'lab_result', await plainPdf(), 'application/pdf')).statusCode).toBe(201);
    expect((await budi.call('POST', `/v1/claims/${id}/answer`, { note: 'Terlampir' })).statusCode).toBe(200);
    for (const step of [
      ['--to', 'assessing'],
      ['--to', 'approved', '--amount', '10.000.000'],
      ['--to', 'paid', '--amount', '10000000', '--reference', 'TRF-CLI-1'],
    ]) {
      const r = await admin('move', number, ...step);
      expect(r.code, r.out).toBe(0);
    }
    const shown = await admin('show', number);
    expect(shown.out).toContain(`${number}  paid`);
    expect((await budi.call('GET', `/v1/claims/${id}`)).json()).toMatchObject({
      status: 'paid',
      paidAmount: 10_000_000,
      paymentReference: 'TRF-CLI-1',
    });
    // Nine commands, each its own process started through tsx: slow on a busy machine.
  }, 180_000);

  it('creates a cashless claim for a group member', async () => {
    const r = await admin(
      'cashless',
      '--policy',
      'KMP-2022-000045',
      '--member',
      'PTMB-0001',
      '--provider',
      'RS Harapan Kita',
      '--diagnosis',
      'Apendisitis',
      '--amount',
      '15000000',
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/KLM-\d{4}-\d{6}\s+approved\s+hospitalization\/cashless/u);
  }, 60_000);
});
