import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ipcContract, ipcEvents } from '../../contract/ipc';
import { IPC_EVENT_NAMES, IPC_METHOD_NAMES } from '../../contract/ipc-names';
import { APP_ID, APP_NAME } from '../../electron/main/core/app-identity';
import afterPack, { BUILDER_FUSE_KEYS, KEPT_AT_DEFAULT, packedBinary } from '../../scripts/after-pack.mjs';
import { builderCommand, distPlan, targetSystems, TEST_BUILD_MARK } from '../../scripts/dist.mjs';
import { ELECTRON_45_DEFAULTS, FUSE_OFF as OFF, FUSE_ON as ON, fakeElectron } from '../helpers/fake-electron';

const context = (appOutDir: string, electronPlatformName: string) => ({
  appOutDir,
  electronPlatformName,
  packager: { appInfo: { productFilename: APP_NAME }, executableName: 'portal-nasabah', config: {} },
});

const builderConfig = parse(fs.readFileSync('electron-builder.yml', 'utf8'));
const packContext = (appOutDir: string, electronPlatformName: string, electronFuses = builderConfig.electronFuses) => ({
  ...context(appOutDir, electronPlatformName),
  packager: { ...context(appOutDir, electronPlatformName).packager, config: { electronFuses } },
});

describe('the after-pack step checks that every fuse is decided, and writes nothing', () => {
  it('passes a binary whose every fuse electron-builder.yml sets, leaving its bytes as they were', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-fuses-'));
    const binary = fakeElectron(dir, 'portal-nasabah');
    const before = fs.readFileSync(binary);
    await afterPack(packContext(dir, 'linux'));
    // Written once, later, by electron-builder itself: on macOS after the two halves are merged.
    expect(fs.readFileSync(binary).equals(before)).toBe(true);
  });

  it('names in electron-builder.yml every fuse electron-builder can set, as a release needs it', () => {
    expect(
      Object.keys(builderConfig.electronFuses)
        .filter((k) => k !== 'resetAdHocDarwinSignature')
        .sort(),
    ).toEqual(Object.values(BUILDER_FUSE_KEYS).sort());
    expect(builderConfig.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every fuse of Electron 45 is either set there or kept at its default on purpose.
    expect(Object.keys(BUILDER_FUSE_KEYS).length + Object.keys(KEPT_AT_DEFAULT).length).toBe(
      ELECTRON_45_DEFAULTS.length,
    );
  });

  it('refuses a binary with a fuse it does not know (an Electron upgrade added one)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-fuses-'));
    fakeElectron(dir, 'portal-nasabah', [...ELECTRON_45_DEFAULTS, ON]);
    await expect(afterPack(packContext(dir, 'linux'))).rejects.toThrow(/fuse 9 is not known/u);
  });

  it('refuses a configuration that leaves a fuse unset', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-fuses-'));
    fakeElectron(dir, 'portal-nasabah');
    const rest = { ...builderConfig.electronFuses };
    delete rest.runAsNode;
    await expect(afterPack(packContext(dir, 'linux', rest))).rejects.toThrow(/RunAsNode is not set/u);
    await expect(afterPack(packContext(dir, 'linux', null))).rejects.toThrow(/not set/u);
  });

  it('refuses a binary whose WebAssembly trap handlers ship off', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-fuses-'));
    fakeElectron(dir, 'portal-nasabah', [...ELECTRON_45_DEFAULTS.slice(0, 8), OFF]);
    await expect(afterPack(packContext(dir, 'linux'))).rejects.toThrow(/WasmTrapHandlers ships off/u);
  });

  it('refuses a binary without a fuse wire rather than shipping it unfused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-fuses-'));
    fs.writeFileSync(path.join(dir, 'portal-nasabah'), crypto.randomBytes(1024));
    await expect(afterPack(packContext(dir, 'linux'))).rejects.toThrow(/sentinel/u);
  });

  it('finds the packed binary of each system', () => {
    expect(packedBinary(context('/o', 'win32'))).toBe(path.join('/o', 'Portal Nasabah.exe'));
    expect(packedBinary(context('/o', 'darwin'))).toBe(path.join('/o', 'Portal Nasabah.app'));
    expect(packedBinary(context('/o', 'linux'))).toBe(path.join('/o', 'portal-nasabah'));
  });
});

