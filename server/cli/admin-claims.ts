import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { ConfigError } from '../config';
import { jakartaDate } from '../domain/clock';

/** Where a development service leaves its address and back-office key for `npm run service -- admin`. */
export const devAdminFile = (dataDir: string) => path.join(dataDir, 'dev-admin.json');

/**
 * Written by every development service: its address, and the back-office key it made for
 * itself (none when `ADMIN_API_KEYS` gave it keys: the command then takes one of those).
 */
export function writeDevAdminFile(dataDir: string, url: string, key: string | undefined): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(devAdminFile(dataDir), JSON.stringify({ url, ...(key ? { key } : {}) }), { mode: 0o600 });
}

export const ADMIN_USAGE = `  npm run service -- admin claims list [--status STATUS]
  npm run service -- admin claims show CLAIM
  npm run service -- admin claims move CLAIM --to STATUS [--note TEXT] [--kinds receipt,lab_result]
                     [--amount RUPIAH] [--reason TEXT] [--reference REF] [--paid-at ISO-INSTANT]
  npm run service -- admin claims cashless --policy NUMBER --member MEMBER --provider NAME --diagnosis TEXT
                     --amount RUPIAH [--type hospitalization|outpatient] [--date YYYY-MM-DD]
     (CLAIM is a claim number such as KLM-2026-000001, or a claim id; the development service must be running;
      each takes --why TEXT, the reason the person is shown for the look at their claim)`;

export interface Target {
  url: string;
  key: string;
  /** Why the back office looks at a person's data (`--why`, or `ADMIN_REASON`): sent as `X-Reason`, shown to the person. */
  reason?: string;
}

/** The option every command that reads or moves a person's data takes. */
export const WHY_OPTION = { why: { type: 'string' } } as const;

/**
 * Which service the command talks to, and with which key: `ADMIN_URL` and `ADMIN_API_KEY` when
 * set; otherwise the running development service's file, and its own key or a key of this
 * environment's `ADMIN_API_KEYS` (the one the service was started with).
 */
export function target(config: Config, why?: string): Target {
  let file: Partial<Target> = {};
  try {
    file = JSON.parse(fs.readFileSync(devAdminFile(config.dataDir), 'utf8')) as Partial<Target>;
  } catch {
    // No running development service in this data folder: ADMIN_URL must say where.
  }
  const url = process.env.ADMIN_URL || file.url;
  const key = process.env.ADMIN_API_KEY || file.key || config.adminApiKeys?.[0]?.key;
  if (!url)
    throw new ConfigError(
      'no development service found: start it with npm run service -- --dev (or set ADMIN_URL and ADMIN_API_KEY)',
    );
  if (!key)
    throw new ConfigError(
      `the service at ${url} was started with ADMIN_API_KEYS: set ADMIN_API_KEY to one of its keys (or ADMIN_API_KEYS as it has them)`,
    );
  const reason = why ?? process.env.ADMIN_REASON;
  return { url, key, ...(reason ? { reason } : {}) };
}

/** The service's own "now" (the `Date` of its answer): the default instant of what the back office records. */
export async function serviceNow(t: Target): Promise<string> {
  const res = await fetch(`${t.url}/v1/health`).catch(() => {
    throw new ConfigError(`the service at ${t.url} does not answer: is it running?`);
  });
  await res.arrayBuffer();
  const date = Date.parse(res.headers.get('date') ?? '');
  return new Date(Number.isNaN(date) ? Date.now() : date).toISOString();
}

export async function call(
  t: Target,
  method: string,
  url: string,
  body?: unknown,
  as: 'json' | 'text' = 'json',
  /** A body of another type (a bank's CSV file) is sent as it is. */
  contentType = 'application/json',
): Promise<any> {
  let res: Response;
  try {
    res = await fetch(`${t.url}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${t.key}`,
        ...(t.reason ? { 'x-reason': t.reason } : {}),
        ...(body ? { 'content-type': contentType } : {}),
      },
      ...(body ? { body: contentType === 'application/json' ? JSON.stringify(body) : (body as string) } : {}),
    });
  } catch {
    throw new ConfigError(`the service at ${t.url} does not answer: is it running?`);
  }
  const text = await res.text();
  if (!res.ok) {
    const e = (JSON.parse(text) as any).error ?? {};
    if (res.status === 400 && JSON.stringify(e.details ?? {}).includes('x-reason'))
      throw new ConfigError(
        "say why you look at this person's data: --why TEXT (3 to 300 characters; or ADMIN_REASON); the person sees it",
      );
    const details = e.details ? ` ${JSON.stringify(e.details)}` : '';
    throw new ConfigError(`${res.status} ${e.code}: ${e.message}${details}`);
  }
  return as === 'text' ? text : JSON.parse(text);
}

