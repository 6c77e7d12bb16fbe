import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/calendar/working-days';
import { jakartaDate } from '../../server/domain/clock';
import { REMINDER_JOB } from '../../server/domain/payments/reminders';
import { buildService } from '../../server/app';
import { loadConfig } from '../../server/config';
import { ClaimsDriver } from '../helpers/claims';
import { jobsSettled } from '../helpers/jobs';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const HOUR = 3_600_000;
/** An instant at `hour` WIB (UTC+7) on a Jakarta day. */
const wib = (day: string, hour: number) => Date.parse(`${day}T00:00:00Z`) - 7 * HOUR + hour * HOUR;

/** Premium reminders (payments.md, Reminders and autodebit) on a hand-driven clock across a month and a lapse. */
/** What the tests read of a service: its clock moved, reminder jobs settled, Budi's reminders sent. */
function probes(get: () => { t: TestService; budi: ClaimsDriver }) {
  const db = () => get().t.service.store.db;
  const setClock = (at: number) => get().t.clock.advance(at - get().t.clock.now());
  /** Every reminder job due by the clock has run (a job deferred to the morning is not due). */
  const settled = () => jobsSettled(get().t, REMINDER_JOB);
  const sent = async () => {
    const account = await db()
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', get().budi.username)
      .executeTakeFirstOrThrow();
    const rows = await db()
      .selectFrom('inbox_messages')
      .innerJoin('bills', 'bills.id', 'inbox_messages.link_id')
      .select(['inbox_messages.params', 'inbox_messages.created_at', 'bills.policy_number', 'bills.due_date'])
      .where('inbox_messages.account_id', '=', account.id)
      .where('inbox_messages.template', '=', 'premium_reminder')
      .orderBy('inbox_messages.created_at')
      .orderBy('bills.policy_number')
      .execute();
    return rows.map((r) => ({
      bill: `${r.policy_number} ${r.due_date}`,
      kind: (JSON.parse(r.params) as { status: string }).status,
      at: r.created_at,
    }));
  };
  return { db, setClock, settled, sent };
}

describe.each(STORE_KINDS)('premium reminders on %s', (kind) => {
  let t: TestService;
  let budi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService(kind);
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });

  const { db, setClock, settled, sent } = probes(() => ({ t, budi }));

  it('reminds before, on and after the due date until paid or lapsed, once each, never at night, never late', async () => {
    const start = jakartaDate(t.clock.now());
    expect(start).toBe('2026-11-24');
    for (let day = start; day <= '2027-01-10'; day = addDays(day, 1)) {
      // The service was down on 30 and 31 December until late at night: it plans then.
      const late = day === '2026-12-30' || day === '2026-12-31';
      setClock(wib(day, late ? 23 : 8));
      await t.service.reminders.plan();
      // Planning again (a second instance, the next round) makes nothing twice.
      expect(await t.service.reminders.plan()).toBe(0);
      if (late) {
        await settled();
        continue;
      }
      // The life policy's December premium is paid at 08:30 WIB on 30 November, after that day's
      // reminders were planned: they ask again as they go, and are not sent.
      if (day === '2026-11-30') {
        setClock(wib(day, 8.5));
        const paid = await db()
          .updateTable('bills')
          .set({ paid_at: t.clock.now() })
          .where('policy_number', '=', 'IND2019000123')
          .where('due_date', '=', '2026-12-01')
          .executeTakeFirst();
        expect(Number(paid.numUpdatedRows)).toBe(1);
      }
      setClock(wib(day, 9.5));
      await settled();
    }
    const got = await sent();
    expect(got.map((m) => `${m.bill} ${m.kind}`)).toEqual([
      'IND2019000123 2026-12-01 due_in_7',
      // Paid on the 30th before 09:00: neither "due tomorrow" nor "due today", nor any before lapse.
      'IND2021004567 2026-11-15 lapse_in_30',
      'IND2021004567 2026-11-15 lapse_in_7',
      'IND2019000123 2027-01-01 due_in_7',
      // Its "due tomorrow" of 31 December was planned at 23:00 WIB: held until the morning, then
      // a day late, and not sent.
      'IND2019000123 2027-01-01 due_today',
    ]);
    // Each at 09:00 WIB or later in the day, none between 21:00 and 07:00.
    for (const m of got) {
      const hour = new Date(m.at + 7 * HOUR).getUTCHours();
      expect(hour, `${m.bill} ${m.kind}`).toBeGreaterThanOrEqual(7);
      expect(hour, `${m.bill} ${m.kind}`).toBeLessThan(21);
    }
    // The reminder reads as the person's inbox shows it, with the bill to pay.
    const inbox = (await budi.relogin()).call('GET', '/v1/inbox?limit=100');
    const titles = (await inbox).json().messages.map((m: { title: string }) => m.title);
    expect(titles).toContain('Premi polis IND-2019-000123 jatuh tempo hari ini');
    expect(titles).toContain('Polis IND-2021-004567 dalam masa tenggang');
  }, 120_000);
});

/** Several instances share a database only on PostgreSQL (SQLite is one embedded instance). */
describe('premium reminders with two instances on one PostgreSQL', () => {
  let t: TestService;
  let budi: ClaimsDriver;
  beforeEach(async () => {
    t = await startTestService('postgres');
    budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
  });
  afterEach(async () => {
    await t.close();
  });
  const { setClock, settled, sent } = probes(() => ({ t, budi }));

  it('with two instances planning and running at once, sends each reminder once', async () => {
    // A second instance on the same database and clock, with its own job runner.
    const other = await buildService({
      config: loadConfig({ ...t.env, LOG_LEVEL: 'warn' }, 'development'),
      clock: t.clock,
      logStream: { write: () => undefined },
      print: () => undefined,
    });
    try {
      for (const day of ['2026-11-24', '2026-11-30', '2026-12-01']) {
        setClock(wib(day, 8));
        const made = await Promise.all([t.service.reminders.plan(), other.reminders.plan()]);
        // Between them, each reminder's job once.
        expect(
          made.reduce((a, b) => a + b, 0),
          day,
        ).toBe(day === '2026-11-24' ? 1 : day === '2026-11-30' ? 3 : 0);
        setClock(wib(day, 9.5));
        await settled();
      }
    } finally {
      await other.close();
    }
    expect((await sent()).map((m) => `${m.bill} ${m.kind}`)).toEqual([
      'IND2019000123 2026-12-01 due_in_7',
      'IND2019000123 2026-12-01 due_in_1',
      'IND2021004567 2026-11-15 lapse_in_30',
      'IND2019000123 2026-12-01 due_today',
    ]);
  });
});
