import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ipcContract, ipcEvents } from '../../contract/ipc';
import { IPC_EVENT_NAMES, IPC_METHOD_NAMES } from '../../contract/ipc-names';
import { APP_ID, APP_NAME } from '../../electron/main/core/app-identity';
import afterPack, { fuseConfig, packedBinary } from '../../scripts/after-pack.mjs';
import { distArgs } from '../../scripts/dist.mjs';
import { ELECTRON_45_DEFAULTS, FUSE_ON as ON, FUSE_SENTINEL as SENTINEL, fakeElectron } from '../helpers/fake-electron';

const context = (appOutDir: string, electronPlatformName: string) => ({
  appOutDir,
  electronPlatformName,
  packager: { appInfo: { productFilename: APP_NAME }, executableName: 'portal-nasabah' },
});

describe('the after-pack step sets the fuses', () => {
  it('in a release build: no RunAsNode, NODE_OPTIONS or --inspect; asar only, checked; cookies encrypted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-fuses-'));
    const binary = fakeElectron(dir, 'portal-nasabah');
    const before = fs.readFileSync(binary);
    await afterPack(context(dir, 'linux'));
    const wire = await getCurrentFuseWire(binary);
    const state = (o: FuseV1Options) => String.fromCharCode(wire[o] as number);
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
    expect(state(FuseV1Options.WasmTrapHandlers)).toBe('1');
    // Only the wire changed: every other byte of the binary is as it was.
    const after = fs.readFileSync(binary);
    const wireAt = before.indexOf(SENTINEL) + SENTINEL.length + 2;
    const n = ELECTRON_45_DEFAULTS.length;
    expect(after.subarray(0, wireAt).equals(before.subarray(0, wireAt))).toBe(true);
    expect(after.subarray(wireAt + n).equals(before.subarray(wireAt + n))).toBe(true);
    expect(after.subarray(wireAt, wireAt + n).equals(before.subarray(wireAt, wireAt + n))).toBe(false);
  });

  it('names every fuse Electron 45 has, and refuses a binary with one it does not know', async () => {
    const named = Object.keys(fuseConfig()).filter((k) => /^\d+$/u.test(k));
    expect(named).toHaveLength(ELECTRON_45_DEFAULTS.length);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-fuses-'));
    fakeElectron(dir, 'portal-nasabah', [...ELECTRON_45_DEFAULTS, ON]);
    await expect(afterPack(context(dir, 'linux'))).rejects.toThrow(/strictlyRequireAllFuses/u);
  });

  it('a test build keeps --inspect for Playwright, and nothing else changes', () => {
    const release = fuseConfig({ testBuild: false });
    const test = fuseConfig({ testBuild: true });
    expect(test[FuseV1Options.EnableNodeCliInspectArguments]).toBe(true);
    expect({ ...test, [FuseV1Options.EnableNodeCliInspectArguments]: false }).toEqual(release);
  });

  it('refuses a binary without a fuse wire rather than shipping it unfused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-fuses-'));
    fs.writeFileSync(path.join(dir, 'portal-nasabah'), crypto.randomBytes(1024));
    await expect(afterPack(context(dir, 'linux'))).rejects.toThrow(/sentinel/u);
  });

  it('finds the packed binary of each system', () => {
    expect(packedBinary(context('/o', 'win32'))).toBe(path.join('/o', 'Portal Nasabah.exe'));
    expect(packedBinary(context('/o', 'darwin'))).toBe(path.join('/o', 'Portal Nasabah.app'));
    expect(packedBinary(context('/o', 'linux'))).toBe(path.join('/o', 'portal-nasabah'));
  });
});

describe('electron-builder.yml', () => {
  const config = parse(fs.readFileSync('electron-builder.yml', 'utf8'));

  it('names the app as the code does, with its icon, its fuse step and its targets', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(APP_NAME);
    expect(fs.existsSync(config.icon)).toBe(true);
    expect(fs.existsSync(config.afterPack)).toBe(true);
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.nsis.perMachine).toBe(false);
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.linux.target).toEqual(['AppImage']);
    expect(config.publish.provider).toBe('generic');
    // The staged folder (scripts/stage-app.mjs), not the repository with the service's packages.
    expect(config.directories.app).toBe('build/app');
  });

  it('builds only with an https update server named, and names the signer only where one is given', () => {
    expect(distArgs({}, []).error).toContain('PORTAL_UPDATE_URL');
    expect(distArgs({ PORTAL_UPDATE_URL: 'http://unduh.example/' }, []).error).toContain('PORTAL_UPDATE_URL');
    expect(distArgs({ PORTAL_UPDATE_URL: 'https://unduh.example/pn' }, ['--win'])).toEqual({ args: ['--win'] });
    expect(
      distArgs({ PORTAL_UPDATE_URL: 'https://unduh.example/pn', PORTAL_PUBLISHER_NAME: 'PT Contoh Asuransi' }, [
        '--win',
      ]).args,
    ).toEqual(['--win', '-c.win.signtoolOptions.publisherName=PT Contoh Asuransi']);
    // Not in the file: there it would refuse updates to every unsigned or differently named build.
    expect(config.win.signtoolOptions?.publisherName).toBeUndefined();
  });

  it('npm run dist says what is missing, and builds nothing, without an update server', () => {
    const r = spawnSync(process.execPath, ['scripts/dist.mjs'], {
      env: { ...process.env, PORTAL_UPDATE_URL: '' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORTAL_UPDATE_URL must name the update server');
  });

  it('keeps signing secrets out of the repository', () => {
    const text = fs.readFileSync('electron-builder.yml', 'utf8');
    expect(text).not.toMatch(/certificatePassword|cscKeyPassword|appleIdPassword|\.p12|\.pfx/iu);
  });
});

describe('the preload', () => {
  it('lists exactly the contract’s methods and events', () => {
    expect([...IPC_METHOD_NAMES].sort()).toEqual(Object.keys(ipcContract).sort());
    expect([...IPC_EVENT_NAMES].sort()).toEqual(Object.keys(ipcEvents).sort());
  });

  it('is built small, without the schemas (they are checked in the main process)', () => {
    const built = fs.readFileSync(path.resolve('out/preload/index.cjs'), 'utf8');
    expect(built.length).toBeLessThan(10 * 1024);
    expect(built).not.toMatch(/ZodError|safeParse/u);
    expect(built).toContain('portal:');
  });
});
