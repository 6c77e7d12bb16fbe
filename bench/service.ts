/**
 * Service benchmark: the built service (`node dist/service/main.mjs`) against today's start from
 * source (`node --import tsx server/main.ts`) in the same run — time from spawn to the first
 * answer, resident memory idle, and after 1,000 logins from 8 clients — on SQLite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registrationBody, GOOD_PASSWORD, customerNamed } from '../tests/helpers/flows';
import { postJson } from '../tests/helpers/process';
import { fmt, quantile } from './stats';
import { AS_DEPLOYED, start, stop } from './service-process';

const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 1000);
const IDLE_MS = 3000;

const VARIANTS = {
  'from source (tsx)': ['--import', 'tsx', 'server/main.ts'],
  'built (node)': ['dist/service/main.mjs'],
  // As deployed (deploy/Dockerfile, npm run service): built, with a young generation of 4 MiB semi-spaces.
  'built, as deployed': AS_DEPLOYED,
} as const;

/** Resident memory of a process, MiB (Linux). */
const rssMiB = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/u.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function registerOnce(url: string): Promise<string> {
  const who = customerNamed('Siti Rahmawati');
  const { flowId, eula } = (await postJson(url, '/v1/registrations', registrationBody(who))).body;
  await postJson(url, `/v1/registrations/${flowId}/eula`, { version: eula.version });
  await postJson(url, `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
  const outbox = (await (await fetch(`${url}/v1/dev/outbox?to=${encodeURIComponent(who.phone)}`)).json()) as {
    messages: Array<{ code: string | null }>;
  };
  const code = outbox.messages.find((m) => m.code)!.code;
  const { username } = (await postJson(url, `/v1/registrations/${flowId}/otp/verify`, { code })).body;
  await postJson(url, `/v1/registrations/${flowId}/password`, {
    password: GOOD_PASSWORD,
    passwordConfirmation: GOOD_PASSWORD,
  });
  return username as string;
}

export async function main(): Promise<void> {
  if (!fs.existsSync('dist/service/main.mjs')) throw new Error('run npm run build first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-bench-service-'));
  const env = { DATA_DIR: dataDir, LOGIN_RATE_LIMIT_PER_MINUTE: '100000', FLOW_RATE_LIMIT_PER_MINUTE: '1000' };
  try {
    // The demo data and one account, made once: every measured start finds them there.
    const first = await start(VARIANTS['built (node)'], env);
    const username = await registerOnce(first.url);
    await stop(first);

    console.log('service benchmark (SQLite, development mode, data already seeded)');
    const rows: Record<string, { start: number; idle: number; busy: number; perSecond: number }> = {};
    for (const [name, args] of Object.entries(VARIANTS)) {
      const starts: number[] = [];
      for (let i = 0; i < STARTS; i++) {
        const s = await start(args, env);
        starts.push(s.startMs);
        if (i < STARTS - 1) await stop(s);
        else {
          await new Promise((r) => setTimeout(r, IDLE_MS));
          const idle = rssMiB(s.proc.pid!);
          let left = LOGINS;
          const loginsStarted = performance.now();
          await Promise.all(
            Array.from({ length: 8 }, async () => {
              while (left-- > 0) {
                const r = await postJson(s.url, '/v1/sessions', {
                  username,
                  password: GOOD_PASSWORD,
                  device: { kind: 'personal', name: 'bench' },
                });
                if (r.status !== 200) throw new Error(`login answered ${r.status}`);
              }
            }),
          );
          const perSecond = LOGINS / ((performance.now() - loginsStarted) / 1000);
          rows[name] = { start: quantile(starts, 0.5), idle, busy: rssMiB(s.proc.pid!), perSecond };
          await stop(s);
        }
      }
    }
    for (const [name, r] of Object.entries(rows)) {
      console.log(
        `${name.padEnd(20)} start to first answer p50 ${fmt(r.start, 0)} ms (${STARTS} starts), RSS idle ${fmt(r.idle)} MiB, after ${LOGINS} logins ${fmt(r.busy)} MiB (${fmt(r.perSecond)} logins/s)`,
      );
    }
    const a = rows['from source (tsx)']!;
    const b = rows['built, as deployed']!;
    console.log(
      `as deployed / from source: start ${fmt(b.start / a.start, 2)}x, RSS idle ${fmt(b.idle / a.idle, 2)}x, after logins ${fmt(b.busy / a.busy, 2)}x`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
