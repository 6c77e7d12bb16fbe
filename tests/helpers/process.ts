import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { spawnPolicyService, type ServiceProcess } from '../../electron/main/core/dev-service';
import { recordServiceLog } from './service-log';

export type { ServiceProcess };

/** The service as its own process (the same launcher the app uses), its errors kept for the test. */
export function spawnService(
  env: Record<string, string>,
  args: string[] = [],
  /** A command to run the service under, such as `taskset -c 0`. */
  wrapper: string[] = [],
): Promise<ServiceProcess> {
  return spawnPolicyService({ env, args, wrapper, stderr: 'pipe', timeoutMs: 60_000, onLine: recordServiceLog });
}

/** Runs `server/main.ts` to its end; for settings it must refuse. */
export function runServiceToExit(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

export async function postJson(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A command of `npm run service -- …` run to its end: its exit code, and what it printed on both streams. */
export async function runServiceCommand(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** The service's own "now" (its `Date` header): what a test of real service processes takes for today. */
export async function serviceNow(url: string): Promise<number> {
  const res = await fetch(`${url}/v1/health`);
  await res.arrayBuffer();
  return Date.parse(res.headers.get('date')!);
}
