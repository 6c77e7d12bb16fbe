import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jakartaDate } from '../../server/domain/clock';
import { ClaimsDriver } from '../helpers/claims';
import { plainPdf } from '../helpers/claim-files';
import { backOffice, bearer } from '../helpers/flows';
import { waitFor } from '../helpers/mail-and-sms';
import { pdfText } from '../helpers/pdf-text';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const DAY = 86_400_000;
const TEXT = 'Klaim rawat jalan saya belum dibayar padahal sudah disetujui tiga minggu yang lalu.';

describe.each(STORE_KINDS)('Pengaduan on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService(kind);
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });

  const file = (who: ClaimsDriver, body: Record<string, unknown>) => who.call('POST', '/v1/complaints', body);
  const move = (id: string, body: Record<string, unknown>) =>
    t.call('POST', `/v1/admin/complaints/${id}/transitions`, body, backOffice(t.service.devAdminKey!));
  const adminGet = (url: string) => t.call('GET', url, undefined, backOffice(t.service.devAdminKey!));

  it('acknowledges a complaint at once: its number, its due date in working days, its receipt, a message', async () => {
    // After the account's own first messages.
    t.clock.advance(60_000);
    const filed = await file(budi, { category: 'claim', description: TEXT, channel: 'email' });
    expect(filed.statusCode, filed.body).toBe(201);
    const c = filed.json();
    // 24 November 2026 plus 20 working days: the Christmas holiday and cuti bersama come after.
    expect(c).toMatchObject({
      complaintNumber: 'ADU-2026-000001',
      category: 'claim',
      status: 'received',
      dueDate: '2026-12-22',
      workingDaysLeft: 20,
      overdue: false,
      description: TEXT,
      channel: 'email',
      timeline: [{ status: 'received' }],
    });
    expect(c.receiptDocumentId).toBeDefined();

    const receipt = await budi.call('GET', `/v1/complaints/${c.complaintId}/receipt`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(receipt.rawPayload)).replace(/\s+/gu, ' ');
    expect(text).toContain('Tanda Terima Pengaduan');
    expect(text).toContain('ADU-2026-000001');
    expect(text).toContain('22 Desember 2026');
    expect(text).toContain('tiga minggu yang lalu');

    const inbox = (await budi.call('GET', '/v1/inbox')).json().messages;
    expect(inbox[0]).toMatchObject({
      category: 'complaint',
      title: 'Pengaduan ADU-2026-000001 telah kami terima',
      link: { kind: 'complaint', id: c.complaintId },
    });
    t.clock.advance(60_000);
    expect((await file(budi, { category: 'service', description: TEXT })).json().complaintNumber).toBe(
      'ADU-2026-000002',
    );
    const list = (await budi.call('GET', '/v1/complaints')).json().complaints;
    expect(list.map((x: { complaintNumber: string }) => x.complaintNumber)).toEqual([
      'ADU-2026-000002',
      'ADU-2026-000001',
    ]);
  });

  it('refuses bad input, and another person’s items and complaints as not found', async () => {
    expect((await file(budi, { category: 'claim', description: 'Terlalu pendek' })).statusCode).toBe(400);
    expect((await file(budi, { category: 'rumor', description: TEXT })).statusCode).toBe(400);
    const andi = await ClaimsDriver.signIn(t, 'Andi Pratama');
    const claimId = await budi.readyHospitalClaim('IND-2021-004567');
    expect(
      (await file(andi, { category: 'claim', subject: { kind: 'claim', id: claimId }, description: TEXT })).statusCode,
    ).toBe(404);
    expect(
      (
        await file(andi, {
          category: 'policy_change',
          subject: { kind: 'policy', id: 'IND-2021-004567' },
          description: TEXT,
        })
      ).statusCode,
    ).toBe(404);
    const own = await file(budi, { category: 'claim', subject: { kind: 'claim', id: claimId }, description: TEXT });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().subject).toEqual({ kind: 'claim', id: claimId });
    const id = own.json().complaintId;
    for (const url of [`/v1/complaints/${id}`, `/v1/complaints/${id}/receipt`]) {
      expect((await andi.call('GET', url)).statusCode).toBe(404);
    }
    expect((await andi.call('POST', `/v1/complaints/${id}/withdraw`)).statusCode).toBe(404);
    expect((await andi.call('GET', '/v1/complaints')).json().complaints).toEqual([]);
  });

  it('takes files only while received, at most five, and a withdrawal only before handling', async () => {
    const c = (await file(budi, { category: 'payment', description: TEXT })).json();
    const pdf = await plainPdf('Bukti transfer');
    const upload = () =>
      t.service.app.inject({
        method: 'POST',
        url: `/v1/complaints/${c.complaintId}/files`,
        headers: { ...bearer(budi.token), 'content-type': 'application/pdf', 'x-file-name': 'bukti.pdf' },
        payload: pdf,
      });
    for (let i = 0; i < 5; i++) expect((await upload()).statusCode).toBe(201);
    expect((await upload()).json().error).toMatchObject({ code: 'conflict', details: { reason: 'too_many_files' } });
    const files = (await budi.call('GET', `/v1/complaints/${c.complaintId}`)).json().files;
    expect(files).toHaveLength(5);
    const one = await budi.call('GET', `/v1/complaints/${c.complaintId}/files/${files[0].fileId}`);
    expect(one.rawPayload.equals(pdf)).toBe(true);

    expect((await move(c.complaintId, { to: 'in_progress' })).statusCode).toBe(200);
    const late = await budi.call('POST', `/v1/complaints/${c.complaintId}/withdraw`);
    expect(late.json().error).toMatchObject({ code: 'transition_invalid', details: { from: 'in_progress' } });

    const other = (await file(budi, { category: 'service', description: TEXT })).json();
    const withdrawn = await budi.call('POST', `/v1/complaints/${other.complaintId}/withdraw`);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    expect(withdrawn.json().workingDaysLeft).toBeUndefined();
  });

  it('is moved by the back office: extended once with its reason, answered, and escalated with the routes outside', async () => {
    const c = (await file(budi, { category: 'claim', description: TEXT })).json();
    expect((await move(c.complaintId, { to: 'in_progress' })).json().status).toBe('in_progress');
    const noReason = await move(c.complaintId, { to: 'extended' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.details.rules).toEqual(['missing_field:reason']);
    const extended = await move(c.complaintId, { to: 'extended', reason: 'Menunggu keterangan rumah sakit.' });
    // 22 December plus 20 working days, past cuti bersama, Christmas, the new year and (computed,
    // 2027 has no decree yet) Isra Mi'raj on 5 January.
    expect(extended.json()).toMatchObject({
      status: 'extended',
      dueDate: '2027-01-25',
      extension: { reason: 'Menunggu keterangan rumah sakit.' },
    });
    const again = await move(c.complaintId, { to: 'extended', reason: 'Lagi.' });
    expect(again.json().error).toMatchObject({ code: 'transition_invalid', details: { allowed: ['answered'] } });

    const answered = await move(c.complaintId, {
      to: 'answered',
      answer: 'Klaim dibayar hari ini.',
      outcome: 'upheld',
    });
    expect(answered.json()).toMatchObject({
      status: 'answered',
      answer: { text: 'Klaim dibayar hari ini.', outcome: 'upheld' },
    });
    expect(answered.json().workingDaysLeft).toBeUndefined();

    const vague = await budi.call('POST', `/v1/complaints/${c.complaintId}/feedback`, { satisfied: false });
    expect(vague.statusCode).toBe(400);
    const escalated = await budi.call('POST', `/v1/complaints/${c.complaintId}/feedback`, {
      satisfied: false,
      reason: 'Jumlahnya kurang.',
    });
    expect(escalated.json()).toMatchObject({
      status: 'escalated',
      feedback: { satisfied: false, reason: 'Jumlahnya kurang.' },
    });
    expect(
      escalated
        .json()
        .externalRoutes.map((r: { name: string }) => r.name)
        .join(' '),
    ).toMatch(/LAPS SJK.*OJK/u);
    const statuses = (await budi.call('GET', `/v1/complaints/${c.complaintId}`))
      .json()
      .timeline.map((e: { status: string }) => e.status);
    expect(statuses).toEqual(['received', 'in_progress', 'extended', 'answered', 'escalated']);
    // The answer's own closing, 14 days on, no longer happens.
    t.clock.advance(15 * DAY);
    expect((await adminGet(`/v1/admin/complaints/${c.complaintId}`)).json().status).toBe('escalated');
  });

  it('closes an answered complaint by itself 14 days after the answer', async () => {
    const c = (await file(budi, { category: 'service', description: TEXT })).json();
    await move(c.complaintId, {
      to: 'answered',
      answer: 'Mohon maaf atas ketidaknyamanannya.',
      outcome: 'partly_upheld',
    });
    t.clock.advance(13 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await adminGet(`/v1/admin/complaints/${c.complaintId}`)).json().status).toBe('answered');
    t.clock.advance(DAY + 60_000);
    const closed = await waitFor(async () => {
      const now = (await adminGet(`/v1/admin/complaints/${c.complaintId}`)).json();
      return now.status === 'closed' ? now : undefined;
    }, 20_000);
    expect(closed.timeline.at(-1)).toMatchObject({ status: 'closed' });
    expect(closed.closedAt).toBeDefined();
  });

  it('lists the overdue for the back office, and raises one alert a working day naming them', async () => {
    const late = (await file(budi, { category: 'claim', description: TEXT })).json();
    t.clock.advance(2 * DAY);
    budi = await budi.relogin();
    const fresh = (await file(budi, { category: 'payment', description: TEXT })).json();
    const numbers = async (q: string) =>
      (await adminGet(`/v1/admin/complaints?${q}`))
        .json()
        .complaints.map((c: { complaintNumber: string }) => c.complaintNumber);
    expect(await numbers('overdue=true')).toEqual([]);
    // Due on 22 and 28 December; from 26 November those are 18 and 20 working days away.
    expect(await numbers('dueWithin=19')).toEqual([late.complaintNumber]);
    expect(await numbers('dueWithin=20')).toEqual([fresh.complaintNumber, late.complaintNumber]);
    expect(await numbers('status=received&category=payment')).toEqual([fresh.complaintNumber]);

    // 23 December, 08:00 in Jakarta: the first is one working day past its due date.
    t.clock.advance(Date.parse('2026-12-23T01:00:00Z') + 60_000 - t.clock.now());
    expect(jakartaDate(t.clock.now())).toBe('2026-12-23');
    expect(await numbers('overdue=true')).toEqual([late.complaintNumber]);
    budi = await budi.relogin();
    const listed = (await budi.call('GET', '/v1/complaints')).json().complaints;
    expect(listed.find((x: { complaintId: string }) => x.complaintId === late.complaintId)).toMatchObject({
      overdue: true,
      workingDaysLeft: -1,
    });
    const alerts = await waitFor(async () => {
      const a = (await adminGet('/v1/admin/alerts?open=true&kind=complaint_overdue')).json().alerts;
      return a.length ? a : undefined;
    }, 20_000);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'complaint_overdue',
      details: { date: '2026-12-23', complaints: [{ complaintNumber: late.complaintNumber, workingDaysOverdue: 1 }] },
    });
    const ack = await t.call(
      'POST',
      `/v1/admin/alerts/${alerts[0].alertId}/acknowledge`,
      undefined,
      backOffice(t.service.devAdminKey!),
    );
    expect(ack.json()).toMatchObject({ acknowledgedBy: 'dev' });
    expect((await adminGet('/v1/admin/alerts?open=true&kind=complaint_overdue')).json().alerts).toEqual([]);
  });
});

