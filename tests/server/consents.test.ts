import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerNamed } from '../helpers/flows';
import { jobsDone } from '../helpers/jobs';
import { waitFor } from '../helpers/mail-and-sms';
import { runServiceCommand } from '../helpers/process';
import { Consents, PURPOSES } from '../../server/domain/privacy/consents';
import { accountIdOf } from '../helpers/inbox';
import { ClaimsDriver } from '../helpers/claims';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

describe.each(STORE_KINDS)('Data Saya: consents on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService(kind);
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });

  const consents = async (who = budi) => (await who.call('GET', '/v1/me/consents')).json().purposes;
  const of = (list: Array<{ purpose: string }>, purpose: string) => list.find((c) => c.purpose === purpose);

  it('asks for each purpose apart, grants none unasked, and keeps every change', async () => {
    const first = await consents();
    expect(first.map((c: { purpose: string }) => c.purpose)).toEqual([
      'marketing_sms',
      'marketing_email',
      'share_with_providers',
      'service_improvement',
    ]);
    expect(first.every((c: { granted: boolean; review: boolean }) => !c.granted && !c.review)).toBe(true);
    expect(of(first, 'marketing_email')).toMatchObject({ version: 1, text: expect.stringContaining('e-mail') });
    expect(of(first, 'marketing_email')).not.toHaveProperty('at');

    expect((await budi.call('PUT', '/v1/me/consents/marketing_email', { granted: true })).statusCode).toBe(204);
    expect(of(await consents(), 'marketing_email')).toMatchObject({ granted: true, at: expect.any(String) });
    expect(of(await consents(), 'marketing_sms')).toMatchObject({ granted: false });
    t.clock.advance(60_000);
    expect((await budi.call('PUT', '/v1/me/consents/marketing_email', { granted: false, version: 1 })).statusCode).toBe(
      204,
    );
    expect(of(await consents(), 'marketing_email')).toMatchObject({ granted: false });
    const history = (await budi.call('GET', '/v1/me/consents/history')).json().changes;
    expect(history).toMatchObject([
      { purpose: 'marketing_email', granted: false, version: 1 },
      { purpose: 'marketing_email', granted: true, version: 1 },
    ]);

    // Another person's answers are theirs alone.
    const andi = await ClaimsDriver.signIn(t, 'Andi Pratama');
    expect(of(await consents(andi), 'marketing_email')).toMatchObject({ granted: false });
    expect((await andi.call('GET', '/v1/me/consents/history')).json().changes).toEqual([]);
  });

  it('refuses an answer to a text that is not the one in force, and a purpose it does not know', async () => {
    const stale = await budi.call('PUT', '/v1/me/consents/marketing_sms', { granted: true, version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toMatchObject({ reason: 'version_changed', version: 1 });
    expect((await budi.call('PUT', '/v1/me/consents/telemarketing', { granted: true })).statusCode).toBe(400);
    expect((await budi.call('PUT', '/v1/me/consents/marketing_sms', { granted: 'yes' })).statusCode).toBe(400);
    expect(of(await consents(), 'marketing_sms')).toMatchObject({ granted: false });
  });

  it('speaks the person’s language, and asks again when a purpose’s text has a new version', async () => {
    expect((await budi.call('PATCH', '/v1/me', { language: 'en' })).statusCode).toBe(200);
    expect(of(await consents(), 'marketing_sms')).toMatchObject({ text: PURPOSES.marketing_sms.text.en });
    await budi.call('PUT', '/v1/me/consents/marketing_sms', { granted: true });
    // The insurer rewords the purpose: the consent given to the old text is no longer in force.
    const reworded = new Consents(t.service.store.db, t.clock, t.service.store.kind, {
      ...PURPOSES,
      marketing_sms: { version: 2, text: { id: 'Teks baru.', en: 'New text.' } },
    });
    const accountId = await accountIdOf(t.service, budi.username);
    expect(of((await reworded.list(accountId, 'en')).purposes, 'marketing_sms')).toMatchObject({
      version: 2,
      text: 'New text.',
      granted: false,
      review: true,
    });
    expect(await reworded.granted(t.service.store.db, accountId, 'marketing_sms')).toBe(false);
    expect(
      await new Consents(t.service.store.db, t.clock, t.service.store.kind).granted(
        t.service.store.db,
        accountId,
        'marketing_sms',
      ),
    ).toBe(true);
  });

  it('sends a marketing message only to those whose consent is in force when it goes, by the purpose’s channel', async () => {
    const andi = await ClaimsDriver.signIn(t, 'Andi Pratama');
    for (const who of [budi, andi]) {
      expect((await who.call('PUT', '/v1/me/consents/marketing_email', { granted: true })).statusCode).toBe(204);
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'promo-')), 'promo.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        title: { id: 'Proteksi Keluarga kini lebih ringan', en: 'Family Protection, now lighter' },
        body: { id: 'Premi mulai Rp150.000 sebulan.', en: 'Premiums from Rp150,000 a month.' },
      }),
    );
    const inAnHour = new Date(t.clock.now() + 3_600_000).toISOString();
    const queued = await runServiceCommand(t.env, [
      'admin',
      'messages',
      'send',
      '--purpose',
      'marketing_email',
      '--file',
      file,
      '--at',
      inAnHour,
      '--dev',
    ]);
    expect(queued.code, queued.out).toBe(0);
    expect(queued.out).toContain('2 message(s) queued for marketing_email');
    // Andi changes his mind while the message waits.
    expect((await andi.call('PUT', '/v1/me/consents/marketing_email', { granted: false })).statusCode).toBe(204);

    t.clock.advance(3_600_000 + 1_000);
    await jobsDone(t, 'marketing.message', 2);
    const outbox = async (to: string) =>
      (
        (await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(to)}`)).json().messages as Array<{ body: string }>
      ).filter((m) => m.body.includes('Proteksi Keluarga'));
    const [budiData, andiData] = [customerNamed('Budi Santoso'), customerNamed('Andi Pratama')];
    await waitFor(async () => ((await outbox(budiData.email)).length === 1 ? true : undefined), 20_000);
    expect(await outbox(budiData.phone)).toEqual([]);
    expect(await outbox(andiData.email)).toEqual([]);
    budi = await budi.relogin();
    const inbox = async (who: ClaimsDriver) =>
      ((await who.call('GET', '/v1/inbox')).json().messages as Array<{ category: string; title: string }>).filter(
        (m) => m.category === 'marketing',
      );
    expect(await inbox(budi)).toMatchObject([{ title: 'Proteksi Keluarga kini lebih ringan' }]);
    expect(await inbox(await andi.relogin())).toEqual([]);
  });

  it('keeps every one of many simultaneous changes, one after another in time, the last in force', async () => {
    const answers = Array.from({ length: 20 }, (_, i) => i % 2 === 0);
    const results = await Promise.all(
      answers.map((granted) => budi.call('PUT', '/v1/me/consents/marketing_sms', { granted })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(answers.map(() => 204));
    const changes = (await budi.call('GET', '/v1/me/consents/history?limit=100')).json().changes as Array<{
      at: string;
      granted: boolean;
    }>;
    expect(changes).toHaveLength(20);
    // No two at one instant: "the latest" is one change, never a tie.
    expect(new Set(changes.map((c) => c.at)).size).toBe(20);
    const now = (await consents()).find((c: { purpose: string }) => c.purpose === 'marketing_sms');
    expect(now.granted).toBe(changes[0]!.granted);
  });
});
