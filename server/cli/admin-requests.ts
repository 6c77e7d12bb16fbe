import { parseArgs } from 'node:util';
import { ConfigError, type Config } from '../config';
import { call, target, WHY_OPTION } from './admin-claims';

export const ADMIN_REQUESTS_USAGE = `  npm run service -- admin requests list [--status STATUS]
  npm run service -- admin requests move REQUEST --to in_process|done|rejected [--note TEXT] [--reason TEXT]
     (REQUEST is a number such as TRX-2026-000001, or a request id; the development service must be running;
      each takes --why TEXT, the reason the person is shown)`;

/** `admin requests …`: the back office of development mode, over HTTP to the running service. */
export async function adminRequestsCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      status: { type: 'string' },
      to: { type: 'string' },
      note: { type: 'string' },
      reason: { type: 'string' },
      dev: { type: 'boolean' },
      ...WHY_OPTION,
    },
  });
  const [verb, ref] = positionals;
  const t = target(config, values.why);
  if (verb === 'list') {
    const { requests } = await call(
      t,
      'GET',
      `/v1/admin/requests${values.status ? `?status=${encodeURIComponent(values.status)}` : ''}`,
    );
    for (const r of requests) console.log(`${r.number}  ${r.status.padEnd(10)} ${r.type.padEnd(22)} ${r.policyNumber}`);
    console.log(`${requests.length} request(s)`);
    return;
  }
  if (verb === 'move' && ref && values.to) {
    let id = ref;
    if (/^TRX-/u.test(ref)) {
      const { requests } = await call(t, 'GET', `/v1/admin/requests?number=${encodeURIComponent(ref)}`);
      if (!requests[0]) throw new ConfigError(`no request ${ref}`);
      id = requests[0].requestId;
    }
    const body: Record<string, unknown> = { to: values.to };
    if (values.note) body.note = values.note;
    if (values.reason) body.reason = values.reason;
    const r = await call(t, 'POST', `/v1/admin/requests/${encodeURIComponent(id)}/transitions`, body);
    console.log(`${r.number} is now ${r.status}`);
    return;
  }
  throw new ConfigError(`usage:\n${ADMIN_REQUESTS_USAGE}`);
}
