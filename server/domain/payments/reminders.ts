import type { Kysely } from 'kysely';
import { NotYet, type JobHandler, type Jobs } from '../../jobs/jobs';
import type { Database } from '../../store/schema';
import { addDays } from '../calendar/working-days';
import { jakartaDate, jakartaHour, jakartaInstant, type Clock } from '../clock';
import type { Inbox } from '../events/inbox';
import type { Bills } from './bills';

export const REMINDER_JOB = 'bill.reminder';

/** The reminders of payments.md (Reminders and autodebit): before the due date, on it, and before lapse. */
export type ReminderKind = 'due_in_7' | 'due_in_1' | 'due_today' | 'lapse_in_30' | 'lapse_in_7';

interface Payload {
  billId: string;
  kind: ReminderKind;
  /** The Jakarta day it is for: a reminder the service could not send that day is not sent late. */
  on: string;
}

/** Reminders go at 09:00 WIB on their day, and never between 21:00 and 07:00 WIB. */
const SEND_HOUR = 9;
const QUIET_FROM = 21;
const QUIET_UNTIL = 7;

/** The days a bill's reminders fall on, by its due date and the grace period. */
export function reminderDays(dueDate: string, graceDays: number): Array<{ kind: ReminderKind; on: string }> {
  const lapse = addDays(dueDate, graceDays);
  return [
    { kind: 'due_in_7' as const, on: addDays(dueDate, -7) },
    { kind: 'due_in_1' as const, on: addDays(dueDate, -1) },
    { kind: 'due_today' as const, on: dueDate },
    // Only where the grace period is long enough for them to fall after the due date.
    ...(graceDays > 30 ? [{ kind: 'lapse_in_30' as const, on: addDays(lapse, -30) }] : []),
    ...(graceDays > 7 ? [{ kind: 'lapse_in_7' as const, on: addDays(lapse, -7) }] : []),
  ];
}

/**
 * Premium reminders (payments.md): planned as jobs a day ahead, one key per bill and reminder, so
 * two instances planning at once make each once; each asks again as it goes — nothing once the
 * bill is paid or the policy ended, nothing at night in Jakarta, nothing a day late.
 */
export class Reminders {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly bills: Bills,
    private readonly jobs: Jobs,
    private readonly inbox: Inbox,
    /** Whether an autodebit collects the bill (and has not failed on it): its reminders stay quiet. */
    private readonly collected: (policyNumber: string, billId: string) => Promise<boolean> = async () => false,
  ) {}

  /** Writes the jobs of the reminders falling today or tomorrow (Jakarta); answers how many were new. */
  async plan(): Promise<number> {
    const now = this.clock.now();
    const today = jakartaDate(now);
    const tomorrow = addDays(today, 1);
    const grace = this.bills.graceDays;
    await this.bills.ensureAhead(8);
    const rows = await this.db
      .selectFrom('bills')
      .select(['bills.id', 'bills.due_date'])
      .where('bills.kind', '=', 'premium')
      .where('bills.paid_at', 'is', null)
      .where('bills.voided_at', 'is', null)
      .where('bills.due_date', '>=', addDays(today, -grace))
      .where('bills.due_date', '<=', addDays(today, 8))
      .execute();
    const due = rows.flatMap((b) =>
      reminderDays(b.due_date, grace)
        .filter((r) => r.on === today || r.on === tomorrow)
        .map((r) => ({
          kind: REMINDER_JOB,
          key: `reminder:${b.id}:${r.kind}`,
          payload: { billId: b.id, kind: r.kind, on: r.on } satisfies Payload,
          runAt: Math.max(now, jakartaInstant(r.on, SEND_HOUR)),
        })),
    );
    if (due.length === 0) return 0;
    return (await this.db.transaction().execute((trx) => this.jobs.addAll(trx, now, due))).length;
  }

  handler(): JobHandler<Payload> {
    return {
      kind: REMINDER_JOB,
      run: async ({ billId, kind, on }) => {
        const now = this.clock.now();
        const today = jakartaDate(now);
        if (today > on) return;
        const hour = jakartaHour(now);
        if (hour >= QUIET_FROM || hour < QUIET_UNTIL) {
          const morning = jakartaInstant(hour >= QUIET_FROM ? addDays(today, 1) : today, QUIET_UNTIL);
          throw new NotYet(morning - now, 'no reminders at night in Jakarta');
        }
        const bill = await this.db
          .selectFrom('bills')
          .innerJoin('policies', 'policies.policy_number', 'bills.policy_number')
          .innerJoin('policy_parties', (j) =>
            j
              .onRef('policy_parties.policy_number', '=', 'bills.policy_number')
              .on('policy_parties.role', '=', 'holder'),
          )
          .innerJoin('accounts', 'accounts.customer_id', 'policy_parties.customer_id')
          .select([
            'bills.paid_at',
            'bills.voided_at',
            'bills.due_date',
            'bills.amount',
            'bills.policy_number',
            'policies.status',
            'policies.printed_number',
            'policies.policy_type',
            'accounts.id as accountId',
          ])
          .where('bills.id', '=', billId)
          .where('accounts.closed_at', 'is', null)
          .executeTakeFirst();
        if (!bill || bill.paid_at !== null || bill.voided_at !== null) return;
        if (bill.status === 'lapsed' || bill.status === 'terminated') return;
        if (await this.collected(bill.policy_number, billId)) return;
        const lapse = kind.startsWith('lapse');
        await this.db.transaction().execute((trx) =>
          this.inbox.deliver(
            trx,
            {
              // Once per bill and reminder, however often the job runs.
              id: `rem-${billId.slice(0, 22)}-${kind}`,
              accountId: bill.accountId,
              category: 'payment',
              template: 'premium_reminder',
              params: {
                status: kind,
                policyNumber: bill.printed_number,
                amount: bill.amount,
                date: lapse ? addDays(bill.due_date, this.bills.graceDays) : bill.due_date,
                label: bill.policy_type === 'sharia' ? 'kontribusi' : 'premi',
              },
              link: { kind: 'bill', id: billId },
              send: true,
            },
            now,
          ),
        );
      },
    };
  }
}
