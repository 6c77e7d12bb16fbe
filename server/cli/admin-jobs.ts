import { parseArgs } from 'node:util';
import { ConfigError, type Config } from '../config';
import { call, target } from './admin-claims';

export const ADMIN_JOBS_USAGE = `  npm run service -- admin jobs list [--status pending|running|done|failed|superseded] [--kind KIND]
  npm run service -- admin jobs retry JOB_ID        try a failed job again now
     (the development service must be running, or ADMIN_URL and ADMIN_API_KEY name another)`;

/** `admin jobs …`: the jobs of the running service, over HTTP (GET /v1/admin/jobs, POST …/retry). */
export async function adminJobsCommand(config: Config, argv: string[]): Promise<void> {
  // A job id may begin with "-" (base64url): the verb and the id are taken before the options.
  const [verb, ...rest] = argv;
  const ref = rest[0] !== undefined && !rest[0].startsWith('--') ? rest.shift() : undefined;
  const { values } = parseArgs({
    args: rest,
    options: { status: { type: 'string' }, kind: { type: 'string' }, dev: { type: 'boolean' } },
  });
  const t = target(config);
  if (verb === 'list' && !ref) {
    const query = new URLSearchParams({ limit: '100' });
    if (values.status) query.set('status', values.status);
    if (values.kind) query.set('kind', values.kind);
    const { jobs } = await call(t, 'GET', `/v1/admin/jobs?${query.toString()}`);
    for (const j of jobs) {
      console.log(
        `${j.jobId}  ${j.status.padEnd(10)} ${j.kind.padEnd(24)} tries ${String(j.attempts).padStart(2)}  ${j.runAt}` +
          (j.lastError ? `  ${j.lastError}` : ''),
      );
    }
    console.log(`${jobs.length} job(s)`);
    return;
  }
  if (verb === 'retry' && ref) {
    const j = await call(t, 'POST', `/v1/admin/jobs/${encodeURIComponent(ref)}/retry`);
    console.log(`${j.jobId}: ${j.kind} will run again now`);
    return;
  }
  throw new ConfigError(`usage:\n${ADMIN_JOBS_USAGE}`);
}
