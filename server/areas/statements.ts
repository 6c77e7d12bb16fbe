import { dailyJob } from '../jobs/daily';
import type { Booking } from '../domain/payments/booking';
import { fundsExportSection } from '../domain/statements/export-section';
import { FundValues } from '../domain/statements/fund-values';
import { premiumAllocation } from '../domain/statements/premium-allocation';
import { Statements, YEARLY_STATEMENTS_JOB } from '../domain/statements/statements';
import { statementRoutes } from '../http/routes/statements';
import type { Foundation } from './foundation';

/**
 * Fund prices, policy values and statements (statements.md): the reads, a paid premium's units,
 * the statements asked for, and the yearly ones in January's first working week.
 */
export async function statementsArea(f: Foundation, booking: Booking): Promise<{ statements: Statements }> {
  const values = new FundValues(f.store.db, f.policies, f.clock);
  const statements = new Statements(f.store.db, f.clock, values, f.documents, f.jobs, f.inbox, f.workingDays);
  const allocation = premiumAllocation({ db: f.store.db, jobs: f.jobs, clock: f.clock, workingDays: f.workingDays });
  booking.onBooking((trx, bill, _tx, now) => allocation.onBooking(trx, bill, now));
  f.runner.register(allocation.handler);
  f.runner.register(statements.handler());
  const yearly = dailyJob({
    kind: YEARLY_STATEMENTS_JOB,
    db: f.store.db,
    jobs: f.jobs,
    clock: f.clock,
    when: { hour: 6, runsOn: (d) => f.workingDays.isWorkingDay(d) },
    async run(date) {
      if (statements.isYearlyDay(date)) await statements.planYearly(Number(date.slice(0, 4)) - 1);
    },
  });
  f.runner.register(yearly.handler);
  await yearly.start();
  await f.app.register(statementRoutes(values, statements, f.sessions));
  f.exportSections.push(fundsExportSection(values, f.policies));
  return { statements };
}
