import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorKey } from '../../server/domain/events/hub';
import { ClaimsDriver } from '../helpers/claims';
import sharp from 'sharp';
import { photoWithGps, plainPdf } from '../helpers/claim-files';
import { doctorSignedIn } from '../helpers/consult';
import { bearer } from '../helpers/flows';
import { waitFor } from '../helpers/mail-and-sms';
import { openStream } from '../helpers/sse';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const HEALTH = 'IND-2021-004567';
const ALL_DAY = { CONSULT_HOURS: '00:00-23:59' };
// Words no log line may carry: what the person and the doctor wrote.
const SYMPTOMS = 'Demam tinggi tiga hari disertai ruam merah';
const SECRET_TEXT = 'Apakah perlu tes darah rahasia-4711';
const SUMMARY = 'Suspek demam berdarah ringan-ringkasan-0815';

describe.each(STORE_KINDS)('Telekonsultasi on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  let budiId: string;
  beforeEach(async () => {
    t = await startTestService(kind, { env: ALL_DAY });
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    budiId = (await budi.call('GET', `/v1/claims/options?policyNumber=${HEALTH}`)).json().people[0].personId;
  });
  afterEach(async () => {
    await t.close();
  });

  const start = (body: Record<string, unknown> = {}) =>
    budi.call('POST', '/v1/consultations', {
      policyNumber: HEALTH,
      personId: budiId,
      topic: 'Demam',
      symptoms: SYMPTOMS,
      ...body,
    });
  const started = async () => {
    const res = await start();
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('goes from the queue to a doctor, chats without doubling, and closes into a summary PDF and Kotak Masuk', async () => {
    const c = await started();
    expect(c).toMatchObject({ status: 'waiting', queuePosition: 1, topic: 'Demam', lastSeq: 0 });
    expect(c.number).toMatch(/^TK-\d{8}-[A-Z2-9]{4}$/u);
    const dr = await doctorSignedIn(t);
    // With one doctor on duty, one place ahead of nobody.
    expect((await budi.call('GET', `/v1/consultations/${c.consultationId}`)).json().estimatedWaitMinutes).toBe(10);

    const queue = (await dr.call('GET', '/v1/doctor/queue')).json().queue;
    expect(queue).toEqual([
      expect.objectContaining({
        consultationId: c.consultationId,
        topic: 'Demam',
        symptoms: SYMPTOMS,
        queuePosition: 1,
        person: { fullName: 'Budi Santoso', age: expect.any(Number) },
      }),
    ]);
    const taken = await dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/take`);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'active', doctor: { name: 'dr. Sari Wulandari' } });

    const send = () =>
      budi.call('POST', `/v1/consultations/${c.consultationId}/messages`, {
        clientMessageId: 'pesan-0001-abcdef',
        text: SECRET_TEXT,
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.statusCode, a.body).toBe(201);
    expect(b.json().messageId).toBe(a.json().messageId);
    expect((await send()).json()).toEqual(a.json());
    const reply = await dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/messages`, {
      clientMessageId: 'dokter-0001-xyz',
      text: 'Sudah minum obat penurun panas?',
    });
    expect(reply.statusCode, reply.body).toBe(201);

    const all = (await budi.call('GET', `/v1/consultations/${c.consultationId}/messages`)).json().messages;
    expect(all.map((m: { seq: number; from: string; text?: string }) => [m.seq, m.from, m.text])).toEqual([
      [1, 'system', 'doctor_joined'],
      [2, 'customer', SECRET_TEXT],
      [3, 'doctor', 'Sudah minum obat penurun panas?'],
    ]);
    // After a drop, the app asks for what it lacks.
    expect(
      (await budi.call('GET', `/v1/consultations/${c.consultationId}/messages?after=2`)).json().messages,
    ).toHaveLength(1);
    expect((await budi.call('POST', `/v1/consultations/${c.consultationId}/read`, { upToSeq: 3 })).statusCode).toBe(
      204,
    );
    const doctorView = (await dr.call('GET', `/v1/doctor/consultations/${c.consultationId}/messages?after=2`)).json();
    expect(doctorView.messages[0].readAt).toBeDefined();
    await budi.call('POST', `/v1/consultations/${c.consultationId}/typing`);

    const closed = await dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/close`, {
      summary: SUMMARY,
      advice: 'Minum banyak air, istirahat.',
      followUp: 'Ke IGD bila muntah terus.',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const done = closed.json();
    expect(done).toMatchObject({ status: 'closed', summary: { text: SUMMARY, documentId: expect.any(String) } });
    const docs = (await budi.call('GET', `/v1/policies/${HEALTH}/documents`)).json().documents;
    const summaryDoc = docs.find((d: { documentId: string }) => d.documentId === done.summary.documentId);
    expect(summaryDoc).toMatchObject({ title: `Ringkasan Telekonsultasi ${c.number}`, pageCount: 1 });
    const pdf = await budi.call('GET', `/v1/documents/${done.summary.documentId}`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const inbox = (await budi.call('GET', '/v1/inbox')).json().messages;
    expect(inbox).toContainEqual(
      expect.objectContaining({ title: `Telekonsultasi ${c.number} selesai`, category: 'consultation' }),
    );
    // Closed: nothing more is written.
    const late = await budi.call('POST', `/v1/consultations/${c.consultationId}/messages`, {
      clientMessageId: 'pesan-0002-abcdef',
      text: 'Terima kasih',
    });
    expect(late.statusCode).toBe(409);

    // Both sides heard every step on their streams.
    const account = (
      await t.service.store.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', budi.username)
        .executeTakeFirstOrThrow()
    ).id;
    const names = (await t.service.events.hub.after(account, 0, 500)).map((e) => e.name);
    for (const n of ['consultation.status', 'consultation.message', 'consultation.read', 'consultation.typing'])
      expect(names, n).toContain(n);
    const doctorId = (await t.service.store.db.selectFrom('doctors').select('id').executeTakeFirstOrThrow()).id;
    const doctorNames = (await t.service.events.hub.after(doctorKey(doctorId), 0, 500)).map((e) => e.name);
    expect(doctorNames).toEqual(expect.arrayContaining(['consultation.status', 'consultation.message']));
    // The queue's changes are signals to the doctors' streams, never a stored row per doctor.
    expect(doctorNames).not.toContain('queue.updated');

    // No line of the log carries what was written.
    const log = t.logs.join('\n');
    for (const secret of [SYMPTOMS, SECRET_TEXT, SUMMARY, 'Sudah minum obat']) expect(log).not.toContain(secret);
  });

  it('refuses a second open one, a fourth in a day, and a stranger’s policy or person', async () => {
    const c = await started();
    const again = await start();
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details.rules).toEqual(['already_open']);
    expect((await budi.call('POST', `/v1/consultations/${c.consultationId}/cancel`)).json().status).toBe('cancelled');
    for (let i = 0; i < 2; i++) {
      const next = await started();
      await budi.call('POST', `/v1/consultations/${next.consultationId}/cancel`);
    }
    const fourth = await start();
    expect(fourth.statusCode).toBe(422);
    expect(fourth.json().error.details).toMatchObject({ rules: ['daily_limit'], limit: 3 });
    // The next day (in Jakarta) counts again.
    t.clock.advance(24 * 3_600_000);
    budi = await budi.relogin();
    expect((await start()).statusCode).toBe(201);

    expect((await start({ policyNumber: 'KMP-2022-000045' })).statusCode).toBe(404);
    expect((await start({ personId: 'AAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
    expect((await start({ symptoms: 'x'.repeat(2001) })).statusCode).toBe(400);
    const siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    expect((await siti.call('GET', `/v1/consultations/${c.consultationId}`)).statusCode).toBe(404);
    expect((await siti.call('GET', '/v1/consultations')).json().consultations).toEqual([]);
  });

  it('one of two doctors takes it; the other is told it is gone', async () => {
    const c = await started();
    const sari = await doctorSignedIn(t);
    const rudi = await doctorSignedIn(t, {
      name: 'dr. Rudi Setiawan',
      license: 'STR-3171000002',
      email: 'rudi.setiawan@klinik.example',
      username: 'dr.rudi',
    });
    const [x, y] = await Promise.all([
      sari.call('POST', `/v1/doctor/consultations/${c.consultationId}/take`),
      rudi.call('POST', `/v1/doctor/consultations/${c.consultationId}/take`),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const loser = x.statusCode === 409 ? { res: x, d: sari } : { res: y, d: rudi };
    expect(loser.res.json().error).toMatchObject({ code: 'conflict', details: { status: 'active' } });
    // Only the doctor who took it reads it.
    expect((await loser.d.call('GET', `/v1/doctor/consultations/${c.consultationId}/messages`)).statusCode).toBe(404);
    expect((await budi.call('POST', `/v1/consultations/${c.consultationId}/cancel`)).statusCode).toBe(409);
  });

  const doctor = (n: number) =>
    doctorSignedIn(t, {
      name: `dr. Jaga ${n}`,
      license: `STR-31710009${String(n).padStart(2, '0')}`,
      email: `jaga${n}@klinik.example`,
      username: `dr.jaga${n}`,
    });

  it('four doctors taking four consultations at the same moment: each takes its own, no deadlock', async () => {
    const people: Array<[string, string]> = [
      ['Siti Rahmawati', 'SYR-2020-007788'],
      ['Dewi Lestari', 'KMP-2022-000045'],
      ['Andi Pratama', 'KMP-2022-000045'],
    ];
    const waiting = [await started()];
    for (const [name, policyNumber] of people) {
      const person = await ClaimsDriver.signIn(t, name);
      const personId = (await person.call('GET', `/v1/claims/options?policyNumber=${policyNumber}`)).json().people[0]
        .personId;
      const c = await person.call('POST', '/v1/consultations', {
        policyNumber,
        personId,
        topic: 'Pusing',
        symptoms: 'Pusing',
      });
      expect(c.statusCode, c.body).toBe(201);
      waiting.push(c.json());
    }
    const doctors = await Promise.all([1, 2, 3, 4].map((n) => doctor(n)));
    const taken = await Promise.all(
      doctors.map((d, i) => d.call('POST', `/v1/doctor/consultations/${waiting[i]!.consultationId}/take`)),
    );
    expect(taken.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(taken.map((r) => r.json().doctor.name)).toEqual(['dr. Jaga 1', 'dr. Jaga 2', 'dr. Jaga 3', 'dr. Jaga 4']);
    const rows = await t.service.store.db.selectFrom('consultations').select(['status', 'doctor_id']).execute();
    expect(rows.every((r) => r.status === 'active' && r.doctor_id !== null)).toBe(true);
  });

  it('keeps the summary to the person it is about: another insured person of the policy does not see it', async () => {
    const siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    const sitiId = (await siti.call('GET', '/v1/me')).json();
    const sitiCustomer = await t.service.store.db
      .selectFrom('accounts')
      .select('customer_id')
      .where('username', '=', sitiId.username)
      .executeTakeFirstOrThrow();
    // Siti is insured on Budi's family health policy too.
    await t.service.store.db
      .insertInto('policy_parties')
      .values({
        policy_number: 'IND2021004567',
        customer_id: sitiCustomer.customer_id,
        role: 'insured',
        member_number: null,
      })
      .execute();
    const c = await started();
    const dr = await doctorSignedIn(t);
    await dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/take`);
    const closed = (
      await dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/close`, {
        summary: SUMMARY,
        advice: 'Istirahat.',
        followUp: 'Kontrol seminggu lagi.',
      })
    ).json();
    const documentId = closed.summary.documentId as string;
    const listed = async (who: ClaimsDriver) =>
      (await who.call('GET', `/v1/policies/${HEALTH}/documents`))
        .json()
        .documents.map((d: { documentId: string }) => d.documentId);
    expect(await listed(budi)).toContain(documentId);
    expect(await listed(siti)).not.toContain(documentId);
    expect((await siti.call('GET', `/v1/documents/${documentId}`)).statusCode).toBe(404);
    expect((await budi.call('GET', `/v1/documents/${documentId}`)).statusCode).toBe(200);
  });

  it('draws another number when the day’s number is taken, instead of calling it already open', async () => {
    const first = await started();
    await budi.call('POST', `/v1/consultations/${first.consultationId}/cancel`);
    const draws = [first.number as string, 'TK-20261124-NEW2'];
    t.service.consultations.drawNumber = () => draws.shift()!;
    const second = await start();
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().number).toBe('TK-20261124-NEW2');
  });

  it('takes no message after the doctor closes: racing messages land before the closing line or are refused', async () => {
    const c = await started();
    const dr = await doctorSignedIn(t);
    await dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/take`);
    const sends = Array.from({ length: 12 }, (_, i) =>
      budi.call('POST', `/v1/consultations/${c.consultationId}/messages`, {
        clientMessageId: `balapan-${String(i).padStart(4, '0')}-x`,
        text: `pesan ${i}`,
      }),
    );
    const close = dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/close`, {
      summary: 'Ringkasan',
      advice: 'Istirahat.',
      followUp: '-',
    });
    const answers = await Promise.all([...sends, close]);
    expect(answers.at(-1)!.statusCode).toBe(200);
    for (const a of answers.slice(0, -1)) expect([201, 409]).toContain(a.statusCode);
    const all = (await budi.call('GET', `/v1/consultations/${c.consultationId}/messages?limit=100`)).json()
      .messages as Array<{
      seq: number;
      from: string;
      text?: string;
    }>;
    const closing = all.find((m) => m.from === 'system' && m.text === 'closed')!;
    expect(all.filter((m) => m.from === 'customer').every((m) => m.seq < closing.seq)).toBe(true);
    expect(all.filter((m) => m.from === 'customer')).toHaveLength(answers.filter((a) => a.statusCode === 201).length);
  });

  it('keeps doctor sessions and customer sessions apart, both ways', async () => {
    const c = await started();
    const dr = await doctorSignedIn(t);
    expect((await t.call('GET', '/v1/consultations', undefined, bearer(dr.token))).statusCode).toBe(401);
    expect((await t.call('GET', `/v1/consultations/${c.consultationId}`, undefined, bearer(dr.token))).statusCode).toBe(
      401,
    );
    expect((await budi.call('GET', '/v1/doctor/queue')).statusCode).toBe(401);
    expect((await budi.call('POST', `/v1/doctor/consultations/${c.consultationId}/take`)).statusCode).toBe(401);
    expect((await t.call('GET', '/v1/doctor/queue')).statusCode).toBe(401);
    // A wrong password and an unknown name answer alike; a wrong code is counted.
    const wrong = await t.call('POST', '/v1/doctor/sessions', { username: 'dr.sari', password: 'salah sekali' });
    const unknown = await t.call('POST', '/v1/doctor/sessions', { username: 'dr.siapa', password: 'salah sekali' });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual(unknown.json());
    // Signed out: the token is dead.
    expect((await dr.call('DELETE', '/v1/doctor/sessions/current')).statusCode).toBe(204);
    expect((await dr.call('GET', '/v1/doctor/queue')).statusCode).toBe(401);
  });

  it('streams the queue and the chat to the doctor, and a customer token opens no doctor stream', async () => {
    const base = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
    const dr = await doctorSignedIn(t);
    const stream = await openStream(base, dr.token, undefined, '/v1/doctor/events');
    expect(stream.status).toBe(200);
    const refused = await openStream(base, budi.token, undefined, '/v1/doctor/events');
    expect(refused.status).toBe(401);
    const c = await started();
    expect((await stream.nth(0)).event).toBe('queue.updated');
    await dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/take`);
    await budi.call('POST', `/v1/consultations/${c.consultationId}/messages`, {
      clientMessageId: 'aliran-0001-abc',
      text: 'Halo dokter',
    });
    await waitFor(() =>
      stream.events.find((e) => e.event === 'consultation.message' && JSON.parse(e.data).message.from === 'customer'),
    );
    stream.close();
  });

  it('takes a photo without its location, once per client id, for both sides to see; refuses a PDF', async () => {
    const c = await started();
    const dr = await doctorSignedIn(t);
    await dr.call('POST', `/v1/doctor/consultations/${c.consultationId}/take`);
    const upload = (body: Buffer, type: string, clientId?: string) =>
      t.service.app.inject({
        method: 'POST',
        url: `/v1/consultations/${c.consultationId}/files`,
        headers: {
          authorization: `Bearer ${budi.token}`,
          'content-type': type,
          ...(clientId ? { 'x-client-message-id': clientId } : {}),
        },
        payload: body,
      });
    const photo = await photoWithGps();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const sent = await upload(photo, 'image/jpeg', 'foto-ruam-0001');
    expect(sent.statusCode, sent.body).toBe(201);
    const message = sent.json();
    expect(message).toMatchObject({ from: 'customer', file: { contentType: 'image/jpeg', fileId: message.messageId } });
    expect((await upload(photo, 'image/jpeg', 'foto-ruam-0001')).json().messageId).toBe(message.messageId);

    for (const reader of [budi.call.bind(budi), dr.call]) {
      const path = reader === dr.call ? '/v1/doctor' : '/v1';
      const got = await reader('GET', `${path}/consultations/${c.consultationId}/files/${message.messageId}`);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(got.rawPayload).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
    }
    const pdf = await upload(await plainPdf(), 'application/pdf');
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().error.details.reason).toBe('type_not_allowed');
    const disguised = await upload(await plainPdf(), 'image/png');
    expect(disguised.statusCode).toBe(415);
    const siti = await ClaimsDriver.signIn(t, 'Siti Rahmawati');
    expect(
      (await siti.call('GET', `/v1/consultations/${c.consultationId}/files/${message.messageId}`)).statusCode,
    ).toBe(404);
  });

  it('numbers 20 messages sent at once 1 to 20, none lost, none doubled', async () => {
    const c = await started();
    const sends = Array.from({ length: 20 }, (_, i) =>
      budi.call('POST', `/v1/consultations/${c.consultationId}/messages`, {
        clientMessageId: `serentak-${String(i).padStart(4, '0')}`,
        text: `pesan ${i}`,
      }),
    );
    const answers = await Promise.all(sends);
    expect(answers.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const seqs = answers.map((r) => r.json().seq as number).sort((p, q) => p - q);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await budi.call('GET', `/v1/consultations/${c.consultationId}`)).json().lastSeq).toBe(20);
  });

  it('expires when no doctor takes it within 30 minutes, and says so', async () => {
    const c = await started();
    t.clock.advance(29 * 60_000);
    expect(await t.service.consultations.expireWaiting()).toBe(0);
    t.clock.advance(2 * 60_000);
    expect(await t.service.consultations.expireWaiting()).toBe(1);
    budi = await budi.relogin();
    expect((await budi.call('GET', `/v1/consultations/${c.consultationId}`)).json().status).toBe('expired');
    expect((await budi.call('GET', '/v1/inbox')).json().messages[0].title).toBe(
      `Telekonsultasi ${c.number} belum dapat dilayani`,
    );
    // A new one may start at once.
    expect((await start()).statusCode).toBe(201);
  });
});

describe('Telekonsultasi outside service hours', () => {
  it('refuses with the rule closed and the next opening', async () => {
    // The test's day starts at 10:00 WIB: the doctors are on duty from 12:00 to 13:00.
    const opens = 12;
    const hours = '12:00-13:00';
    const t = await startTestService('sqlite', { env: { CONSULT_HOURS: hours } });
    try {
      const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
      const personId = (await budi.call('GET', `/v1/claims/options?policyNumber=${HEALTH}`)).json().people[0].personId;
      const res = await budi.call('POST', '/v1/consultations', {
        policyNumber: HEALTH,
        personId,
        topic: 'Batuk',
        symptoms: 'Batuk kering',
      });
      expect(res.statusCode).toBe(422);
      const { rules, opensAt } = res.json().error.details;
      expect(rules).toEqual(['closed']);
      const wib = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Jakarta',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(opensAt));
      expect(wib).toBe(`${String(opens).padStart(2, '0')}:00`);
      expect(Date.parse(opensAt) - t.clock.now()).toBe(2 * 3_600_000);
    } finally {
      await t.close();
    }
  });
});
