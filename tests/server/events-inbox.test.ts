import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxTemplate } from '../../server/domain/events/inbox-texts';
import { GOOD_PASSWORD, bearer, customerNamed, latestCode, login, register } from '../helpers/flows';
import { waitFor } from '../helpers/mail-and-sms';
import { startTestService, type TestService } from '../helpers/service';
import { accountIdOf, deliverMessage } from '../helpers/inbox';
import { openStream } from '../helpers/sse';
import { STORE_KINDS } from '../helpers/stores';

const NEW_PASSWORD = 'Hujan turun di Bogor sore ini';

describe.each(STORE_KINDS)('Kotak Masuk and the events stream on %s', (kind) => {
  let t: TestService;
  let base: string;
  let username: string;
  let accountId: string;
  let token: string;
  const budi = customerNamed('Budi Santoso');

  beforeAll(async () => {
    t = await startTestService(kind, { env: { EVENTS_KEEPALIVE_SECONDS: '1' } });
    base = new URL(await t.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
    username = await register(t, budi);
    accountId = await accountIdOf(t.service, username);
    token = (await login(t, username)).json().accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A message for Budi (or another), a second after the last one. */
  function deliver(template: InboxTemplate = 'password_reset', who = accountId) {
    t.clock.advance(1000);
    return deliverMessage(t.service, who, t.clock.now(), { template, username });
  }
  const inbox = (query = '', tok = token) => t.call('GET', `/v1/inbox${query}`, undefined, bearer(tok));

  it('holds the welcome of a new account, in Indonesian, unread', async () => {
    const list = await inbox();
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    const welcome = body.messages.find((m: { title: string }) => m.title === 'Selamat datang di Portal Nasabah');
    expect(welcome).toMatchObject({ category: 'security' });
    expect(welcome.body).toContain(username);
    expect(welcome.body).toMatch(/WIB/u);
    expect(welcome.readAt).toBeUndefined();
    expect(body.unreadCount).toBeGreaterThanOrEqual(1);
  });

  it('pages newest first, filters unread, marks one and all read; another person’s message is not found', async () => {
    for (let i = 0; i < 4; i++) await deliver();
    const first = (await inbox('?limit=2')).json();
    expect(first.messages).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await inbox(`?limit=2&cursor=${first.nextCursor}`)).json();
    const all = (await inbox('?limit=100')).json().messages;
    expect([...first.messages, ...second.messages].map((m: { messageId: string }) => m.messageId)).toEqual(
      all.slice(0, 4).map((m: { messageId: string }) => m.messageId),
    );
    const times = all.map((m: { createdAt: string }) => Date.parse(m.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const unreadBefore = (await inbox()).json().unreadCount;
    const one = all[0].messageId;
    expect((await t.call('POST', `/v1/inbox/${one}/read`, undefined, bearer(token))).statusCode).toBe(204);
    const after = (await inbox('?unread=true&limit=100')).json();
    expect(after.unreadCount).toBe(unreadBefore - 1);
    expect(after.messages.map((m: { messageId: string }) => m.messageId)).not.toContain(one);
    // Reading it again changes nothing.
    expect((await t.call('POST', `/v1/inbox/${one}/read`, undefined, bearer(token))).statusCode).toBe(204);

    const dewi = await register(t, customerNamed('Dewi Lestari'));
    const dewiToken = (await login(t, dewi)).json().accessToken;
    const stranger = await t.call('POST', `/v1/inbox/${one}/read`, undefined, bearer(dewiToken));
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().error.code).toBe('not_found');
    expect((await inbox('', dewiToken)).json().messages.map((m: { messageId: string }) => m.messageId)).not.toContain(
      one,
    );

    expect((await t.call('POST', '/v1/inbox/read-all', undefined, bearer(token))).statusCode).toBe(204);
    expect((await inbox()).json().unreadCount).toBe(0);
    expect((await inbox('?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
    expect((await inbox('?limit=101')).statusCode).toBe(400);
  });

  it('sends an area’s message by SMS and e-mail as the person chose; a security notice to both always', async () => {
    const to = async (address: string) =>
      (
        (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(address)}`)).json().messages as Array<{
          body: string;
        }>
      ).filter((m) => m.body.includes('Password Anda telah diganti')).length;
    const send = (category: 'policy' | 'security') => {
      t.clock.advance(1000);
      const now = t.clock.now();
      return t.service.store.db
        .transaction()
        .execute((trx) =>
          t.service.events.inbox.deliver(
            trx,
            { accountId, category, template: 'password_reset', params: { at: now }, send: true },
            now,
          ),
        );
    };
    await t.call('PATCH', '/v1/me', { notifications: { sms: false, email: true } }, bearer(token));
    const [sms0, mail0] = [await to(budi.phone), await to(budi.email)];
    await send('policy');
    await waitFor(async () => ((await to(budi.email)) === mail0 + 1 ? true : undefined));
    expect(await to(budi.phone)).toBe(sms0);
    await send('security');
    // Two jobs, one per channel: each is waited for (the SMS may go first, or the e-mail).
    await waitFor(async () => ((await to(budi.phone)) === sms0 + 1 ? true : undefined));
    await waitFor(async () => ((await to(budi.email)) === mail0 + 2 ? true : undefined));
    expect([await to(budi.phone), await to(budi.email)]).toEqual([sms0 + 1, mail0 + 2]);
    await t.call('PATCH', '/v1/me', { notifications: { sms: true, email: true } }, bearer(token));
  });

  it('speaks English to an account that chose it', async () => {
    await t.call('PATCH', '/v1/me', { language: 'en' }, bearer(token));
    try {
      const titles = (await inbox('?limit=100')).json().messages.map((m: { title: string }) => m.title);
      expect(titles).toContain('Welcome to Portal Nasabah');
      expect(titles).not.toContain('Selamat datang di Portal Nasabah');
    } finally {
      await t.call('PATCH', '/v1/me', { language: 'id' }, bearer(token));
    }
  });

  it('streams a message the moment it is delivered, with the unread count, and keeps the connection alive', async () => {
    const stream = await openStream(base, token);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/u);
      const messageId = await deliver();
      const e = await stream.nth(0);
      expect(e.event).toBe('inbox.message');
      const data = JSON.parse(e.data);
      expect(data.message.messageId).toBe(messageId);
      expect(data.message.title).toBe('Password Anda telah diganti');
      expect(data.unreadCount).toBe((await inbox()).json().unreadCount);
      expect(Number(e.id)).toBeGreaterThan(0);
      // EVENTS_KEEPALIVE_SECONDS=1 here: comment lines come while nothing happens.
      await waitFor(() => (stream.comments.length >= 2 ? true : undefined), 5000);
    } finally {
      stream.close();
    }
  });

  it('replays after Last-Event-ID exactly what was missed, and a new stream starts from now', async () => {
    const first = await openStream(base, token);
    await deliver();
    const seen = await first.nth(0);
    first.close();
    const missed = [await deliver(), await deliver()];

    const resumed = await openStream(base, token, seen.id);
    const fresh = await openStream(base, token);
    try {
      await resumed.nth(1);
      expect(resumed.events.map((e) => JSON.parse(e.data).message.messageId)).toEqual(missed);
      expect(Number(resumed.events[0]!.id)).toBeGreaterThan(Number(seen.id));
      const next = await deliver();
      await resumed.nth(2);
      const only = await fresh.nth(0);
      expect(JSON.parse(only.data).message.messageId).toBe(next);
      expect(fresh.events).toHaveLength(1);
    } finally {
      resumed.close();
      fresh.close();
    }
  });

  it('misses none of 50 events raised at once for one person, each once, in order', async () => {
    const stream = await openStream(base, token);
    try {
      const ids = await Promise.all(Array.from({ length: 50 }, () => deliver()));
      await stream.nth(49, 15_000);
      await new Promise((r) => setTimeout(r, 200));
      const got = stream.events.map((e) => JSON.parse(e.data).message.messageId as string);
      expect(got).toHaveLength(50);
      expect([...got].sort()).toEqual([...ids].sort());
      const eventIds = stream.events.map((e) => Number(e.id));
      expect(eventIds).toEqual([...eventIds].sort((x, y) => x - y));
    } finally {
      stream.close();
    }
  });

  it('misses none of the events of transactions that commit in another order than they were raised', async () => {
    const stream = await openStream(base, token);
    const hub = t.service.events.hub;
    try {
      // Each raises its event, then holds its transaction open a while: without the account's
      // row taken (PostgreSQL), a later id could commit first and a stream read past the earlier one.
      const raised = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t.service.store.db.transaction().execute(async (trx) => {
            const id = await hub.raise(trx, accountId, 'claim.updated', { n: i }, t.clock.now());
            await new Promise((r) => setTimeout(r, ((i * 7) % 11) * 15));
            return id;
          }),
        ),
      );
      await stream.nth(29, 15_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(stream.events.map((e) => Number(e.id)).sort((a, b) => a - b)).toEqual([...raised].sort((a, b) => a - b));
    } finally {
      stream.close();
    }
  });

  it('closes a stream whose reader takes nothing once it is 1 MiB behind; the reader resumes with Last-Event-ID', async () => {
    const url = new URL(base);
    const socket = net.connect(Number(url.port), url.hostname);
    await new Promise((r) => socket.once('connect', r));
    socket.write(`GET /v1/events HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    // It reads the answer's head, then nothing more.
    const head = await new Promise<string>((r) => socket.once('data', (d) => r(d.toString('latin1'))));
    expect(head).toMatch(/^HTTP\/1\.1 200/u);
    const lastSeen = await t.service.events.hub.latestId(accountId);
    socket.pause();
    const closed = new Promise((r) => socket.once('close', r));
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 400 && !socket.destroyed; i++) {
      await t.service.store.db
        .transaction()
        .execute((trx) => t.service.events.hub.raise(trx, accountId, 'claim.updated', { big, i }, t.clock.now()));
    }
    // The service let it go (its socket closed), and holds no stream for it any more.
    socket.resume();
    await Promise.race([closed, new Promise((_, no) => setTimeout(() => no(new Error('still open')), 15_000))]);
    await waitFor(() => (t.service.events.streams.size === 0 ? true : undefined));
    expect(t.logs.join('\n')).toContain('events reader too far behind');
    // Coming back from the last event it had, it is given everything after it.
    const again = await openStream(base, token, lastSeen);
    try {
      await again.nth(399, 30_000);
      expect(again.events.map((e) => JSON.parse(e.data).i)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    } finally {
      again.close();
    }
  }, 90_000);

  it('holds at most 8 streams for one session: a ninth closes the oldest', async () => {
    const streams = [];
    for (let i = 0; i < 9; i++) streams.push(await openStream(base, token));
    try {
      await Promise.race([
        streams[0]!.ended,
        new Promise((_, no) => setTimeout(() => no(new Error('the oldest is still open')), 3000)),
      ]);
      expect(streams.map((s) => s.isEnded())).toEqual([true, ...Array(8).fill(false)]);
      expect(t.service.events.streams.size).toBe(8);
    } finally {
      for (const s of streams) s.close();
    }
  });

  it('carries only the person’s own events', async () => {
    const siti = await register(t, customerNamed('Siti Rahmawati'));
    const sitiAccount = { id: await accountIdOf(t.service, siti) };
    const stream = await openStream(base, token);
    try {
      await deliver('password_reset', sitiAccount.id);
      const mine = await deliver();
      const e = await stream.nth(0);
      expect(JSON.parse(e.data).message.messageId).toBe(mine);
      expect(stream.events).toHaveLength(1);
    } finally {
      stream.close();
    }
  });

  it('needs a session, and refuses a Last-Event-ID that is not an event id', async () => {
    const none = await fetch(`${base}/v1/events`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const odd = await fetch(`${base}/v1/events`, { headers: { ...bearer(token), 'last-event-id': 'x; drop' } });
    expect(odd.status).toBe(400);
    expect(((await odd.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('ends the stream when its session ends: logout, and a password reset', async () => {
    const other = (await login(t, username)).json().accessToken;
    const byLogout = await openStream(base, other);
    await t.call('DELETE', '/v1/sessions/current', undefined, bearer(other));
    await Promise.race([byLogout.ended, new Promise((_, no) => setTimeout(() => no(new Error('still open')), 3000))]);
    expect(byLogout.isEnded()).toBe(true);

    const byReset = await openStream(base, token);
    const flow = (await t.call('POST', '/v1/recoveries', { username })).json();
    await t.call('POST', `/v1/recoveries/${flow.flowId}/otp`, { channel: 'sms' });
    const code = await latestCode(t, budi.phone);
    await t.call('POST', `/v1/recoveries/${flow.flowId}/otp/verify`, { code });
    const done = await t.call('POST', `/v1/recoveries/${flow.flowId}/password`, {
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(done.statusCode, done.body).toBe(200);
    await Promise.race([byReset.ended, new Promise((_, no) => setTimeout(() => no(new Error('still open')), 3000))]);
    // The reset is in Kotak Masuk, for the next sign-in.
    token = (await login(t, username, NEW_PASSWORD)).json().accessToken;
    const titles = (await inbox()).json().messages.map((m: { title: string }) => m.title);
    expect(titles[0]).toBe('Password Anda telah diganti');
    expect(GOOD_PASSWORD).not.toBe(NEW_PASSWORD);
  });

  it('ends every open stream when the service closes, so it stops at once', async () => {
    const stream = await openStream(base, token);
    expect(t.service.events.streams.size).toBeGreaterThan(0);
    t.service.events.streams.endAll();
    await Promise.race([stream.ended, new Promise((_, no) => setTimeout(() => no(new Error('still open')), 3000))]);
    expect(t.service.events.streams.size).toBe(0);
  });
});

describe.each(STORE_KINDS)('the new username in Kotak Masuk on %s', (kind) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is told once, at the first sign-in with the old name', async () => {
    const legacy = (await t.service.store.db
      .selectFrom('accounts')
      .select(['legacy_username', 'username'])
      .where('legacy_username', 'is not', null)
      .executeTakeFirstOrThrow()) as { legacy_username: string; username: string };
    const { demoLegacy } = await import('../helpers/service');
    const password = demoLegacy.find(
      (a) => a.oldUsername.toLowerCase() === legacy.legacy_username.toLowerCase(),
    )?.password;
    expect(password, 'a demo legacy account with a known password').toBeDefined();
    const first = (await login(t, legacy.legacy_username, password)).json();
    await login(t, legacy.legacy_username, password);
    const list = (await t.call('GET', '/v1/inbox', undefined, bearer(first.accessToken))).json();
    const told = list.messages.filter((m: { title: string }) => m.title === 'Username baru Anda');
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(legacy.username);
  });
});
