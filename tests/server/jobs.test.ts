import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { GiveUp, Jobs, NotYet } from '../../server/jobs/jobs';
import { JobRunner } from '../../server/jobs/runner';
import { openStore, type Store } from '../../server/store/connect';
import { TestClock } from '../helpers/clock';
import { waitFor } from '../helpers/mail-and-sms';
import { customerNamed, latestCode, registrationBody } from '../helpers/flows';
import { startTestService } from '../helpers/service';
import { freshStore, STORE_KINDS, type TestStorePlace } from '../helpers/stores';

const quiet = { info: () => {}, warn: () => {} };
const fast = { leaseMs: 2_000, pollMs: 50, concurrency: 8 };

/** The one job runner (server/jobs/), on each engine: leased, retried, once by key, shared by instances. */
describe.each(STORE_KINDS)('jobs on %s', (kind) => {
  let place: TestStorePlace;
  let store: Store;
  const runners: JobRunner[] = [];
  const clock = new TestClock(true);
  const jobs = new Jobs({ jobsAdded: async () => {} });
  const open = async () => {
    place = freshStore(kind);
    store = await openStore(loadConfig(place.env, 'development').database);
  };
  const runner = () => {
    const r = new JobRunner(store.db, store.kind, clock, quiet, fast);
    runners.push(r);
    return r;
  };
  const row = (key: string) => store.db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.close(500);
    await store?.close();
    await place?.drop();
  });

  it('runs each of 300 jobs exactly once over two runners, and a key makes a job once', async () => {
    await open();
    const ran = new Map<number, number>();
    const handler = {
      kind: 'count',
      async run({ n }: { n: number }) {
        ran.set(n, (ran.get(n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, n % 3));
      },
    };
    const [a, b] = [runner(), runner()];
    a.register(handler);
    b.register(handler);
    await store.db.transaction().execute(async (trx) => {
      for (let n = 0; n < 300; n += 50)
        await jobs.addAll(
          trx,
          clock.now(),
          Array.from({ length: 50 }, (_, i) => ({ kind: 'count', key: `count:${n + i}`, payload: { n: n + i } })),
        );
    });
    // The same key again makes nothing.
    expect(
      await store.db
        .transaction()
        .execute((trx) => jobs.add(trx, clock.now(), { kind: 'count', key: 'count:7', payload: { n: 7 } })),
    ).toBeNull();
    a.start();
    b.start();
    await waitFor(async () => {
      const done = await store.db.selectFrom('jobs').select('id').where('status', '=', 'done').execute();
      return done.length === 300 ? true : undefined;
    }, 20_000);
    expect([...ran.values()].every((times) => times === 1)).toBe(true);
    expect(ran.size).toBe(300);
  });

  it('writes a day’s 6,000 jobs at once, past the parameters one statement may carry', async () => {
    await open();
    const many = Array.from({ length: 6_000 }, (_, i) => ({ kind: 'bulk', key: `bulk:${i}`, payload: { i } }));
    const made = await store.db.transaction().execute((trx) => jobs.addAll(trx, clock.now(), many));
    expect(made).toHaveLength(6_000);
    // Written again: every key is taken, none is made twice.
    expect(await store.db.transaction().execute((trx) => jobs.addAll(trx, clock.now(), many))).toEqual([]);
  });

  it('tries a failure again after a doubling wait, waits without counting, gives up at once when told', async () => {
    await open();
    const r = runner();
    let calls = 0;
    r.register({
      kind: 'flaky',
      retry: { maxAttempts: 5, firstDelayMs: 200, maxDelayMs: 1_000 },
      async run() {
        calls++;
        if (calls < 3) throw new Error(`down ${calls}`);
      },
    });
    let waits = 0;
    r.register({
      kind: 'waiting',
      retry: { maxAttempts: 1 },
      async run() {
        if (++waits < 4) throw new NotYet(50, 'no price yet');
      },
    });
    r.register({
      kind: 'refused',
      async run() {
        throw new GiveUp('the number does not exist');
      },
    });
    await store.db.transaction().execute((trx) =>
      jobs.addAll(trx, clock.now(), [
        { kind: 'flaky', key: 'flaky', payload: {} },
        { kind: 'waiting', key: 'waiting', payload: {} },
        { kind: 'refused', key: 'refused', payload: {} },
      ]),
    );
    r.start();
    const flaky = await waitFor(async () => {
      const j = await row('flaky');
      return j.status === 'done' ? j : undefined;
    }, 10_000);
    expect(flaky.attempts).toBe(3);
    // Three waits, then done: a single allowed attempt was never used up by waiting.
    const waiting = await waitFor(async () => {
      const j = await row('waiting');
      return j.status === 'done' ? j : undefined;
    }, 10_000);
    expect(waiting.attempts).toBe(1);
    const refused = await waitFor(async () => {
      const j = await row('refused');
      return j.status === 'failed' ? j : undefined;
    }, 10_000);
    expect(refused).toMatchObject({ attempts: 1, last_error: 'the number does not exist' });
  });

  it('takes over the job of a runner that died holding it, once its lease lapses', async () => {
    await open();
    const r = runner();
    let runs = 0;
    r.register({
      kind: 'once',
      async run() {
        runs++;
      },
    });
    await store.db
      .transaction()
      .execute((trx) => jobs.add(trx, clock.now(), { kind: 'once', key: 'held', payload: {} }));
    // Another instance claimed it for two seconds and was killed.
    await store.db
      .updateTable('jobs')
      .set({ claimed_until: clock.now() + 2_000, attempts: 1 })
      .where('key', '=', 'held')
      .execute();
    r.start();
    await new Promise((res) => setTimeout(res, 600));
    expect(runs).toBe(0);
    const done = await waitFor(async () => {
      const j = await row('held');
      return j.status === 'done' ? j : undefined;
    }, 10_000);
    expect(runs).toBe(1);
    expect(done.attempts).toBe(2);
  });

  it('runs no more of a limited kind at once than it may, while other kinds go on beside it', async () => {
    await open();
    const r = runner();
    const active = { pdf: 0, mail: 0 };
    const most = { pdf: 0, mail: 0 };
    const ran: string[] = [];
    const handler = (kind: 'pdf' | 'mail', concurrency?: number) => ({
      kind,
      ...(concurrency !== undefined ? { concurrency } : {}),
      async run({ n }: { n: number }) {
        most[kind] = Math.max(most[kind], ++active[kind]);
        await new Promise((res) => setTimeout(res, 30));
        active[kind]--;
        ran.push(`${kind}:${n}`);
      },
    });
    r.register(handler('pdf', 1));
    r.register(handler('mail'));
    await store.db.transaction().execute((trx) =>
      jobs.addAll(
        trx,
        clock.now(),
        Array.from({ length: 24 }, (_, n) => {
          const kind = n % 2 === 0 ? 'pdf' : 'mail';
          return { kind, key: `${kind}:${n}`, payload: { n } };
        }),
      ),
    );
    r.start();
    await waitFor(async () => {
      const done = await store.db.selectFrom('jobs').select('id').where('status', '=', 'done').execute();
      return done.length === 24 ? true : undefined;
    }, 20_000);
    expect(most.pdf).toBe(1);
    expect(most.mail).toBeGreaterThan(1);
    expect(new Set(ran).size).toBe(24);
    expect(ran).toHaveLength(24);
    // A job claimed beyond its kind's room and handed back did not use up an attempt.
    const attempts = await store.db.selectFrom('jobs').select('attempts').execute();
    expect(attempts.every((j) => Number(j.attempts) === 1)).toBe(true);
  });

  it('gives way while its instance is busy (one job now and then), and catches up once it is not', async () => {
    await open();
    let busy = true;
    const r = new JobRunner(store.db, store.kind, clock, quiet, { ...fast, busy: () => busy, yieldMs: 400 });
    runners.push(r);
    let active = 0;
    let most = 0;
    r.register({
      kind: 'quick',
      async run() {
        most = Math.max(most, ++active);
        await new Promise((res) => setTimeout(res, 10));
        active--;
      },
    });
    await store.db.transaction().execute((trx) =>
      jobs.addAll(
        trx,
        clock.now(),
        Array.from({ length: 6 }, (_, n) => ({ kind: 'quick', key: `quick:${n}`, payload: {} })),
      ),
    );
    const done = async () =>
      Number(
        (
          await store.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'done')
            .executeTakeFirstOrThrow()
        ).n,
      );
    r.start();
    await waitFor(async () => ((await done()) >= 1 ? true : undefined), 5_000);
    // Busy: the first ran, the rest wait their turn instead of all starting at once.
    expect(await done()).toBeLessThan(3);
    expect(most).toBe(1);
    busy = false;
    await waitFor(async () => ((await done()) === 6 ? true : undefined), 5_000);
  });

  /** Jobs of kind `code` that take `ms` each, and the numbers of those done. */
  const codes = (ms: number) => {
    const ran = new Set<number>();
    const handler = {
      kind: 'code',
      async run({ n }: { n: number }) {
        await new Promise((res) => setTimeout(res, ms));
        ran.add(n);
      },
    };
    return { handler, ran };
  };
  const addCode = async (n: number) =>
    (await store.db
      .transaction()
      .execute((trx) => jobs.add(trx, clock.now(), { kind: 'code', key: `code:${n}`, payload: { n } })))!;

  it('runs a job now and waits for it, even when a pass of its own runner claimed it a moment before', async () => {
    await open();
    const r = runner();
    const { handler, ran } = codes(5);
    r.register(handler);
    r.start();
    for (let n = 0; n < 30; n++) {
      const id = await addCode(n);
      // A pass (a poll, another job's signal) and the caller reach for the job at once.
      r.kick();
      await r.runNow([id]);
      expect(ran.has(n), `job ${n} was not done when runNow returned`).toBe(true);
    }
  });

  it('waits for a job run now that another instance claimed first, until that instance has done it', async () => {
    await open();
    const [mine, theirs] = [runner(), runner()];
    const { handler, ran } = codes(40);
    mine.register(handler);
    theirs.register(handler);
    mine.start();
    theirs.start();
    for (let n = 0; n < 5; n++) {
      const id = await addCode(n);
      // The other instance's poll comes between the commit and the caller's own run.
      theirs.kick();
      await waitFor(async () => ((await row(`code:${n}`)).claimed_until !== null ? true : undefined), 5_000);
      await mine.runNow([id]);
      expect(ran.has(n), `job ${n} was not done when runNow returned`).toBe(true);
      expect((await row(`code:${n}`)).status).toBe('done');
    }
  });

  it('leaves a kind it does not run to an instance that does, instead of failing it', async () => {
    await open();
    const old = runner();
    await store.db
      .transaction()
      .execute((trx) => jobs.add(trx, clock.now(), { kind: 'newer', key: 'newer', payload: {} }));
    old.start();
    await waitFor(async () => ((await row('newer')).run_at > clock.now() ? true : undefined), 5_000);
    expect(await row('newer')).toMatchObject({ status: 'pending', attempts: 0, claimed_until: null });
  });
});

/** An instance told to run no jobs (RUN_JOBS=false) answers, and leaves its jobs to the instances that run them. */
describe('an instance that runs no jobs', () => {
  it('answers a request for a code, and sends nothing itself: the message waits for an instance that runs jobs', async () => {
    const t = await startTestService('sqlite', { env: { RUN_JOBS: 'false' } });
    try {
      const c = customerNamed('Budi Santoso');
      const start = await t.call('POST', '/v1/registrations', registrationBody(c));
      expect(start.statusCode, start.body).toBe(201);
      const { flowId, eula } = start.json();
      await t.call('POST', `/v1/registrations/${flowId}/eula`, { version: eula.version });
      const sent = await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
      expect(sent.statusCode, sent.body).toBe(200);
      await expect(latestCode(t, c.phone)).rejects.toThrow(/no code sent/u);
      const waiting = await t.service.store.db
        .selectFrom('jobs')
        .select(['kind', 'status', 'attempts'])
        .where('kind', '=', 'message')
        .execute();
      expect(waiting).toEqual([{ kind: 'message', status: 'pending', attempts: 0 }]);
    } finally {
      await t.close();
    }
  });
});
