import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCommand, runStart } from '../../scripts/start.mjs';

/** A stand-in program: a shell script doing what the test needs of Electron or of the build. */
function standIn(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-start-'));
  const file = path.join(dir, 'electron');
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

const builds = { ok: { command: process.execPath, args: ['-e', ''] } };

async function start(electron: string, build = builds.ok, platform: NodeJS.Platform = 'linux') {
  const said: string[] = [];
  const code = await runStart({ electron, build, platform, log: (l) => said.push(l), stdio: 'ignore' });
  return { code, said: said.join('\n') };
}

describe('npm start says what failed and exits non-zero, whichever way it fails', () => {
  it.runIf(process.platform !== 'win32')('opens the app with Electron, on this Node, and ends as it ends', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pn-start-')), 'seen');
    const electron = standIn(`echo "$1 $PORTAL_DEV_NODE" > "${out}"`);
    expect(await start(electron)).toEqual({ code: 0, said: '' });
    expect(fs.readFileSync(out, 'utf8').trim()).toBe(`. ${process.execPath}`);
  });

  it.runIf(process.platform !== 'win32')('a failed build: its exit code, and no Electron', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pn-start-')), 'seen');
    const r = await start(standIn(`touch "${out}"`), { command: process.execPath, args: ['-e', 'process.exit(2)'] });
    expect(r.code).toBe(2);
    expect(r.said).toMatch(/^The build failed \(exit code 2\).*run npm start again\.$/u);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a build that cannot start (npm not found without a shell, as on Windows)', async () => {
    const r = await start('/nonexistent/electron', { command: '/nonexistent/npm', args: ['run', 'build'] });
    expect(r.code).toBe(1);
    expect(r.said).toMatch(/^The build could not be started \(.*ENOENT.*\): run npm ci, then npm start again\.$/u);
  });

  it('an Electron binary that cannot be started', async () => {
    const r = await start('/nonexistent/electron');
    expect(r.code).toBe(1);
    expect(r.said).toMatch(/^Electron could not be started \(.*ENOENT.*\): run npm ci/u);
  });

  it.runIf(process.platform !== 'win32')('Electron ending with an error code passes it on', async () => {
    const r = await start(standIn('exit 3'));
    expect(r.code).toBe(3);
    expect(r.said).toContain('Electron ended with exit code 3');
  });

  it.runIf(process.platform !== 'win32')(
    'Electron killed by a signal (the sandbox helper on Ubuntu 24.04): exit 1, and how to fix the sandbox',
    async () => {
      const r = await start(standIn('kill -TRAP $$'));
      expect(r.code).toBe(1);
      expect(r.said).toContain('Electron stopped with SIGTRAP');
      expect(r.said).toContain('kernel.apparmor_restrict_unprivileged_userns');
      expect(r.said).toContain('chmod 4755');
      const mac = await start(standIn('kill -ABRT $$'), builds.ok, 'darwin');
      expect(mac.code).toBe(1);
      expect(mac.said).not.toContain('sandbox');
    },
  );

  it('builds through npm’s own script on this Node, with no shell; without it, names npm.cmd on Windows', () => {
    expect(buildCommand({ npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' }, 'win32')).toEqual({
      command: process.execPath,
      args: ['/usr/lib/node_modules/npm/bin/npm-cli.js', 'run', 'build', '--silent'],
    });
    expect(buildCommand({}, 'win32')).toMatchObject({ command: 'npm.cmd', shell: true });
    expect(buildCommand({}, 'linux')).toMatchObject({ command: 'npm', shell: false });
  });
});
