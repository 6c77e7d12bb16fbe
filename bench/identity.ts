/**
 * Identity benchmark: logins per second under 8 concurrent clients, p50/p99, of the service
 * laid out two ways — all of it on one core, and its hashing on that core with everything
 * else on another (HASH_CPUS) — against the raw argon2id verification rate on that core,
 * measured in the same run, in alternating rounds; and one-time code verifications per second.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedCustomers } from '../server/cli/seed-demo';
import type { DemoCustomers } from '../server/cli/demo-data';
import { loadConfig } from '../server/config';
import { openStore } from '../server/store/connect';
import { postJson, spawnService, type ServiceProcess } from '../tests/helpers/process';
import { closedLoop, fmt, quantile } from './stats';

const CLIENTS = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LOGIN_MS = Number(process.env.BENCH_LOGIN_MS ?? 3000);
const RAW_MS = Number(process.env.BENCH_RAW_MS ?? 2000);
const OTP_FLOWS = Number(process.env.BENCH_OTP_FLOWS ?? 400);
const PASSWORD = 'Sawah hijau di pagi hari';

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Synthetic customers, one individual policy each: enough accounts for the code benchmark. */
function benchCustomers(n: number): DemoCustomers {
  return Array.from({ length: n }, (_, i) => ({
    fullName: `Nasabah Uji ${i}`,
    dateOfBirth: '1980-01-01',
    email: `uji${i}@bench.example`,
    phone: `+62812${String(10_000_000 + i).padStart(8, '0')}`,
    policies: [
      {
        policyNumber: `BEN${String(i).padStart(8, '0')}`,
        printedNumber: `BEN-${String(i).padStart(8, '0')}`,
        policyType: 'individual' as const,
        productName: 'Proteksi Uji',
        status: 'active' as const,
        startDate: '2020-01-01',
        sumAssured: 100_000_000,
        premium: { amount: 100_000, frequency: 'monthly' as const, nextDueDate: null },
      },
    ],
  }));
}

/** argon2id verifications per second, one at a time, in a process on the service's core, and CPU ms each. */
function rawArgon2Rate(wrapper: string[]): { rate: number; cpuMs: number } {
  const command = [...wrapper, process.execPath, '--import', 'tsx', 'bench/argon2-raw.ts', String(RAW_MS)];
  const out = execFileSync(command[0]!, command.slice(1), {
    encoding: 'utf8',
    env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
  });
  const [rate, cpuMs] = out.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { rate: rate!, cpuMs: cpuMs! };
}

/**
 * CPU milliseconds (user and system) a process has used so far, split into its libuv worker
 * (UV_THREADPOOL_SIZE=1: the hashing) and every other thread (JavaScript, GC, I/O), from /proc
 * (Linux; undefined elsewhere).
 */
function cpuMsOf(pid: number): { hashing: number; rest: number } | undefined {
  try {
    const split = { hashing: 0, rest: 0 };
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // utime and stime, fields 14 and 15 of proc(5), in ticks of 10 ms.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      if (name.startsWith('libuv-worker')) split.hashing += ms;
      else split.rest += ms;
    }
    return split;
  } catch {
    return undefined;
  }
}

/** One service process, its account registered, as one of the layouts below lays it out. */
interface Layout {
  name: string;
  svc: ServiceProcess;
  dataDir: string;
  username: string;
  reg: (i: number) => Promise<{ flowId: string; code: string }>;
}

async function startLayout(name: string, env: Record<string, string>, wrapper: string[]): Promise<Layout> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-bench-'));
  const settings = {
    ...env,
    DATA_DIR: dataDir,
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    FLOW_RATE_LIMIT_PER_MINUTE: '100000',
    UV_THREADPOOL_SIZE: '1',
    LOG_LEVEL: 'warn',
  };
  const store = await openStore(loadConfig(settings, 'development').database);
  await seedCustomers(store.db, benchCustomers(OTP_FLOWS + 1), Date.now());
  await store.close();
  const svc = await spawnService(settings, ['--dev'], wrapper);
  // One account to log in with, registered through the API.
  const reg = async (i: number) => {
    const body = {
      policyType: 'individual',
      policyNumber: `BEN${String(i).padStart(8, '0')}`,
      dateOfBirth: '1980-01-01',
      email: `uji${i}@bench.example`,
      phone: `+62812${String(10_000_000 + i).padStart(8, '0')}`,
    };
    const { flowId, eula } = (await postJson(svc.url, '/v1/registrations', body)).body;
    await postJson(svc.url, `/v1/registrations/${flowId}/eula`, { version: eula.version });
    await postJson(svc.url, `/v1/registrations/${flowId}/otp`, { channel: 'sms' });
    const outbox = (await (await fetch(`${svc.url}/v1/dev/outbox?to=${encodeURIComponent(body.phone)}`)).json()) as {
      messages: Array<{ code: string }>;
    };
    return { flowId: flowId as string, code: outbox.messages[0]!.code };
  };
  const first = await reg(OTP_FLOWS);
  const { username } = (await postJson(svc.url, `/v1/registrations/${first.flowId}/otp/verify`, { code: first.code }))
    .body;
  await postJson(svc.url, `/v1/registrations/${first.flowId}/password`, {
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
  });
  return { name, svc, dataDir, username, reg };
}

async function stopLayout(l: Layout): Promise<void> {
  await l.svc.stop();
  fs.rmSync(l.dataDir, { recursive: true, force: true });
}

