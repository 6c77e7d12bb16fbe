/** The policy service as its own process for a benchmark: started with `args` (from source or built), and stopped. */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { SERVICE_NODE_FLAGS } from '../scripts/service-flags.mjs';

/** The service as it is deployed: built, with its Node flags (needs npm run build). */
export const AS_DEPLOYED = [...SERVICE_NODE_FLAGS, 'dist/service/main.mjs'];

export interface Started {
  proc: ChildProcess;
  url: string;
  /** From spawn to the first answer of GET /health/live. */
  startMs: number;
}

/** Development mode (`--dev`); answers once `GET /health/live` does. */
export async function start(args: readonly string[], env: Record<string, string>): Promise<Started> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...args, '--dev'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^listening on (http:\/\/\S+)$/u.exec(line);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`the service exited (${code})`)));
  });
  const res = await fetch(`${url}/health/live`);
  await res.arrayBuffer();
  return { proc, url, startMs: performance.now() - t0 };
}

export async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGTERM');
  await exited;
}
