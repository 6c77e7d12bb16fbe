import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClaimsDriver } from '../helpers/claims';
import { backOffice, bearer } from '../helpers/flows';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const TEXT = 'Tagihan premi saya terdebit dua kali pada bulan ini, mohon dikembalikan.';

/** Data Saya's access log (complaints-privacy.md, Who looked at my data). */
describe.each(STORE_KINDS)('who looked at my data, on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  let dewi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService(kind);
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    dewi = await ClaimsDriver.signIn(t, 'Dewi Lestari');
  });
  afterEach(async () => {
    await t.close();
  });

  const key = () => t.service.devAdminKey!;
  const log = async (who: ClaimsDriver) => (await who.call('GET', '/v1/me/access-log')).json().entries;

  it('refuses a back-office call on a person’s data that gives no reason, and records each that does', async () => {
    const claimId = await budi.readyHospitalClaim('IND-2021-004567');
    const claimNumber = (await budi.call('POST', `/v1/claims/${claimId}/submit`)).json().claimNumber as string;
    const complaint = (await budi.call('POST', '/v1/complaints', { category: 'payment', description: TEXT })).json();
    const request = (
      await budi.call('POST', '/v1/requests', {
        policyNumber: 'IND-2019-000123',
        type: 'policy_book_duplicate',
        payload: { delivery: 'email' },
      })
    ).json();
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/v1/admin/claims'],
      ['GET', `/v1/admin/claims/${claimId}`],
      ['POST', `/v1/admin/claims/${claimId}/transitions`, { to: 'verifying' }],
      ['GET', '/v1/admin/complaints'],
      ['GET', `/v1/admin/complaints/${complaint.complaintId}`],
      ['POST', `/v1/admin/complaints/${complaint.complaintId}/transitions`, { to: 'in_progress' }],
      ['GET', '/v1/admin/requests'],
      ['POST', `/v1/admin/requests/${request.requestId}/transitions`, { to: 'in_process' }],
    ];
    for (const [method, url, body] of calls) {
      for (const headers of [bearer(key()), backOffice(key(), '  '), backOffice(key(), 'x'.repeat(301))]) {
        const refused = await t.call(method, url, body, headers);
        expect(refused.statusCode, `${method} ${url}`).toBe(400);
        expect(refused.json().error).toMatchObject({ code: 'invalid_request', details: { in: 'headers' } });
      }
    }
    // Refused calls moved nothing and are not in the log.
    expect((await budi.call('GET', `/v1/claims/${claimId}`)).json().status).toBe('submitted');
    expect(await log(budi)).toEqual([]);
    // Figures that name nobody need no reason.
    const report = await t.call('GET', '/v1/admin/complaints/report?quarter=2026Q4', undefined, bearer(key()));
    expect(report.statusCode).toBe(200);

    for (const [method, url, body] of calls) {
      t.clock.advance(1000);
      const done = await t.call(method, url, body, backOffice(key(), `Tindak lanjut ${method} ${url.length}`));
      expect(done.statusCode, `${method} ${url}: ${done.body}`).toBe(200);
    }
    const entries = await log(budi);
    const seen = entries.map(
      (e: { action: string; subject: { kind: string; number?: string } }) =>
        `${e.action} ${e.subject.kind} ${e.subject.number}`,
    );
    // Newest first, each with the key's name, the item's number and the reason given.
    expect(seen).toEqual([
      `move request ${request.number}`,
      `read request ${request.number}`,
      `move complaint ${complaint.complaintNumber}`,
      `read complaint ${complaint.complaintNumber}`,
      `read complaint ${complaint.complaintNumber}`,
      `move claim ${claimNumber}`,
      `read claim ${claimNumber}`,
      `read claim ${claimNumber}`,
    ]);
    expect(entries[0]).toMatchObject({
      keyName: 'dev',
      subject: { kind: 'request', id: request.requestId },
      reason: expect.stringMatching(/^Tindak lanjut POST \d+$/u),
      at: new Date(t.clock.now()).toISOString(),
    });
    // Nobody else's log holds Budi's items.
    expect(await log(dewi)).toEqual([]);
  });

  it('records a list under every person it showed, each seeing only their own, page by page', async () => {
    for (const who of [budi, dewi, budi]) {
      const res = await who.call('POST', '/v1/complaints', { category: 'service', description: TEXT });
      expect(res.statusCode).toBe(201);
    }
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      const list = await t.call('GET', '/v1/admin/complaints', undefined, backOffice(key(), `Rekap harian ${i}`));
      expect(list.json().complaints).toHaveLength(3);
    }
    const mine = await log(budi);
    expect(mine).toHaveLength(6);
    expect(new Set(mine.map((e: { subject: { number: string } }) => e.subject.number)).size).toBe(2);
    expect(await log(dewi)).toHaveLength(3);
    // Paged with a cursor, newest first, nothing twice.
    const first = (await budi.call('GET', '/v1/me/access-log?limit=4')).json();
    expect(first.entries).toHaveLength(4);
    const rest = (await budi.call('GET', `/v1/me/access-log?limit=4&cursor=${first.nextCursor}`)).json();
    expect(rest.entries).toHaveLength(2);
    expect(rest.nextCursor).toBeUndefined();
    expect([...first.entries, ...rest.entries]).toEqual(mine);
    expect(mine.map((e: { reason: string }) => e.reason).slice(0, 2)).toEqual(['Rekap harian 2', 'Rekap harian 2']);
    // Only for the signed-in person.
    expect((await t.call('GET', '/v1/me/access-log')).statusCode).toBe(401);
  });
});
