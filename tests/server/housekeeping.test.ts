import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/domain/identity/secrets';
import { sweep } from '../../server/store/housekeeping';
import { doctorSignedIn } from '../helpers/consult';
import { startTestService, type TestService } from '../helpers/service';
import { STORE_KINDS } from '../helpers/stores';

const DAY = 86_400_000;

/** What the service's ten-minute sweep removes, and what it keeps. */
describe.each(STORE_KINDS)('housekeeping on %s', (kind) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets doctors’ old events and ended sessions go, and finished jobs after their time; keeps the rest', async () => {
    await doctorSignedIn(t);
    const db = t.service.store.db;
    const doctor = (await db.selectFrom('doctors').select('id').executeTakeFirstOrThrow()).id;
    const now = t.clock.now();
    await db
      .insertInto('doctor_events')
      .values([
        { doctor_id: doctor, name: 'consultation.status', data: '{}', created_at: now - 3 * DAY },
        { doctor_id: doctor, name: 'consultation.status', data: '{}', created_at: now - DAY },
      ])
      .execute();
    const session = (over: { expires_at: number; revoked_at: number | null }) => ({
      id: newId(),
      doctor_id: doctor,
      token_hash: newId(),
      created_at: now - 10 * DAY,
      ...over,
    });
    await db
      .insertInto('doctor_sessions')
      .values([
        session({ expires_at: now - 2 * DAY, revoked_at: null }),
        session({ expires_at: now + DAY, revoked_at: now - 2 * DAY }),
      ])
      .execute();
    const job = (status: 'done' | 'failed' | 'pending', finishedDaysAgo: number | null) => ({
      id: newId(),
      kind: 'policy.follow',
      key: `sweep-test:${newId()}`,
      payload: '{}',
      status,
      attempts: 1,
      run_at: now + DAY,
      claimed_until: null,
      last_error: null,
      group_key: null,
      give_up_at: null,
      created_at: now - 40 * DAY,
      finished_at: finishedDaysAgo === null ? null : now - finishedDaysAgo * DAY,
    });
    const jobs = [job('done', 8), job('done', 1), job('failed', 31), job('failed', 8), job('pending', null)];
    await db.insertInto('jobs').values(jobs).execute();
    const sessionsBefore = await db.selectFrom('doctor_sessions').select('id').execute();

    await sweep(db, now);

    const events = await db.selectFrom('doctor_events').select('created_at').execute();
    expect(events.every((e) => e.created_at >= now - 2 * DAY)).toBe(true);
    expect(events.some((e) => e.created_at === now - DAY)).toBe(true);
    const sessionsAfter = await db.selectFrom('doctor_sessions').select('id').execute();
    // The doctor's own live session stays; the expired and the revoked ones go.
    expect(sessionsAfter).toHaveLength(sessionsBefore.length - 2);
    const kept = await db
      .selectFrom('jobs')
      .select('id')
      .where(
        'id',
        'in',
        jobs.map((j) => j.id),
      )
      .execute();
    expect(kept.map((k) => k.id).sort()).toEqual([jobs[1]!.id, jobs[3]!.id, jobs[4]!.id].sort());
  });
});
