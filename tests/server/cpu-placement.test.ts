import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCpuList } from '../../server/cpu-placement';
import { runServiceToExit, spawnService } from '../helpers/process';

const allowed =
  process.platform === 'linux'
    ? parseCpuList(/^Cpus_allowed_list:\s*(\S+)$/mu.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]!)
    : [];
const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
const why =
  process.platform !== 'linux'
    ? ' (skipped: thread placement is Linux only)'
    : !hasTaskset
      ? ' (skipped: no taskset on this machine)'
      : allowed.length < 2
        ? ' (skipped: this process may use one CPU only)'
        : '';

/** Each thread of a process: its name and the CPUs it may run on. */
function threadsOf(pid: number): Array<{ name: string; cpus: string }> {
  return fs.readdirSync(`/proc/${pid}/task`).map((tid) => ({
    name: fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(),
    cpus: /^Cpus_allowed_list:\s*(\S+)$/mu.exec(fs.readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'))![1]!,
  }));
}

describe('the CPU list of HASH_CPUS', () => {
  it('reads single CPUs and ranges, and refuses what is not a list', () => {
    expect(parseCpuList('0')).toEqual([0]);
    expect(parseCpuList('0-2,5,4')).toEqual([0, 1, 2, 4, 5]);
    expect(() => parseCpuList('3-1')).toThrow(/HASH_CPUS: not a CPU list/u);
    expect(() => parseCpuList('1,,2')).toThrow(/not a CPU list/u);
  });
});

describe.skipIf(why !== '')(`HASH_CPUS: password hashing on CPUs of its own${why}`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-cpus-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const hashCpu = allowed[0]!;
  const rest = allowed.slice(1);

  it("puts libuv's pool on those CPUs and every other thread on the rest, and still answers", async () => {
    const svc = await spawnService({ DATA_DIR: dataDir, HASH_CPUS: String(hashCpu), UV_THREADPOOL_SIZE: '2' }, [
      '--dev',
    ]);
    try {
      const threads = threadsOf(svc.proc.pid!);
      const pool = threads.filter((t) => t.name.startsWith('libuv-worker'));
      const others = threads.filter((t) => !t.name.startsWith('libuv-worker'));
      expect(pool).toHaveLength(2);
      expect(pool.map((t) => parseCpuList(t.cpus))).toEqual([[hashCpu], [hashCpu]]);
      expect(others.length).toBeGreaterThan(1);
      for (const t of others)
        expect({ name: t.name, cpus: parseCpuList(t.cpus) }).toEqual({ name: t.name, cpus: rest });
      const ready = await fetch(`${svc.url}/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      await svc.stop();
    }
  }, 90_000);

  it('refuses to start, naming the setting, when the list leaves nothing for the rest or names a CPU it may not use', async () => {
    const env = { DATA_DIR: dataDir };
    const all = await runServiceToExit({ ...env, HASH_CPUS: allowed.join(',') }, ['--dev']);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/HASH_CPUS: leaves no CPU for the rest of the service/u);
    const missing = Math.max(...allowed) + 1;
    const outside = await runServiceToExit({ ...env, HASH_CPUS: String(missing) }, ['--dev']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(new RegExp(`HASH_CPUS: CPU ${missing} is not among`, 'u'));
    const garbled = await runServiceToExit({ ...env, HASH_CPUS: 'alle' }, ['--dev']);
    expect(garbled.code).toBe(1);
    expect(garbled.stderr).toMatch(/HASH_CPUS: a CPU list/u);
    // No stack reaches the operator's screen.
    expect(all.stderr + outside.stderr + garbled.stderr).not.toMatch(/\n\s+at /u);
  }, 90_000);
});
