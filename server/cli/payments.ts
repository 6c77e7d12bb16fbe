import { reconcile } from '../domain/payments/reconcile';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { ConfigError } from '../config';
import { buildService } from '../app';
import { devAdminFile } from './admin-claims';

export const PAYMENTS_USAGE = `  npm run service -- payments reconcile --date YYYY-MM-DD   every difference between the gateway and the ledger
  npm run service -- admin pay PAYMENT_ID [--expire | --fail]  (development) settle a payment at the simulator`;

/** The running development service's address (for the simulator's own pages), or ADMIN_URL's. */
function devService(config: Config): string {
  if (process.env.ADMIN_URL) return process.env.ADMIN_URL;
  try {
    return (JSON.parse(fs.readFileSync(devAdminFile(config.dataDir), 'utf8')) as { url: string }).url;
  } catch {
    throw new ConfigError('no development service found: start it with npm run service -- --dev (or set ADMIN_URL)');
  }
}

/** `npm run service -- admin pay <paymentId>`: what a person would do on the simulator's page. */
export async function adminPayCommand(config: Config, argv: string[]): Promise<void> {
  // Ids may begin with "-" (base64url): the id is taken as it stands, before the options are read.
  const [paymentId, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { expire: { type: 'boolean' }, fail: { type: 'boolean' }, dev: { type: 'boolean' } },
  });
  if (!paymentId || paymentId.startsWith('--')) throw new ConfigError(`usage:\n${PAYMENTS_USAGE}`);
  const action = values.expire ? 'expire' : values.fail ? 'fail' : 'pay';
  const url = devService(config);
  const res = await fetch(`${url}/dev/gateway/ui/${encodeURIComponent(paymentId)}/${action}`, {
    method: 'POST',
    redirect: 'manual',
  }).catch(() => {
    throw new ConfigError(`the service at ${url} does not answer: is it running?`);
  });
  if (res.status !== 303) throw new ConfigError(`payment ${paymentId} is not waiting at the simulator (${res.status})`);
  console.log(
    `${paymentId}: ${action === 'pay' ? 'paid' : action === 'expire' ? 'expired' : 'failed'} at the simulator`,
  );
}

/**
 * `npm run service -- payments reconcile --date YYYY-MM-DD`: reads the store and asks the
 * gateway (in development, the simulator of the running service) about each payment.
 */
export async function reconcileCommand(config: Config, argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { date: { type: 'string' }, dev: { type: 'boolean' } } });
  if (!values.date || !/^\d{4}-\d{2}-\d{2}$/u.test(values.date)) throw new ConfigError(`usage:\n${PAYMENTS_USAGE}`);
  const service = await buildService({ config: { ...config, logLevel: 'warn' } });
  try {
    if (config.payments.gateway === 'simulator') {
      // The simulator is the running service's: its transactions are in the same store, its pages at its address.
      const url = new URL(devService(config));
      await service.app.listen({ port: 0, host: url.hostname });
    }
    const differences = await reconcile(service.store.db, service.payments.booking, values.date);
    for (const d of differences) console.log(`${d.paymentId}  ${d.difference}  ${d.detail}`);
    console.log(`${differences.length} difference(s) on ${values.date}`);
    if (differences.length > 0) process.exitCode = 1;
  } finally {
    await service.close();
  }
}
