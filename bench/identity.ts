/**
 * Identity benchmark: logins per second of one service process pinned to one core,
 * p50/p99 under 8 concurrent clients, the raw argon2id verification rate on one core
 * measured in the same run, their ratio (the service's overhead), and one-time code
 * verifications per second.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedCustomers } from '../server/cli/seed-demo';
import type { DemoCustomers } from '../server/cli/demo-data';
import { loadConfig } from '../server/config';
import { openStore } from '../server/store/connect';
import { postJson, spawnService } from '../tests/helpers/process';
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

export async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-bench-'));
  const env = {
    DATA_DIR: dataDir,
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    FLOW_RATE_LIMIT_PER_MINUTE: '100000',
    UV_THREADPOOL_SIZE: '1',
    LOG_LEVEL: 'warn',
  };
  const store = await openStore(loadConfig(env, 'development').database);
  await seedCustomers(store.db, benchCustomers(OTP_FLOWS + 1), Date.now());
  await store.close();

  const pinned = hasTaskset();
  const onServiceCore = pinned ? ['taskset', '-c', '0'] : [];
  // The clients run here, on the other core, so that they do not take the service's.
  if (pinned) execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  const svc = await spawnService(env, ['--dev'], onServiceCore);
  try {
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

    console.log(
      `identity benchmark: service ${pinned ? 'pinned to core 0 (taskset)' : 'not pinned (no taskset)'}, UV_THREADPOOL_SIZE=1, SQLite`,
    );
    const login = () =>
      postJson(svc.url, '/v1/sessions', {
        username,
        password: PASSWORD,
        device: { kind: 'personal', name: 'bench' },
      }).then((r) => {
        if (r.status !== 200) throw new Error(`login answered ${r.status}`);
      });
    await closedLoop(CLIENTS, 1000, login); // warm-up
    // This machine's speed drifts: raw and service windows take turns, and medians are compared.
    const rawRates: number[] = [];
    const rawCpu: number[] = [];
    const loginRates: number[] = [];
    const loginCpu: Array<{ hashing: number; rest: number }> = [];
    const latencies: number[] = [];
    // The service's process id under `taskset` is its own (taskset execs the command).
    const pid = svc.proc.pid!;
    for (let round = 0; round < ROUNDS; round++) {
      const raw = rawArgon2Rate(onServiceCore);
      rawRates.push(raw.rate);
      rawCpu.push(raw.cpuMs);
      const cpuBefore = cpuMsOf(pid);
      const started = performance.now();
      const l = await closedLoop(CLIENTS, LOGIN_MS, login);
      loginRates.push(l.length / ((performance.now() - started) / 1000));
      const cpuAfter = cpuMsOf(pid);
      if (cpuBefore && cpuAfter) {
        loginCpu.push({
          hashing: (cpuAfter.hashing - cpuBefore.hashing) / l.length,
          rest: (cpuAfter.rest - cpuBefore.rest) / l.length,
        });
      }
      latencies.push(...l);
    }
    const raw = quantile(rawRates, 0.5);
    const loginRate = quantile(loginRates, 0.5);

    const flows: Array<{ flowId: string; code: string }> = [];
    for (let i = 0; i < OTP_FLOWS; i++) flows.push(await reg(i));
    const otpStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < flows.length) {
          const f = flows[next++]!;
          const r = await postJson(svc.url, `/v1/registrations/${f.flowId}/otp/verify`, { code: f.code });
          if (r.status !== 200) throw new Error(`verify answered ${r.status}`);
        }
      }),
    );
    const otpRate = flows.length / ((performance.now() - otpStarted) / 1000);

    console.log(
      `raw argon2id verify (m=19 MiB, t=2, p=1), one core:   ${fmt(raw)} /s  (rounds: ${rawRates.map((r) => fmt(r)).join(', ')})`,
    );
    console.log(
      `logins through the service, one core, ${CLIENTS} clients: ${fmt(loginRate)} /s  (rounds: ${loginRates.map((r) => fmt(r)).join(', ')})`,
    );
    console.log(
      `login latency p50 / p99:                          ${fmt(quantile(latencies, 0.5))} ms / ${fmt(quantile(latencies, 0.99))} ms`,
    );
    console.log(`ratio logins / raw verify (aim >= 0.85):           ${fmt(loginRate / raw, 2)}`);
    // CPU time is what the work costs whatever else the machine does (the rates above drift with
    // it), split into the hashing thread and the rest: what a login costs besides its hash.
    if (loginCpu.length) {
      const hashing = quantile(
        loginCpu.map((c) => c.hashing),
        0.5,
      );
      const rest = quantile(
        loginCpu.map((c) => c.rest),
        0.5,
      );
      const perVerify = quantile(rawCpu, 0.5);
      console.log(
        `CPU per login: hashing ${fmt(hashing, 2)} ms + the rest ${fmt(rest, 2)} ms; per raw verify ${fmt(perVerify, 2)} ms (ratio ${fmt(perVerify / (hashing + rest), 2)})`,
      );
    }
    console.log(`one-time code verifications, ${CLIENTS} clients:         ${fmt(otpRate)} /s (${flows.length} codes)`);
  } finally {
    await svc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
