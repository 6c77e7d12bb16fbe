// The packaged app's own folder (build/app): only what the desktop app loads at run time.
// The repository's package.json also carries the policy service's packages (Fastify, the
// database drivers, the PDF and image tools, tsx); none of them belong in an installer.
// electron-builder packs this folder (directories.app) and rebuilds its native modules
// (keytar) for Electron here, leaving the repository's own node_modules as they were.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { init, parse } from 'es-module-lexer';

/** What the built app is made of, relative to the repository and to the staged folder alike. */
export const APP_OUTPUTS = ['out/main', 'out/preload', 'dist/renderer'];

const BUILTINS = new Set(builtinModules);

/** The package a bare import names: `electron-log/main` → `electron-log`, `@a/b/c` → `@a/b`. */
export function packageOf(specifier) {
  if (specifier.startsWith('node:') || specifier.startsWith('.') || specifier.startsWith('/')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? null : name;
}

/**
 * Every package the built main process imports, statically or lazily (`import("keytar")`),
 * read with an ES module lexer. A lazy import of a computed name cannot be known, so it is
 * refused.
 */
export async function runtimeImports(code) {
  await init;
  const [imports] = parse(code);
  const found = new Set();
  for (const { n: specifier, d: dynamic } of imports) {
    if (specifier === undefined) {
      if (dynamic > -1)
        throw new Error('the built main process imports a computed name; the packaged app cannot know it');
      continue;
    }
    const name = packageOf(specifier);
    if (name) found.add(name);
  }
  found.delete('electron'); // Electron itself provides it.
  return [...found].sort();
}

/**
 * The staged app's package.json: the repository's name, version and entry, and as
 * dependencies exactly the packages the built main process imports, at the repository's
 * ranges. A package the build imports but the repository does not declare is an error.
 */
export async function appManifest(rootManifest, mainCode) {
  const dependencies = {};
  for (const name of await runtimeImports(mainCode)) {
    const range = rootManifest.dependencies?.[name];
    if (!range) throw new Error(`the built main process imports ${name}, which package.json does not list`);
    dependencies[name] = range;
  }
  const { name, version, description, author, license, main, type } = rootManifest;
  return { name, version, description, author, license, main, type, dependencies };
}

/** The built main process, all its chunks as one text. */
function mainCode(root) {
  const dir = path.join(root, 'out/main');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

/**
 * Stages the built app into `dest`: the outputs, the manifest, and its packages installed
 * at the versions the repository's lock file holds (no install scripts: electron-builder
 * builds the native ones for Electron).
 */
export async function stageApp({ root = process.cwd(), dest = path.join(root, 'build/app'), install = true } = {}) {
  for (const dir of APP_OUTPUTS) {
    if (!fs.existsSync(path.join(root, dir))) throw new Error(`${dir} is missing: run npm run build first`);
  }
  const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const manifest = await appManifest(rootManifest, mainCode(root));
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  for (const dir of APP_OUTPUTS) fs.cpSync(path.join(root, dir), path.join(dest, dir), { recursive: true });
  fs.writeFileSync(path.join(dest, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (install) {
    // The repository's lock keeps every package at the version the tests ran with; npm prunes
    // what this manifest does not need.
    fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(dest, 'package-lock.json'));
    const npm = spawnSync(
      'npm',
      ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      { cwd: dest, stdio: 'inherit', shell: process.platform === 'win32' },
    );
    if (npm.status !== 0) throw new Error('installing the app’s packages failed');
  }
  return { dest, manifest };
}