describe('electron-builder.yml', () => {
  const config = parse(fs.readFileSync('electron-builder.yml', 'utf8'));

  it('names the app as the code does, with its icon, its fuse check and its targets', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(APP_NAME);
    expect(fs.existsSync(config.icon)).toBe(true);
    expect(fs.existsSync(config.afterPack)).toBe(true);
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    // A .deb, whose post-install keeps the sandbox on; never an AppImage, whose launcher turns it off.
    expect(config.linux.target).toEqual(['deb']);
    expect(config.publish.provider).toBe('generic');
    // The staged folder (scripts/stage-app.mjs), not the repository with the service's packages.
    expect(config.directories.app).toBe('build/app');
  });

  it('installs per user, so electron-updater needs no elevation and an update asks nobody for it', () => {
    // NsisTarget writes isAdminRightsRequired into latest.yml only for a per-machine installer; then
    // NsisUpdater starts the update through elevate.exe, and Windows asks for an administrator.
    expect(config.nsis.perMachine).toBe(false);
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.packElevateHelper).not.toBe(true);
  });

  it('finishes no build unsigned unless asked', () => {
    expect(config.forceCodeSigning).toBe(true);
    expect(config.mac.notarize).toBe(true);
  });

  const release = { PORTAL_UPDATE_URL: 'https://unduh.example/pn' };
  const winSigned = {
    ...release,
    WIN_CSC_LINK: '/secure/pn.pfx',
    PORTAL_PUBLISHER_NAME: 'PT Asuransi Jiwa Contoh Indonesia',
  };
  const macSigned = {
    ...release,
    CSC_LINK: '/secure/pn.p12',
    APPLE_ID: 'build@example.com',
    APPLE_APP_SPECIFIC_PASSWORD: 'x',
    APPLE_TEAM_ID: 'ABCDE12345',
  };

  it('builds only with an https update server named', () => {
    expect(distPlan({}, ['--linux']).error).toContain('PORTAL_UPDATE_URL');
    expect(distPlan({ PORTAL_UPDATE_URL: 'http://unduh.example/' }, ['--linux']).error).toContain('PORTAL_UPDATE_URL');
    expect(distPlan(release, ['--linux']).error).toBeUndefined();
  });

  it('refuses a Windows or macOS release before building when signing or notarisation is missing, naming each', () => {
    const win = distPlan(release, ['--win']).error ?? '';
    expect(win).toContain('WIN_CSC_LINK');
    expect(win).toContain('PORTAL_PUBLISHER_NAME');
    expect(win).toContain('--unsigned-test-build');
    const mac = distPlan({ ...release, CSC_LINK: '/secure/pn.p12' }, ['--mac']).error ?? '';
    expect(mac).not.toContain('CSC_NAME');
    expect(mac).toContain('APPLE_TEAM_ID');
    // With no system named, the build machine's own is built, and checked.
    expect(distPlan(release, [], { platform: 'darwin' }).error).toContain('mac:');
    expect(distPlan(winSigned, ['--win']).error).toBeUndefined();
    expect(distPlan(macSigned, ['--mac']).error).toBeUndefined();
    expect(distPlan({ ...macSigned, APPLE_ID: '' }, ['--mac']).error).toContain('notarisation');
    expect(targetSystems(['-w', '-m', '--linux', 'dir'])).toEqual(['win', 'mac', 'linux']);
  });

  it('hands the certificate name to electron-builder in a file, whole, never through a shell', () => {
    const plan = distPlan(winSigned, ['--win'], { configFile: '/tmp/c.json' });
    if (plan.error !== undefined) throw new Error(plan.error);
    expect(plan.args).toEqual(['--config', '/tmp/c.json', '--win']);
    expect(plan.config).toMatchObject({
      extends: path.resolve('electron-builder.yml'),
      win: { signtoolOptions: { publisherName: 'PT Asuransi Jiwa Contoh Indonesia' } },
    });
    // electron-builder's own entry, run by node: nothing on the way splits an argument.
    expect(builderCommand()).toMatch(/electron-builder[\\/]cli\.js$/u);
    const source = fs.readFileSync('scripts/dist.mjs', 'utf8');
    expect(source).toContain('shell: false');
    expect(source).not.toMatch(/spawnSync\('npx'/u);
    // Not in the file: there it would refuse updates to every differently named build.
    expect(config.win.signtoolOptions?.publisherName).toBeUndefined();
  });

  it('an unsigned test build is asked for by name, says so in its files, keeps --inspect and is never published', () => {
    const plan = distPlan(release, ['--win', '--unsigned-test-build']);
    if (plan.error !== undefined) throw new Error(plan.error);
    expect(plan.testBuild).toBe(true);
    expect(plan.args).not.toContain('--unsigned-test-build');
    expect(plan.args.slice(-2)).toEqual(['--publish', 'never']);
    expect(plan.config).toMatchObject({
      forceCodeSigning: false,
      electronFuses: { enableNodeCliInspectArguments: true },
      mac: { identity: null, notarize: false },
    });
    const names = [plan.config.artifactName, (plan.config.win as { artifactName: string }).artifactName];
    for (const name of names) expect(name).toContain(TEST_BUILD_MARK);
    // A release build's fuses come from electron-builder.yml alone: nothing in the environment turns --inspect on.
    const releasePlan = distPlan({ ...winSigned, PORTAL_TEST_BUILD: '1' }, ['--win']);
    expect(releasePlan.error === undefined && releasePlan.config.electronFuses).toBe(undefined);
  });

  it('npm run dist says what is missing, and builds nothing, without an update server or a signature', () => {
    const r = spawnSync(process.execPath, ['scripts/dist.mjs'], {
      env: { ...process.env, PORTAL_UPDATE_URL: '' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORTAL_UPDATE_URL must name the update server');
    const unsigned = spawnSync(process.execPath, ['scripts/dist.mjs', '--win'], {
      env: { ...process.env, PORTAL_UPDATE_URL: 'https://unduh.example/pn', WIN_CSC_LINK: '', CSC_LINK: '' },
      encoding: 'utf8',
    });
    expect(unsigned.status).toBe(1);
    expect(unsigned.stderr).toContain('A release is signed or not built');
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
