import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface ServiceProcess {
  url: string;
  proc: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `server/main.ts` as its own process and waits for its `listening on` line. */
export function spawnService(
  env: Record<string, string>,
  args: string[] = [],
  /** A command to run the service under, such as `taskset -c 0`. */
  wrapper: string[] = [],
): Promise<ServiceProcess> {
  const command = [...wrapper, process.execPath, '--import', 'tsx', 'server/main.ts', ...args];
  const proc = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  readline.createInterface({ input: proc.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${stderr.join('\n')}`)), 60_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited ${code}: ${stderr.join('\n')}`));
    });
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      stdout.push(line);
      const m = /^listening on (http:\/\/\S+)$/u.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          proc,
          stdout,
          stderr,
          stop: () => {
            proc.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
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
