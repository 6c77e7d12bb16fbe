// The Electron binary for `npm start`. The electron package fetches its binary on first use
// rather than at install; this does that fetch itself, through Electron's own downloader
// (@electron/get: ELECTRON_MIRROR, the npm config's electron_mirror, the cache, the
// package's checksums), with its progress on the console and a plain answer when it fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Where the electron package lives, and the version and checksums it was published with. */
export function electronPackage(dir = path.dirname(require.resolve('electron/package.json'))) {
  const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  return { dir, version: read('package.json').version, checksums: read('checksums.json') };
}

/** The binary's path when it is installed for this version, or null. */
export function installedBinary({ dir, version }) {
  try {
    const relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8');
    if (fs.readFileSync(path.join(dir, 'dist', 'version'), 'utf8').replace(/^v/u, '') !== version) return null;
    const binary = path.join(dir, 'dist', relative);
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** A failure in one line: the message and, for network errors, the system's cause. */
export function describeFailure(error) {
  const cause = error?.cause;
  const detail = cause?.code ? `${cause.code}${cause.hostname ? ` ${cause.hostname}` : ''}` : cause?.message;
  return [error?.message ?? String(error), detail].filter(Boolean).join(': ');
}

/**
 * Makes sure the binary is there, fetching it when it is not. Answers `{ binary }` or
 * `{ error }` (one line saying what failed); `log` receives the progress lines.
 */
export async function ensureElectron({ pkg = electronPackage(), log = (line) => console.error(line) } = {}) {
  const present = installedBinary(pkg);
  if (present) return { binary: present };

  const getPath = createRequire(path.join(pkg.dir, 'package.json')).resolve('@electron/get');
  const get = await import(pathToFileURL(getPath).href);
  if (PROXY_VARIABLES.some((name) => process.env[name])) get.initializeProxy();

  const platform = process.platform;
  const arch = process.arch;
  const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror || 'GitHub';
  log(`Fetching Electron ${pkg.version} for ${platform}-${arch} from ${mirror} (once; about 100 MB)…`);
  let shown = -1;
  try {
    await get.downloadArtifact({
      version: pkg.version,
      artifactName: 'electron',
      platform,
      arch,
      checksums: pkg.checksums,
      cacheRoot: process.env.electron_config_cache,
      downloadOptions: {
        quiet: true,
        getProgressCallback: ({ percent }) => {
          const tenth = Math.floor(percent * 10);
          if (tenth > shown) {
            shown = tenth;
            log(`  Electron ${pkg.version}: ${tenth * 10} %`);
          }
        },
      },
    });
  } catch (error) {
    return { error: `fetching Electron ${pkg.version} failed (${describeFailure(error)})` };
  }
  // The package's own installer unpacks the archive, now in the cache, and records its path.
  const unpack = spawnSync(process.execPath, [path.join(pkg.dir, 'install.js')], { stdio: 'inherit' });
  const binary = installedBinary(pkg);
  if (unpack.status !== 0 || !binary) return { error: `unpacking Electron ${pkg.version} failed` };
  return { binary };
}

/** The sentence `npm start` ends with when there is no binary. */
export function noWindowSentence(error) {
  return (
    `The desktop window cannot open: ${error}. Set ELECTRON_MIRROR (or HTTPS_PROXY) and run \`npm start\` again, ` +
    'or run `npm run preview` to use the same app in your browser.'
  );
}
