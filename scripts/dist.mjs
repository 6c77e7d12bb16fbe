// `npm run dist`: checks the build machine's settings, stages the app's own folder (only
// what it loads at run time, scripts/stage-app.mjs), then runs electron-builder on it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stageApp } from './stage-app.mjs';

export const TEST_BUILD_FLAG = '--unsigned-test-build';
/** In every artefact's name of a test build, so nobody mistakes one for a release. */
export const TEST_BUILD_MARK = 'UNSIGNED-TEST';
/** The configuration electron-builder reads: electron-builder.yml, with this build's settings over it. */
export const DIST_CONFIG = 'build/dist-config.json';

/** The systems a command line builds for: electron-builder's flags, or the machine's own system. */
export function targetSystems(argv, platform = process.platform) {
  const systems = new Set();
  for (const a of argv) {
    if (a === '--win' || a === '-w' || a === '--windows') systems.add('win');
    else if (a === '--mac' || a === '-m' || a === '--macos') systems.add('mac');
    else if (a === '--linux' || a === '-l') systems.add('linux');
  }
  if (systems.size === 0) systems.add(platform === 'win32' ? 'win' : platform === 'darwin' ? 'mac' : 'linux');
  return [...systems];
}

const has = (env, ...names) => names.every((n) => Boolean(env[n]));

/** What a signed release for a system needs from the environment and does not have, in words. */
function missingSigning(env, system) {
  if (system === 'win') {
    const missing = [];
    if (!env.WIN_CSC_LINK && !env.CSC_LINK) missing.push('WIN_CSC_LINK (the code-signing certificate)');
    // electron-updater installs only updates signed by this name: without it, it checks none.
    if (!env.PORTAL_PUBLISHER_NAME) missing.push("PORTAL_PUBLISHER_NAME (the certificate's name, exactly)");
    return missing;
  }
  if (system === 'mac') {
    const missing = [];
    if (!env.CSC_LINK && !env.CSC_NAME) missing.push('CSC_LINK or CSC_NAME (the Developer ID Application certificate)');
    const notarisation =
      has(env, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') ||
      has(env, 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') ||
      has(env, 'APPLE_KEYCHAIN_PROFILE');
    if (!notarisation)
      missing.push(
        'APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID (or APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER) for notarisation',
      );
    return missing;
  }
  return [];
}

/**
 * electron-builder's arguments and this build's settings for the build machine, or the reason it
 * cannot build. A release is signed (and, on macOS, notarised) or refused before anything is built;
 * an unsigned build happens only when asked for by name (`--unsigned-test-build`), and then says so
 * in every artefact's name, keeps `--inspect` for Playwright's `_electron`, and is never published.
 * - PORTAL_UPDATE_URL (https) is where installed apps look for updates; the installers carry it.
 * - PORTAL_PUBLISHER_NAME: the Windows certificate's name exactly; electron-updater then installs
 *   only updates signed by that name. It travels in a file, never through a shell that would split it.
 */
export function distPlan(env, argv, { platform = process.platform, configFile = DIST_CONFIG } = {}) {
  const url = env.PORTAL_UPDATE_URL;
  if (!url || !URL.canParse(url) || new URL(url).protocol !== 'https:') {
    return {
      error:
        'PORTAL_UPDATE_URL must name the update server, for example https://unduh.example/portal-nasabah: the installers carry it, and installed apps ask it for updates.',
    };
  }
  const testBuild = argv.includes(TEST_BUILD_FLAG);
  const args = argv.filter((a) => a !== TEST_BUILD_FLAG);
  const config = { extends: path.resolve('electron-builder.yml') };
  if (env.PORTAL_PUBLISHER_NAME) config.win = { signtoolOptions: { publisherName: env.PORTAL_PUBLISHER_NAME } };
  if (testBuild) {
    const name = `\${productName}-\${version}-\${arch}-${TEST_BUILD_MARK}.\${ext}`;
    Object.assign(config, {
      forceCodeSigning: false,
      artifactName: name,
      electronFuses: { enableNodeCliInspectArguments: true },
      mac: { identity: null, notarize: false },
    });
    config.win = { ...config.win, artifactName: `\${productName}-Setup-\${version}-${TEST_BUILD_MARK}.\${ext}` };
    args.push('--publish', 'never');
  } else {
    const missing = targetSystems(args, platform).flatMap((s) => missingSigning(env, s).map((m) => `${s}: ${m}`));
    if (missing.length > 0) {
      return {
        error: `A release is signed or not built. Missing:\n- ${missing.join('\n- ')}\nFor an unsigned build to try out, run npm run dist -- ${TEST_BUILD_FLAG} (its files are named ${TEST_BUILD_MARK}).`,
      };
    }
  }
  return { args: ['--config', configFile, ...args], config, configFile, testBuild };
}

/** Writes the plan's configuration where its arguments point electron-builder. */
export function writeDistConfig(plan) {
  fs.mkdirSync(path.dirname(plan.configFile), { recursive: true });
  fs.writeFileSync(plan.configFile, JSON.stringify(plan.config, null, 2));
}

/** electron-builder's own entry, run with this Node: no `npx`, no shell, on every system. */
export function builderCommand() {
  return createRequire(import.meta.url).resolve('electron-builder/cli.js');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const plan = distPlan(process.env, process.argv.slice(2));
  if (plan.error) {
    console.error(plan.error);
    process.exit(1);
  }
  await stageApp();
  writeDistConfig(plan);
  const r = spawnSync(process.execPath, [builderCommand(), ...plan.args], { stdio: 'inherit', shell: false });
  if (r.error) console.error(`electron-builder could not be started: ${r.error.message}`);
  process.exit(r.status ?? 1);
}