/** One login of the layout's account, refused unless it answers 200. */
function loginOf(l: Layout): () => Promise<void> {
  return () =>
    postJson(l.svc.url, '/v1/sessions', {
      username: l.username,
      password: PASSWORD,
      device: { kind: 'personal', name: 'bench' },
    }).then((r) => {
      if (r.status !== 200) throw new Error(`login answered ${r.status}`);
    });
}

/** Logins from CLIENTS clients for LOGIN_MS: the rate, the latencies, and the CPU they cost. */
async function loginRound(l: Layout) {
  // The service's process id under `taskset` is its own (taskset execs the command).
  const pid = l.svc.proc.pid!;
  const cpuBefore = cpuMsOf(pid);
  const started = performance.now();
  const latencies = await closedLoop(CLIENTS, LOGIN_MS, loginOf(l));
  const rate = latencies.length / ((performance.now() - started) / 1000);
  const cpuAfter = cpuMsOf(pid);
  const cpu =
    cpuBefore && cpuAfter
      ? {
          hashing: (cpuAfter.hashing - cpuBefore.hashing) / latencies.length,
          rest: (cpuAfter.rest - cpuBefore.rest) / latencies.length,
        }
      : undefined;
  return { rate, latencies, cpu };
}

export async function main(): Promise<void> {
  const pinned = hasTaskset();
  const twoCores = pinned && os.availableParallelism() >= 2;
  const hashCore = pinned ? ['taskset', '-c', '0'] : [];
  // The clients run here, on the other core, so that they do not take the service's hashing core.
  if (pinned) execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  // Shared: the whole service on core 0. Apart (HASH_CPUS=0): the hashing on core 0, the
  // service's other threads on core 1 beside the clients. The raw rate is core 0's either way.
  const layouts = [await startLayout('shared', {}, hashCore)];
  if (twoCores) layouts.push(await startLayout('apart', { HASH_CPUS: '0' }, ['taskset', '-c', '0,1']));
  try {
    console.log(
      `identity benchmark: ${pinned ? 'service on core 0 (taskset), clients on core 1' : 'not pinned (no taskset)'}, UV_THREADPOOL_SIZE=1, SQLite`,
    );
    if (!twoCores) console.log('(the layout with the hashing apart needs taskset and two cores: not run)');
    for (const l of layouts) await closedLoop(CLIENTS, 1000, loginOf(l)); // warm-up
    // This machine's speed drifts: raw and service windows take turns, and medians are compared.
    const rawRates: number[] = [];
    const rawCpu: number[] = [];
    const rounds = new Map(layouts.map((l) => [l.name, [] as Array<Awaited<ReturnType<typeof loginRound>>>]));
    for (let round = 0; round < ROUNDS; round++) {
      const raw = rawArgon2Rate(hashCore);
      rawRates.push(raw.rate);
      rawCpu.push(raw.cpuMs);
      for (const l of layouts) rounds.get(l.name)!.push(await loginRound(l));
    }
    const raw = quantile(rawRates, 0.5);
    const perVerify = quantile(rawCpu, 0.5);
    console.log(
      `raw argon2id verify (m=19 MiB, t=2, p=1), one core:   ${fmt(raw)} /s  (rounds: ${rawRates.map((r) => fmt(r)).join(', ')})`,
    );
    for (const l of layouts) {
      const rs = rounds.get(l.name)!;
      const rate = quantile(
        rs.map((r) => r.rate),
        0.5,
      );
      const latencies = rs.flatMap((r) => r.latencies);
      const title = l.name === 'shared' ? 'the service on one core' : 'the hashing on a core of its own (HASH_CPUS=0)';
      console.log(`${title}:`);
      console.log(
        `  logins, ${CLIENTS} clients:          ${fmt(rate)} /s  (rounds: ${rs.map((r) => fmt(r.rate)).join(', ')})`,
      );
      console.log(
        `  login latency p50 / p99:         ${fmt(quantile(latencies, 0.5))} ms / ${fmt(quantile(latencies, 0.99))} ms`,
      );
      console.log(
        `  ratio logins / raw verify:       ${fmt(rate / raw, 2)}${l.name === 'apart' ? '  (aim >= 0.85)' : ''}`,
      );
      // CPU time is what the work costs whatever else the machine does (the rates above drift with
      // it), split into the hashing thread and the rest: what a login costs besides its hash.
      const cpu = rs.flatMap((r) => (r.cpu ? [r.cpu] : []));
      if (cpu.length) {
        const hashing = quantile(
          cpu.map((c) => c.hashing),
          0.5,
        );
        const rest = quantile(
          cpu.map((c) => c.rest),
          0.5,
        );
        console.log(
          `  CPU per login: hashing ${fmt(hashing, 2)} ms + the rest ${fmt(rest, 2)} ms; per raw verify ${fmt(perVerify, 2)} ms (raw / the login's hashing: ${fmt(perVerify / hashing, 2)})`,
        );
      }
    }

    const shared = layouts[0]!;
    const flows: Array<{ flowId: string; code: string }> = [];
    for (let i = 0; i < OTP_FLOWS; i++) flows.push(await shared.reg(i));
    const otpStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < flows.length) {
          const f = flows[next++]!;
          const r = await postJson(shared.svc.url, `/v1/registrations/${f.flowId}/otp/verify`, { code: f.code });
          if (r.status !== 200) throw new Error(`verify answered ${r.status}`);
        }
      }),
    );
    const otpRate = flows.length / ((performance.now() - otpStarted) / 1000);
    console.log(
      `one-time code verifications, ${CLIENTS} clients, one core: ${fmt(otpRate)} /s (${flows.length} codes)`,
    );
  } finally {
    for (const l of layouts) await stopLayout(l);
  }
}
