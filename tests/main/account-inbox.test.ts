import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxMessage } from '../../contract/api/events';
import type { IpcEvent, IpcMethod } from '../../contract/ipc';
import type { Core } from '../../electron/main/core/compose';
import { testCore } from '../helpers/core';
import { GOOD_PASSWORD, customerNamed, register } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { accountIdOf, deliverMessage } from '../helpers/inbox';
import { waitFor } from '../helpers/mail-and-sms';

const NEW_PASSWORD = 'Hujan turun di Bogor sore ini';

describe('Akun Saya and Kotak Masuk through the main-process core', () => {
  let svc: LiveService;
  let dir: string;
  let username: string;
  let accountId: string;

  beforeAll(async () => {
    svc = await startLiveService();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-account-'));
    username = await register(svc, customerNamed('Siti Rahmawati'));
    accountId = await accountIdOf(svc.service, username);
  });
  afterAll(async () => {
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function start(mode: 'personal' | 'kiosk' = 'personal') {
    const notified: InboxMessage[] = [];
    const opens: Array<() => void> = [];
    const events: Array<{ event: IpcEvent; payload: any }> = [];
    const c = testCore(svc.url, path.join(dir, `settings-${Math.random()}.json`), {
      mode,
      eventsBackoffMs: 50,
      notifyDesktop: (m, open) => {
        notified.push(m);
        opens.push(open);
      },
    });
    c.onEvent((event, payload) => events.push({ event, payload }));
    return { c, notified, opens, events };
  }
  const call = async (c: Core, method: IpcMethod, input?: unknown) => (await c.handlers[method](input)) as any;
  const ok = async (c: Core, method: IpcMethod, input?: unknown) => {
    const r = await call(c, method, input);
    expect(r, `${method}: ${JSON.stringify(r)}`).toMatchObject({ ok: true });
    return (r as { value: any }).value;
  };
  const signIn = (c: Core) => ok(c, 'session.login', { username, password: GOOD_PASSWORD, remember: false });
  const deliver = () => deliverMessage(svc.service, accountId, svc.clock.now());
  const inboxEvents = (events: Array<{ event: IpcEvent; payload: any }>) =>
    events.filter((e) => e.event === 'inbox.message').map((e) => e.payload.message.messageId as string);

  it('holds the events stream while signed in: a message reaches the renderer and a desktop notification', async () => {
    const { c, notified, opens, events } = start();
    expect(c.events.connected).toBe(false);
    await signIn(c);
    await waitFor(() => (c.events.connected ? true : undefined));
    const id = await deliver();
    await waitFor(() => (inboxEvents(events).includes(id) ? true : undefined));
    const payload = events.find((e) => e.event === 'inbox.message')!.payload;
    expect(payload.message.title).toBe('Password Anda telah diganti');
    expect(payload.unreadCount).toBeGreaterThan(0);
    expect(notified.map((m) => m.messageId)).toEqual([id]);
    // A click on the notification opens the message's item in the window.
    opens[0]!();
    expect(events.at(-1)).toEqual({ event: 'inbox.open', payload: { messageId: id } });

    await ok(c, 'session.logout');
    await waitFor(() => (!c.events.connected && svc.service.events.streams.size === 0 ? true : undefined));
    const after = await deliver();
    await new Promise((r) => setTimeout(r, 200));
    expect(inboxEvents(events)).not.toContain(after);
  });

  it('comes back after a drop with Last-Event-ID: what was raised meanwhile arrives once', async () => {
    const { c, events } = start();
    await signIn(c);
    await waitFor(() => (c.events.connected ? true : undefined));
    const before = await deliver();
    await waitFor(() => (inboxEvents(events).includes(before) ? true : undefined));
    const connections = c.events.connections;
    // The service drops every stream (a restart, a proxy); two messages come before the app is back.
    svc.service.events.streams.endAll();
    const missed = [await deliver(), await deliver()];
    await waitFor(() => (missed.every((m) => inboxEvents(events).includes(m)) ? true : undefined));
    expect(c.events.connections).toBeGreaterThan(connections);
    expect(inboxEvents(events)).toEqual([before, ...missed]);
    await ok(c, 'session.logout');
  });

  it('shows no desktop notification on a kiosk', async () => {
    const { c, notified, events } = start('kiosk');
    await signIn(c);
    await waitFor(() => (c.events.connected ? true : undefined));
    const id = await deliver();
    await waitFor(() => (inboxEvents(events).includes(id) ? true : undefined));
    expect(notified).toEqual([]);
    await ok(c, 'kiosk.finish');
  });

  it('reads and changes Akun Saya, lists and ends sessions, lists sign-ins, and reads Kotak Masuk', async () => {
    const { c, events } = start();
    await signIn(c);
    const me = await ok(c, 'account.get');
    expect(me).toMatchObject({ username, notifications: { email: true, sms: true } });
    expect(JSON.stringify(me)).not.toMatch(/@example\.(com|net)"|\+62\d{9,}/u);
    expect((await ok(c, 'account.update', { notifications: { sms: false } })).notifications).toEqual({
      email: true,
      sms: false,
    });
    expect((await call(c, 'account.update', { notifications: { fax: true } })).error).toMatchObject({
      code: 'invalid_input',
    });

    expect((await call(c, 'account.stepUp', { password: 'bukan ini' })).error.code).toBe('invalid_credentials');
    const stepUp = await ok(c, 'account.stepUp', { password: GOOD_PASSWORD });
    expect(stepUp.expiresInMs).toBeGreaterThan(295_000);
    expect(stepUp.expiresInMs).toBeLessThanOrEqual(301_000);

    const other = start();
    await signIn(other.c);
    const { sessions } = await ok(c, 'account.sessions');
    expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const theirs = sessions.find((s: { current: boolean }) => !s.current);
    await ok(c, 'account.endSession', { sessionId: theirs.sessionId });
    // The other device learns of it at its next call, and is signed out.
    expect((await call(other.c, 'policies.list')).error.code).toBe('session_revoked');
    expect(other.events.some((e) => e.event === 'session.signedOut')).toBe(true);

    const { signIns } = await ok(c, 'account.signIns', {});
    expect(signIns[0]).toMatchObject({ result: 'ok', deviceName: 'test' });

    const list = await ok(c, 'inbox.list', { unread: true });
    expect(list.unreadCount).toBeGreaterThan(0);
    await ok(c, 'inbox.read', { messageId: list.messages[0].messageId });
    expect((await ok(c, 'inbox.list', {})).unreadCount).toBe(list.unreadCount - 1);
    await ok(c, 'inbox.readAll');
    expect((await ok(c, 'inbox.list', {})).unreadCount).toBe(0);
    expect((await call(c, 'inbox.read', { messageId: 'x' })).error.code).toBe('invalid_input');

    await ok(c, 'account.changePassword', {
      currentPassword: GOOD_PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD,
      endOtherSessions: true,
    });
    await ok(c, 'account.changePassword', {
      currentPassword: NEW_PASSWORD,
      newPassword: GOOD_PASSWORD,
      newPasswordConfirmation: GOOD_PASSWORD,
      endOtherSessions: false,
    });

    // Ending this device's own session is a logout.
    const mine = (await ok(c, 'account.sessions')).sessions.find((s: { current: boolean }) => s.current);
    await ok(c, 'account.endSession', { sessionId: mine.sessionId });
    expect(events.some((e) => e.event === 'session.signedOut' && e.payload.reason === 'logout')).toBe(true);
    expect((await ok(c, 'session.current')).user).toBeNull();
  });
});
