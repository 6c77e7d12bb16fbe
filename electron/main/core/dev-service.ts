import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface RunningService {
  url: string;
  /** Ends the service (SIGTERM) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** The repository root, from which the policy service's entry is found. */
export const repoRoot = (): string => fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Starts the policy service in development mode on a free loopback port, its data
 * in `dataDir`, and waits for its `listening on` line.
 */
export function startDevService(dataDir: string, root = repoRoot()): Promise<RunningService> {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts'), '--dev'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    void exited.then((code) => reject(new Error(`the policy service stopped (exit ${code}) before it was ready`)));
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^listening on (http:\/\/\S+)$/u.exec(line);
      if (m) resolve({ url: m[1]!, stop: () => (proc.kill('SIGTERM'), exited) });
    });
  });
}
