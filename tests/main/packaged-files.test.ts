import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { beforeAll, describe, expect, it } from 'vitest';
import { appManifest, runtimeImports, stageApp } from '../../scripts/stage-app.mjs';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { builderCommand, distPlan, writeDistConfig } from '../../scripts/dist.mjs';
import { fakeElectron } from '../helpers/fake-electron';

/** The policy service's packages: an installer carries none of them. */
const SERVICE_ONLY = [
  'fastify',
  '@fastify/swagger',
  'better-sqlite3',
  'pg',
  'kysely',
  'tsx',
  'esbuild',
  '@napi-rs/canvas',
  '@node-rs/argon2',
  'bcryptjs',
  'pdfkit',
  'pdf-lib',
  'pdfjs-dist',
  '@aws-sdk/client-s3',
  'nodemailer',
  'react',
  'react-dom',
];

const root = process.cwd();
let work: string;
let files: string[];
let asar: string;
let binary: string;

/**
 * Packs the app as `npm run dist` does, with electron-builder itself, onto a stand-in
 * Electron (no binary can be fetched here) and without the native rebuild for Electron (its
 * headers cannot be fetched either): what lands in app.asar is what an installer carries.
 */
beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-pack-'));
  const electronDist = path.join(work, 'electron-dist');
  fakeElectron(electronDist, 'electron');
  fs.writeFileSync(path.join(electronDist, 'version'), 'v45.5.0');
  const { dest } = await stageApp({ root, dest: path.join(work, 'app') });
  const output = path.join(work, 'release');
  // Exactly as `npm run dist` runs it: its configuration file, electron-builder's entry on this Node, no shell.
  const plan = distPlan(
    { PORTAL_UPDATE_URL: 'https://unduh.example/pn' },
    [
      '--linux',
      'dir',
      `-c.directories.app=${dest}`,
      `-c.directories.output=${output}`,
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
    ],
    { configFile: path.join(work, 'dist-config.json') },
  );
  if (plan.error !== undefined) throw new Error(plan.error);
  writeDistConfig(plan);
  const r = spawnSync(process.execPath, [builderCommand(), ...plan.args], {
    cwd: root,
    env: { ...process.env, PORTAL_UPDATE_URL: 'https://unduh.example/pn' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`electron-builder failed:\n${r.stdout}\n${r.stderr}`);
  asar = path.join(output, 'linux-unpacked/resources/app.asar');
  binary = path.join(output, 'linux-unpacked/portal-nasabah');
  files = listPackage(asar, { isPack: false }).map((f) => f.split(path.sep).join('/'));
}, 180_000);

const has = (prefix: string) => files.some((f) => f === prefix || f.startsWith(`${prefix}/`));

describe('the packed binary', () => {
  it('has its fuses set by electron-builder, every one as the app needs it', async () => {
    const wire = await getCurrentFuseWire(binary);
    const state = (o: FuseV1Options) => String.fromCharCode(wire[o] as number);
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe('0');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
    expect(state(FuseV1Options.WasmTrapHandlers)).toBe('1');
  });
});

describe('the packaged app carries only what it loads at run time', () => {
  it('has the built app and the packages its main process imports, keytar among them', async () => {
    for (const file of ['/out/main/index.js', '/out/preload/index.cjs', '/dist/renderer/index.html', '/package.json'])
      expect(files).toContain(file);
    const imported = await runtimeImports(fs.readFileSync(path.join(root, 'out/main/index.js'), 'utf8'));
    expect(imported).toContain('keytar');
    for (const name of imported) expect(files, name).toContain(`/node_modules/${name}/package.json`);
  });

  it('has no service, tests, benches, scripts, sources or source maps', () => {
    for (const dir of ['/server', '/tests', '/bench', '/scripts', '/contract', '/electron', '/renderer', '/shared'])
      expect(has(dir), dir).toBe(false);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('has none of the service’s packages', () => {
    for (const name of SERVICE_ONLY) expect(has(`/node_modules/${name}`), name).toBe(false);
  });

  it('declares exactly those packages in its package.json, at the repository’s ranges', () => {
    const packed = JSON.parse(extractFile(asar, 'package.json').toString('utf8'));
    const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(Object.keys(packed.dependencies).sort()).toEqual(
      Object.keys(rootManifest.dependencies)
        .filter((name) => files.includes(`/node_modules/${name}/package.json`) && packed.dependencies[name])
        .sort(),
    );
    for (const [name, range] of Object.entries(packed.dependencies))
      expect(range).toBe(rootManifest.dependencies[name]);
    expect(packed.devDependencies).toBeUndefined();
    expect(packed.main).toBe(rootManifest.main);
  });

  it('is a fraction of the repository’s packages', () => {
    const size = fs.statSync(asar).size;
    console.log(`app.asar: ${(size / 2 ** 20).toFixed(1)} MiB, ${files.length} entries`);
    expect(size).toBeLessThan(40 * 2 ** 20);
  });
});

describe('the staged manifest', () => {
  it('refuses a package the build imports but package.json does not list', async () => {
    await expect(appManifest({ dependencies: {} }, 'import axios from "axios";')).rejects.toThrow(/axios/u);
  });

  it('reads lazy and subpath imports, and leaves Electron and Node’s own out', async () => {
    const code = [
      'import { app } from "electron";',
      'import fs from "node:fs";',
      'import path from "path";',
      'import log from "electron-log/main";',
      'import { S3 } from "@aws-sdk/client-s3/dist";',
      'const k = import("keytar");',
      'const s = "from \\"fastify\\"";',
    ].join('\n');
    expect(await runtimeImports(code)).toEqual(['@aws-sdk/client-s3', 'electron-log', 'keytar']);
  });
});