describe.each(STORE_KINDS)('The quarterly report on %s', (kind) => {
  let t: TestService;
  afterEach(async () => {
    await t?.close();
  });

  it('counts a quarter by Jakarta dates, each complaint as it stood on the quarter’s last day, across Lebaran', async () => {
    // Monday 16 March 2026, 10:00 WIB: the Lebaran week (18–24 March, Nyepi, Idul Fitri and
    // cuti bersama) is ahead, the quarter ends on the 31st.
    t = await startTestService(kind, { clockStart: Date.parse('2026-03-16T03:00:00Z') });
    let budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    const at = async (instant: string) => {
      t.clock.advance(Date.parse(instant) - t.clock.now());
      budi = await budi.relogin();
    };
    const fileNow = async (category: string) =>
      (await budi.call('POST', '/v1/complaints', { category, description: TEXT })).json().complaintId as string;
    const admin = (id: string, body: Record<string, unknown>) =>
      t.call('POST', `/v1/admin/complaints/${id}/transitions`, body, backOffice(t.service.devAdminKey!));

    const a = await fileNow('claim');
    await at('2026-03-17T03:00:00Z');
    const e = await fileNow('claim');
    await at('2026-03-18T03:00:00Z');
    await budi.call('POST', `/v1/complaints/${e}/withdraw`);
    await at('2026-03-27T03:00:00Z');
    const b = await fileNow('payment');
    // 31 March, 23:30 WIB: still the first quarter in Jakarta (16:30 UTC).
    await at('2026-03-31T09:00:00Z');
    await admin(a, { to: 'answered', answer: 'Sudah dibayar.', outcome: 'upheld' });
    await at('2026-03-31T16:30:00Z');
    const c = await fileNow('service');
    // 1 April, 00:30 WIB: the second quarter, though still 31 March in UTC.
    await at('2026-03-31T17:30:00Z');
    const d = await fileNow('product');
    await budi.call('POST', `/v1/complaints/${c}/withdraw`);
    await at('2026-04-02T03:00:00Z');
    await admin(b, { to: 'answered', answer: 'Tidak ada kekeliruan.', outcome: 'not_upheld' });
    // 4 May: past D's due date (30 April: Good Friday and Labour Day are not working days).
    await at('2026-05-04T03:00:00Z');
    await admin(d, { to: 'answered', answer: 'Sebagian kami ganti.', outcome: 'partly_upheld' });

    const report = async (q: string) =>
      (await t.call('GET', `/v1/admin/complaints/report?${q}`, undefined, backOffice(t.service.devAdminKey!))).json();
    const q1 = await report('quarter=2026Q1');
    expect(q1).toMatchObject({ quarter: '2026Q1', from: '2026-01-01', to: '2026-03-31' });
    // A answered on the 31st (6 working days: 17, 25, 26, 27, 30 and 31 March); B answered in
    // April and C withdrawn in April are open on the 31st; E was withdrawn in March.
    expect(q1.total).toEqual({
      received: 4,
      upheld: 1,
      partlyUpheld: 0,
      notUpheld: 0,
      answeredInTime: 1,
      answeredLate: 0,
      withdrawn: 1,
      open: 2,
      medianWorkingDaysToAnswer: 6,
    });
    const claim = q1.byCategory.find((x: { category: string }) => x.category === 'claim');
    expect(claim).toMatchObject({ received: 2, upheld: 1, withdrawn: 1, open: 0 });
    expect(q1.byCategory.find((x: { category: string }) => x.category === 'payment')).toMatchObject({
      received: 1,
      open: 1,
    });
    const q2 = await report('quarter=2026Q2');
    expect(q2.total).toEqual({
      received: 1,
      upheld: 0,
      partlyUpheld: 1,
      notUpheld: 0,
      answeredInTime: 0,
      answeredLate: 1,
      withdrawn: 0,
      open: 0,
      medianWorkingDaysToAnswer: 21,
    });
    const csv = await t.call('GET', '/v1/admin/complaints/report?quarter=2026Q1&format=csv', undefined, {
      ...backOffice(t.service.devAdminKey!),
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/u);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'category,received,upheld,partly_upheld,not_upheld,answered_in_time,answered_late,withdrawn,open,median_working_days_to_answer',
    );
    expect(lines.at(-1)).toBe('total,4,1,0,0,1,0,1,2,6');
    expect((await report('quarter=2026Q5')).error.code).toBe('invalid_request');
  });
});
