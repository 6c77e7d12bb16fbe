import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { afterEach, describe, expect, it } from 'vitest';
import { electronPackage, ensureElectron, installedBinary } from '../../scripts/electron-binary.mjs';

const real = electronPackage();
// The real download is tried only where it cannot succeed (no way to github.com).
const offline = await dns.lookup('github.com').then(
  () => false,
  () => true,
);
const artifact = `electron-v${real.version}-${process.platform}-${process.arch}.zip`;

/** A stand-in Electron archive: an executable `electron` that says what it is, and `version`. */
async function standInArchive(): Promise<Buffer> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from('#!/bin/sh\necho "stand-in electron $*"\n'), 'electron', { mode: 0o100755 });
  zip.addBuffer(Buffer.from(`v${real.version}`), 'version');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A mirror on loopback that serves one archive and records what was asked of it. */
async function standInMirror(archive: Buffer) {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.url === `/v${real.version}/${artifact}`) {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': archive.length });
      res.end(archive);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, asked, close: () => new Promise((r) => server.close(r)) };
}

/** A copy of the electron package without its binary, its checksums as given. */
function packageWithoutBinary(checksums: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-electron-pkg-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: real.version }));
  fs.copyFileSync(path.join(real.dir, 'install.js'), path.join(dir, 'install.js'));
  fs.writeFileSync(path.join(dir, 'checksums.json'), JSON.stringify(checksums));
  // The installer's own dependencies (@electron/get, the unzipper) from this checkout.
  fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, version: real.version, checksums };
}

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

/** Downloads go to this mirror and an empty cache, whatever the machine's npm config says. */
function useMirror(url: string) {
  process.env.ELECTRON_MIRROR = url;
  delete process.env.npm_config_electron_mirror;
  process.env.electron_config_cache = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-electron-cache-'));
}

describe('npm start fetches the Electron binary on first use', () => {
  it('from ELECTRON_MIRROR, with progress, checked against the checksums, and unpacked where the package looks', async () => {
    const archive = await standInArchive();
    const mirror = await standInMirror(archive);
    try {
      useMirror(mirror.url);
      const sha256 = crypto.createHash('sha256').update(archive).digest('hex');
      const pkg = packageWithoutBinary({ [artifact]: sha256 });
      expect(installedBinary(pkg)).toBeNull();
      const lines: string[] = [];
      const result = await ensureElectron({ pkg, log: (line) => lines.push(line) });

      expect(result.error).toBeUndefined();
      expect(result.binary).toBe(path.join(pkg.dir, 'dist', 'electron'));
      expect(mirror.asked).toContain(`/v${real.version}/${artifact}`);
      expect(lines[0]).toContain(`from ${mirror.url}`);
      expect(lines.at(-1)).toMatch(/100 %$/u);
      const run = spawnSync(result.binary as string, ['.'], { encoding: 'utf8' });
      expect(run.stdout.trim()).toBe('stand-in electron .');

      // Once there, it is not fetched again.
      const before = mirror.asked.length;
      expect(await ensureElectron({ pkg, log: () => {} })).toEqual({ binary: result.binary });
      expect(mirror.asked).toHaveLength(before);
    } finally {
      await mirror.close();
    }
  });

  it('refuses an archive that does not match the package’s checksums, and installs nothing', async () => {
    const mirror = await standInMirror(await standInArchive());
    try {
      useMirror(mirror.url);
      const pkg = packageWithoutBinary(real.checksums);
      const result = await ensureElectron({ pkg, log: () => {} });
      expect(mirror.asked).toContain(`/v${real.version}/${artifact}`);
      expect(result.error).toMatch(/^fetching Electron .* failed \(.*checksum/iu);
      expect(fs.existsSync(path.join(pkg.dir, 'dist'))).toBe(false);
    } finally {
      await mirror.close();
    }
  });

  it.skipIf(!offline || installedBinary(real) !== null)(
    'without a network the real download fails at once and npm start says what failed and what to do',
    () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        electron_config_cache: fs.mkdtempSync(path.join(os.tmpdir(), 'pn-ec-')),
      };
      delete env.ELECTRON_MIRROR;
      delete env.npm_config_electron_mirror;
      const started = Date.now();
      const r = spawnSync(process.execPath, ['scripts/start.mjs'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(r.stderr).toContain(`Fetching Electron ${real.version}`);
      expect(r.stderr).toMatch(/The desktop window cannot open: fetching Electron .* failed \(.+\)\./u);
      expect(r.stderr).toContain('npm run preview');
    },
  );
});
