import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorSignedIn } from '../helpers/consult';
import { coreCalls, recordingCore } from '../helpers/core';
import { GOOD_PASSWORD, customerNamed, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { waitFor } from '../helpers/mail-and-sms';
import { startUnreliableProxy } from '../helpers/unreliable-proxy';

const HEALTH = 'IND-2021-004567';

describe('Telekonsultasi through the main-process core (teleconsultation.md, The app)', () => {
  let svc: LiveService;
  let dir: string;
  let username: string;
  beforeAll(async () => {
    svc = await startLiveService({ env: { CONSULT_HOURS: '00:00-23:59' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-consult-'));
    username = await register(svc, customerNamed('Budi Santoso'));
  });
  afterAll(async () => {
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const { call, ok } = coreCalls((r, label) => expect(r, label).toMatchObject({ ok: true }));

  it('starts, hears the doctor live, and sends again after a drop what the service did not get, once', async () => {
    const { c, events } = recordingCore(svc.url, dir);
    await ok(c, 'session.login', { username, password: GOOD_PASSWORD, remember: false });
    const { people } = await ok(c, 'claims.options', { policyNumber: HEALTH });
    const started = await ok(c, 'consult.start', {
      policyNumber: HEALTH,
      personId: people[0].personId,
      topic: 'Demam',
      symptoms: 'Demam tiga hari',
    });
    expect(started).toMatchObject({ status: 'waiting', queuePosition: 1 });
    const dr = await doctorSignedIn(svc);
    await dr.call('POST', `/v1/doctor/consultations/${started.consultationId}/take`);
    await waitFor(() =>
      events.find((e) => e.event === 'consult.event' && e.payload.kind === 'status' && e.payload.status === 'active'),
    );

    const first = await ok(c, 'consult.send', { consultationId: started.consultationId, text: 'Halo dokter' });
    expect(first).toMatchObject({ from: 'customer', text: 'Halo dokter', clientMessageId: expect.any(String) });
    await dr.call('POST', `/v1/doctor/consultations/${started.consultationId}/messages`, {
      clientMessageId: 'dokter-balas-01',
      text: 'Halo, ada keluhan apa?',
    });
    await waitFor(() =>
      events.find(
        (e) => e.event === 'consult.event' && e.payload.kind === 'message' && e.payload.message.from === 'doctor',
      ),
    );

    // The network drops: the message is kept, marked unsent, and goes when the service is back.
    const server = svc.service.app.server;
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    expect(
      await call(c, 'consult.send', { consultationId: started.consultationId, text: 'Masih demam' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'network_unavailable' },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    const read = await ok(c, 'consult.messages', { consultationId: started.consultationId });
    // Either still waiting here, or already sent by the reconnected stream: never both, never lost.
    const sent = read.messages.filter((m: { text?: string }) => m.text === 'Masih demam').length;
    expect(sent + read.unsent.length).toBe(1);
    await waitFor(async () => {
      const r = await ok(c, 'consult.messages', { consultationId: started.consultationId, after: 0 });
      return r.unsent.length === 0 && r.messages.some((m: { text?: string }) => m.text === 'Masih demam')
        ? r
        : undefined;
    }, 10_000);
    const doctorSide = (await dr.call('GET', `/v1/doctor/consultations/${started.consultationId}/messages`)).json();
    expect(doctorSide.messages.filter((m: { text?: string }) => m.text === 'Masih demam')).toHaveLength(1);

    await ok(c, 'consult.markRead', { consultationId: started.consultationId, upToSeq: 3 });
    await ok(c, 'consult.typing', { consultationId: started.consultationId });
    const list = await ok(c, 'consult.list', {});
    expect(list.consultations[0]).toMatchObject({ consultationId: started.consultationId, status: 'active' });
    expect(
      await call(c, 'consult.send', { consultationId: started.consultationId, text: 'x'.repeat(4001) }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('keeps nothing of a consultation on a kiosk after its wipe: an unsent message is forgotten, not sent later', async () => {
    const siti = await register(svc, customerNamed('Siti Rahmawati'));
    const { c } = recordingCore(svc.url, dir, { mode: 'kiosk' });
    await ok(c, 'session.login', { username: siti, password: GOOD_PASSWORD, remember: false });
    const { people } = await ok(c, 'claims.options', { policyNumber: 'SYR-2020-007788' });
    const started = await ok(c, 'consult.start', {
      policyNumber: 'SYR-2020-007788',
      personId: people[0].personId,
      topic: 'Pusing',
      symptoms: 'Pusing sejak pagi',
    });
    await svc.restart(async () => {
      expect(
        await call(c, 'consult.send', { consultationId: started.consultationId, text: 'Rahasia kiosk' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'network_unavailable' },
      });
      await call(c, 'kiosk.finish');
    });
    // The next visitor signs in at the same kiosk (the same person, to give a kept message every
    // chance to go): the events stream comes back, and with it any resend, had anything been kept.
    await ok(c, 'session.login', { username: siti, password: GOOD_PASSWORD, remember: false });
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await svc.service.store.db
      .selectFrom('consultation_messages')
      .select('text')
      .where('consultation_id', '=', started.consultationId)
      .execute();
    expect(rows.map((r) => r.text)).not.toContain('Rahasia kiosk');
    expect((await ok(c, 'consult.messages', { consultationId: started.consultationId })).unsent).toEqual([]);
  });

  it('opens the events stream again when it falls silent half-open, and hears what it missed meanwhile', async () => {
    // Its own service, whose keep-alive line comes every second, behind a line that can go dead
    // without a word (a laptop asleep, a network changed): the connection stays, nothing passes.
    const own = await startLiveService({ env: { CONSULT_HOURS: '00:00-23:59', EVENTS_KEEPALIVE_SECONDS: '1' } });
    const proxy = await startUnreliableProxy(own.url);
    try {
      const name = await register(own, customerNamed('Siti Rahmawati'));
      const { c, events } = recordingCore(proxy.url, dir, { eventsSilenceMs: 3_000 });
      await ok(c, 'session.login', { username: name, password: GOOD_PASSWORD, remember: false });
      const { people } = await ok(c, 'claims.options', { policyNumber: 'SYR-2020-007788' });
      const started = await ok(c, 'consult.start', {
        policyNumber: 'SYR-2020-007788',
        personId: people[0].personId,
        topic: 'Batuk',
        symptoms: 'Batuk kering',
      });
      const dr = await doctorSignedIn(own);
      await dr.call('POST', `/v1/doctor/consultations/${started.consultationId}/take`);
      await waitFor(() => (c.events.connected ? true : undefined));
      const before = c.events.connections;

      proxy.blackhole = true;
      // The doctor writes while the line is dead: it cannot arrive on that stream.
      await dr.call('POST', `/v1/doctor/consultations/${started.consultationId}/messages`, {
        clientMessageId: 'dokter-saat-putus',
        text: 'Sudah minum air hangat?',
      });
      // Silent past the limit: given up (and a try on the dead line too), then opened again with
      // Last-Event-ID once the line is back, and the message arrives.
      await waitFor(() => (c.events.stalls > 0 ? true : undefined), 10_000);
      proxy.blackhole = false;
      const heard = await waitFor(
        () =>
          events.find(
            (e) =>
              e.event === 'consult.event' &&
              e.payload.kind === 'message' &&
              e.payload.message.text === 'Sudah minum air hangat?',
          ),
        10_000,
      );
      expect(heard).toBeDefined();
      expect(c.events.connections).toBeGreaterThan(before);
      await ok(c, 'session.logout');
    } finally {
      await proxy.close();
      await own.close();
    }
  }, 60_000);
});