const rupiah = (n: number | undefined) => (n === undefined ? '-' : `Rp ${n.toLocaleString('id-ID')}`);

function printClaim(c: any): void {
  console.log(`${c.claimNumber}  ${c.status}  ${c.type}/${c.method}  ${c.person.fullName}  ${c.policyNumber}`);
  console.log(
    `  id ${c.claimId}; claimed ${rupiah(c.amountClaimed)}, approved ${rupiah(c.approvedAmount)}, paid ${rupiah(c.paidAmount)}`,
  );
  if (c.expectedDecisionDate) console.log(`  decision expected by ${c.expectedDecisionDate}`);
  for (const e of c.timeline ?? []) console.log(`  ${e.at}  ${e.status}${e.note ? `  "${e.note}"` : ''}`);
  for (const f of c.files ?? []) console.log(`  file ${f.kind}: ${f.fileName} (${f.sizeBytes} bytes)`);
}

/** A claim number or id → the claim's id. */
async function claimIdOf(t: Target, ref: string): Promise<string> {
  if (!/^KLM-/iu.test(ref)) return ref;
  let cursor: string | undefined;
  do {
    const page = await call(t, 'GET', `/v1/admin/claims?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    const found = page.claims.find((c: any) => c.claimNumber === ref.toUpperCase());
    if (found) return found.claimId;
    cursor = page.nextCursor;
  } while (cursor);
  throw new ConfigError(`no claim ${ref}`);
}

/** `npm run service -- admin claims …`: the back office from the command line (api-v1.md, Back office). */
export async function adminClaimsCommand(config: Config, argv: string[]): Promise<void> {
  // A claim id may begin with "-" (base64url): the verb and the claim are taken before the options.
  const [verb, ...rest] = argv;
  const ref = rest[0] !== undefined && !rest[0].startsWith('--') ? rest.shift() : undefined;
  const { values } = parseArgs({
    args: rest,
    options: {
      status: { type: 'string' },
      to: { type: 'string' },
      note: { type: 'string' },
      kinds: { type: 'string' },
      amount: { type: 'string' },
      reason: { type: 'string' },
      reference: { type: 'string' },
      'paid-at': { type: 'string' },
      policy: { type: 'string' },
      member: { type: 'string' },
      provider: { type: 'string' },
      diagnosis: { type: 'string' },
      type: { type: 'string', default: 'hospitalization' },
      date: { type: 'string' },
      dev: { type: 'boolean' },
      ...WHY_OPTION,
    },
  });
  const t = target(config, values.why);
  const amount = values.amount === undefined ? undefined : Number(values.amount.replace(/[.,\s]/gu, ''));
  if (verb === 'list') {
    const q = values.status ? `?status=${encodeURIComponent(values.status)}&limit=100` : '?limit=100';
    const { claims } = await call(t, 'GET', `/v1/admin/claims${q}`);
    for (const c of claims) {
      console.log(
        `${c.claimNumber}  ${c.status.padEnd(19)} ${c.type.padEnd(16)} ${c.person.fullName}  ${rupiah(c.amountClaimed)}`,
      );
    }
    console.log(`${claims.length} claim(s)`);
    return;
  }
  if (verb === 'show' && ref) return printClaim(await call(t, 'GET', `/v1/admin/claims/${await claimIdOf(t, ref)}`));
  if (verb === 'move' && ref && values.to) {
    const to = values.to;
    const body: Record<string, unknown> = { to };
    if (values.note) body.note = values.note;
    if (values.kinds) body.documentKinds = values.kinds.split(',').map((k) => k.trim());
    if (values.reason) body.reason = values.reason;
    if (to === 'approved' && amount !== undefined) body.approvedAmount = amount;
    if (to === 'paid') {
      if (amount !== undefined) body.paidAmount = amount;
      const now = await serviceNow(t);
      body.paidAt = values['paid-at'] ?? now;
      body.reference = values.reference ?? `TRF-${Date.parse(now)}`;
    }
    return printClaim(await call(t, 'POST', `/v1/admin/claims/${await claimIdOf(t, ref)}/transitions`, body));
  }
  if (verb === 'cashless' && values.policy && values.member && values.provider && values.diagnosis && amount) {
    const date = values.date ?? jakartaDate(Date.parse(await serviceNow(t)));
    return printClaim(
      await call(t, 'POST', '/v1/admin/claims', {
        policyNumber: values.policy,
        memberNumber: values.member,
        type: values.type,
        event: { date, admissionDate: date, providerName: values.provider, diagnosis: values.diagnosis },
        guaranteedAmount: amount,
      }),
    );
  }
  throw new ConfigError(`usage:\n${ADMIN_USAGE}`);
}
