import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface RunningService {
  url: string;
  /** Ends the service (SIGTERM) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

export interface ServiceProcess extends RunningService {
  proc: ChildProcess;
  stdout: string[];
  /** Collected only when `stderr` is `'pipe'`. */
  stderr: string[];
}

export interface SpawnOptions {
  /** Settings for the service, over this process's environment. */
  env?: Record<string, string>;
  args?: string[];
  /** A command to run the service under, such as `taskset -c 0`. */
  wrapper?: string[];
  root?: string;
  /** `inherit` shows the service's errors on this console; `pipe` keeps them (tests). */
  stderr?: 'inherit' | 'pipe';
  /** Give up when no `listening on` line came in time; without it, wait for one or for the exit. */
  timeoutMs?: number;
  /** Every line the service prints on its standard output, as it comes. */
  onLine?: (line: string) => void;
}

/** The repository root, from which the policy service's entry is found. */
export const repoRoot = (): string => fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The Node that runs the service. Inside the desktop app that is the system Node `npm start`
 * ran on (it passes `PORTAL_DEV_NODE`): the native modules (better-sqlite3) were built for it,
 * not for Electron's own Node. Elsewhere (the preview, tests) it is this process's Node.
 */
export function serviceNode(
  env: NodeJS.ProcessEnv = process.env,
  execPath = process.execPath,
  inElectron = Boolean(process.versions.electron),
): { command: string; runAsNode: boolean } {
  if (inElectron && env.PORTAL_DEV_NODE) return { command: env.PORTAL_DEV_NODE, runAsNode: false };
  return { command: execPath, runAsNode: inElectron };
}

/** Starts `server/main.ts` as its own process and waits for its `listening on` line. */
export function spawnPolicyService(o: SpawnOptions = {}): Promise<ServiceProcess> {
  const root = o.root ?? repoRoot();
  const node = serviceNode();
  const command = [
    ...(o.wrapper ?? []),
    node.command,
    '--import',
    'tsx',
    path.join(root, 'server/main.ts'),
    ...(o.args ?? []),
  ];
  const proc = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      // Only where no system Node was handed over does Electron's own run the service, as plain Node.
      ...(node.runAsNode ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
      ...o.env,
    },
    stdio: ['ignore', 'pipe', o.stderr ?? 'inherit'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  if (proc.stderr) readline.createInterface({ input: proc.stderr }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer =
      o.timeoutMs === undefined
        ? undefined
        : setTimeout(() => reject(new Error(`the policy service did not start: ${stderr.join('\n')}`)), o.timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the policy service stopped (exit ${code}) before it was ready: ${stderr.join('\n')}`));
    });
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      stdout.push(line);
      o.onLine?.(line);
      const m = /^listening on (http:\/\/\S+)$/u.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, proc, stdout, stderr, stop: () => (proc.kill('SIGTERM'), exited) });
      }
    });
  });
}

/** What the development service prints for a person at the console: the messages it "sent", with their codes. */
export const isDevOutboxLine = (line: string): boolean => line.startsWith('[dev outbox]');

/**
 * Starts the policy service in development mode on a free loopback port, its data
 * in `dataDir`, and waits for its `listening on` line. The messages it keeps instead of
 * sending (one-time codes among them) go to `print`: the console of `npm start` and
 * `npm run preview`, where a person trying the app reads the code.
 */
export function startDevService(
  dataDir: string,
  root = repoRoot(),
  print: (line: string) => void = (line) => console.log(line),
): Promise<RunningService> {
  return spawnPolicyService({
    root,
    args: ['--dev'],
    env: { HOST: '127.0.0.1', DATA_DIR: dataDir },
    onLine: (line) => {
      if (isDevOutboxLine(line)) print(line);
    },
  });
}
