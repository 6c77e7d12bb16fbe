import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { ConfigError } from './config';

const run = promisify(execFile);

/**
 * The kernel's CPU list ("0-2,5", as /proc and taskset write it) as CPU numbers. A few lines
 * of a fixed format: no package needed.
 */
export function parseCpuList(text: string): number[] {
  const cpus = new Set<number>();
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/u.exec(part);
    if (!m) throw new ConfigError(`HASH_CPUS: not a CPU list: ${text}`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) throw new ConfigError(`HASH_CPUS: not a CPU list: ${text}`);
    for (let c = from; c <= to; c++) cpus.add(c);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** The CPUs the process may run on (its affinity, set by taskset, a cpuset or a container). */
function allowedCpus(): number[] {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const line = /^Cpus_allowed_list:\s*(\S+)$/mu.exec(status);
  if (!line) throw new ConfigError('HASH_CPUS: this system does not say which CPUs the process may use');
  return parseCpuList(line[1]!);
}

/** Each thread of this process by id, with its name. */
function threads(): Array<{ tid: string; name: string }> {
  return fs.readdirSync('/proc/self/task').map((tid) => ({
    tid,
    name: fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(),
  }));
}

export interface Placement {
  hashCpus: string;
  restCpus: string;
  poolThreads: number;
  otherThreads: number;
}

/**
 * HASH_CPUS: libuv's thread pool (where every argon2id hash runs, with file and zlib work) on
 * those CPUs, and every other thread — the JavaScript, its garbage collector, the sockets — on
 * the rest the process may use. Sharing one core, each 19 MiB hash sweeps the caches the
 * login's JavaScript and SQLite then run cold in, and the reverse (bench/identity: 0.73–0.84 of
 * the raw hashing rate; apart, 0.95–0.97). Threads started later inherit their starter's CPUs:
 * libvips' from the pool, everything else from the main thread. Linux only; uses taskset.
 */
export async function placeThreads(hashCpuList: string): Promise<Placement> {
  if (process.platform !== 'linux') throw new ConfigError('HASH_CPUS works on Linux only');
  const hashCpus = parseCpuList(hashCpuList);
  const allowed = allowedCpus();
  const outside = hashCpus.filter((c) => !allowed.includes(c));
  if (outside.length > 0) {
    throw new ConfigError(
      `HASH_CPUS: CPU ${outside.join(', ')} is not among this process's CPUs (${allowed.join(',')})`,
    );
  }
  const rest = allowed.filter((c) => !hashCpus.includes(c));
  if (rest.length === 0) {
    throw new ConfigError(`HASH_CPUS: leaves no CPU for the rest of the service (it may use ${allowed.join(',')})`);
  }
  // libuv starts its pool's threads, all at once, at the pool's first piece of work.
  await fs.promises.access('/proc/self');
  const all = threads();
  const pool = all.filter((t) => t.name.startsWith('libuv-worker'));
  if (pool.length === 0) throw new ConfigError(`HASH_CPUS: no libuv pool thread found (Node ${process.version})`);
  const place = async (tids: Array<{ tid: string }>, cpus: number[]) => {
    for (const { tid } of tids) {
      try {
        await run('taskset', ['-p', '-c', cpus.join(','), tid]);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new ConfigError('HASH_CPUS needs taskset (util-linux) on the PATH');
        }
        throw err;
      }
    }
  };
  const others = all.filter((t) => !pool.includes(t));
  await place(pool, hashCpus);
  await place(others, rest);
  return {
    hashCpus: hashCpus.join(','),
    restCpus: rest.join(','),
    poolThreads: pool.length,
    otherThreads: others.length,
  };
}
