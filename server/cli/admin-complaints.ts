import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, type Config } from '../config';
import { call, target, WHY_OPTION } from './admin-claims';

export const ADMIN_COMPLAINTS_USAGE = `  npm run service -- admin complaints list [--status STATUS] [--category CATEGORY] [--overdue] [--due-within DAYS]
  npm run service -- admin complaints show COMPLAINT
  npm run service -- admin complaints move COMPLAINT --to in_progress|extended|answered [--reason TEXT]
                     [--answer TEXT | --answer-file FILE] [--outcome upheld|partly_upheld|not_upheld]
  npm run service -- admin complaints report --quarter 2026Q4 [--csv]
  npm run service -- admin alerts list [--all]
  npm run service -- admin alerts ack ALERT
     (COMPLAINT is a number such as ADU-2026-000001, or a complaint id; the development service must be running;
      list, show and move take --why TEXT, the reason the person is shown)`;

/** `admin complaints …` and `admin alerts …`: the back office of development mode, over HTTP to the running service. */
export async function adminComplaintsCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      status: { type: 'string' },
      category: { type: 'string' },
      overdue: { type: 'boolean' },
      'due-within': { type: 'string' },
      to: { type: 'string' },
      reason: { type: 'string' },
      answer: { type: 'string' },
      'answer-file': { type: 'string' },
      outcome: { type: 'string' },
      quarter: { type: 'string' },
      csv: { type: 'boolean' },
      all: { type: 'boolean' },
      dev: { type: 'boolean' },
      ...WHY_OPTION,
    },
  });
  const [noun, verb, ref] = positionals;
  const t = target(config, values.why);
  if (noun === 'alerts') return alerts(t, verb, ref, values.all === true);
  if (noun !== 'complaints') throw new ConfigError(`usage:\n${ADMIN_COMPLAINTS_USAGE}`);
  if (verb === 'list') {
    const q = new URLSearchParams();
    if (values.status) q.set('status', values.status);
    if (values.category) q.set('category', values.category);
    if (values.overdue) q.set('overdue', 'true');
    if (values['due-within']) q.set('dueWithin', values['due-within']);
    q.set('limit', '100');
    const { complaints } = await call(t, 'GET', `/v1/admin/complaints?${q}`);
    for (const c of complaints) {
      const left = c.workingDaysLeft === undefined ? '' : `${c.workingDaysLeft} working day(s) left`;
      console.log(
        `${c.complaintNumber}  ${c.status.padEnd(11)} ${c.category.padEnd(13)} due ${c.dueDate}  ${left}${c.overdue ? '  OVERDUE' : ''}`,
      );
    }
    console.log(`${complaints.length} complaint(s)`);
    return;
  }
  if (verb === 'report' && values.quarter) {
    const path = `/v1/admin/complaints/report?quarter=${encodeURIComponent(values.quarter)}`;
    if (values.csv) {
      process.stdout.write(await call(t, 'GET', `${path}&format=csv`, undefined, 'text'));
      return;
    }
    console.log(JSON.stringify(await call(t, 'GET', path), null, 2));
    return;
  }
  if ((verb === 'show' || verb === 'move') && ref) {
    const id = await complaintId(t, ref);
    if (verb === 'show') {
      console.log(JSON.stringify(await call(t, 'GET', `/v1/admin/complaints/${encodeURIComponent(id)}`), null, 2));
      return;
    }
    if (!values.to) throw new ConfigError(`usage:\n${ADMIN_COMPLAINTS_USAGE}`);
    const answer = values['answer-file'] ? fs.readFileSync(values['answer-file'], 'utf8') : values.answer;
    const body: Record<string, unknown> = { to: values.to };
    if (values.reason) body.reason = values.reason;
    if (answer) body.answer = answer;
    if (values.outcome) body.outcome = values.outcome;
    const c = await call(t, 'POST', `/v1/admin/complaints/${encodeURIComponent(id)}/transitions`, body);
    console.log(`${c.complaintNumber} is now ${c.status} (due ${c.dueDate})`);
    return;
  }
  throw new ConfigError(`usage:\n${ADMIN_COMPLAINTS_USAGE}`);
}

async function complaintId(t: ReturnType<typeof target>, ref: string): Promise<string> {
  if (!/^ADU-/u.test(ref)) return ref;
  const { complaints } = await call(t, 'GET', `/v1/admin/complaints?number=${encodeURIComponent(ref)}`);
  if (!complaints[0]) throw new ConfigError(`no complaint ${ref}`);
  return complaints[0].complaintId;
}

async function alerts(t: ReturnType<typeof target>, verb: string | undefined, ref: string | undefined, all: boolean) {
  if (verb === 'list') {
    const { alerts } = await call(t, 'GET', `/v1/admin/alerts?limit=100${all ? '' : '&open=true'}`);
    for (const a of alerts) {
      console.log(
        `${a.alertId}  ${a.createdAt}  ${a.kind.padEnd(18)} ${a.message}${a.acknowledgedBy ? `  (seen by ${a.acknowledgedBy})` : ''}`,
      );
    }
    console.log(`${alerts.length} alert(s)`);
    return;
  }
  if (verb === 'ack' && ref) {
    const a = await call(t, 'POST', `/v1/admin/alerts/${encodeURIComponent(ref)}/acknowledge`);
    console.log(`${a.alertId} acknowledged by ${a.acknowledgedBy}`);
    return;
  }
  throw new ConfigError(`usage:\n${ADMIN_COMPLAINTS_USAGE}`);
}
