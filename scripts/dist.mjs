// `npm run dist`: checks the build machine's settings, then runs electron-builder.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

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
  const r = spawnSync('npx', ['electron-builder', ...plan.args], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(r.status ?? 1);
}
