import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { Clock } from './clock';

const SETTING = 'dev_clock_offset_ms';

/**
 * Development mode's clock (payments.md, Trying time by hand): the real one moved forward by
 * what a person asked for, so grace, lapse and reminders can be tried without waiting weeks.
 * The offset is kept in the database, so a restart does not send the service back in time
 * (another instance on the same database takes it up when it starts).
 */
export class AdjustableClock implements Clock {
  private offset = 0;

  constructor(
    private readonly base: Clock,
    private readonly db: Kysely<Database>,
  ) {}

  now(): number {
    return this.base.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  async load(): Promise<void> {
    const row = await this.db
      .selectFrom('service_settings')
      .select('value')
      .where('key', '=', SETTING)
      .executeTakeFirst();
    this.offset = row ? Number(row.value) || 0 : 0;
  }

  /** Forward by `advanceMs` more (only forward: what happened stays happened), or back to real time. */
  async set(change: { advanceMs: number } | { reset: true }): Promise<void> {
    const offset = 'reset' in change ? 0 : this.offset + change.advanceMs;
    await this.db
      .insertInto('service_settings')
      .values({ key: SETTING, value: String(offset) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(offset) }))
      .execute();
    this.offset = offset;
  }
}
