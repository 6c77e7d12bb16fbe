// `npm run dist`: checks the build machine's settings, stages the app's own folder (only
// what it loads at run time, scripts/stage-app.mjs), then runs electron-builder on it.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { stageApp } from './stage-app.mjs';

/**
 * electron-builder's arguments for this build machine, or the reason it cannot build.
 * - PORTAL_UPDATE_URL (https) is where installed apps look for updates; the installers carry it.
 * - PORTAL_PUBLISHER_NAME, where the Windows build is signed: the certificate's name exactly.
 *   electron-updater then installs only updates signed by that name; with no name (an unsigned
 *   build) it checks none, instead of refusing every update.
 */
export function distArgs(env, argv) {
  const url = env.PORTAL_UPDATE_URL;
  if (!url || !URL.canParse(url) || new URL(url).protocol !== 'https:') {
    return {
      error:
        'PORTAL_UPDATE_URL must name the update server, for example https://unduh.example/portal-nasabah: the installers carry it, and installed apps ask it for updates.',
    };
  }
  const args = [...argv];
  if (env.PORTAL_PUBLISHER_NAME) args.push(`-c.win.signtoolOptions.publisherName=${env.PORTAL_PUBLISHER_NAME}`);
  return { args };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const plan = distArgs(process.env, process.argv.slice(2));
  if (plan.error) {
    console.error(plan.error);
    process.exit(1);
  }
  await stageApp();
  const r = spawnSync('npx', ['electron-builder', ...plan.args], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(r.status ?? 1);
}
