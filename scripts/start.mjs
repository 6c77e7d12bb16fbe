// `npm start`: make sure the Electron binary is here (fetching it on first use), build the
// app, then open it in Electron. Every way this can fail says, in one sentence, what failed and
// what to do, and ends with a non-zero exit code.
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ensureElectron, noWindowSentence } from './electron-binary.mjs';

/**
 * How to run `npm run build` without a shell, on every system: npm's own script through this Node
 * (npm_execpath, set by `npm start`), or else `npm` itself (`npm.cmd` on Windows, which only a shell
 * or its full name starts).
 */
export function buildCommand(env = process.env, platform = process.platform) {
  if (env.npm_execpath && /\.c?js$/u.test(env.npm_execpath))
    return { command: process.execPath, args: [env.npm_execpath, 'run', 'build', '--silent'] };
  return {
    command: platform === 'win32' ? 'npm.cmd' : 'npm',
    args: ['run', 'build', '--silent'],
    shell: platform === 'win32',
  };
}

/** What to tell the person when Electron ended by a signal: on Linux, almost always its sandbox helper. */
export function signalSentence(signal, platform = process.platform) {
  const base = `Electron stopped with ${signal} before the app could open.`;
  if (platform !== 'linux') return `${base} Run npm start again; if it happens again, see the log above.`;
  return (
    `${base} On Linux this is usually the sandbox: where user namespaces are restricted (Ubuntu 24.04) run ` +
    '`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`, or give the helper its rights with ' +
    '`sudo chown root node_modules/electron/dist/chrome-sandbox && sudo chmod 4755 node_modules/electron/dist/chrome-sandbox`, ' +
    'then run npm start again.'
  );
}

/**
 * Builds, then runs Electron on the app and waits for it: the exit code to end with (0 only when
 * Electron itself ended cleanly), having said what went wrong otherwise.
 */
export async function runStart({
  electron,
  build = buildCommand(),
  env = process.env,
  platform = process.platform,
  log = (line) => console.error(line),
  stdio = 'inherit',
}) {
  const built = spawnSync(build.command, build.args, { stdio, shell: build.shell ?? false });
  if (built.error) {
    log(`The build could not be started (${built.error.message}): run npm ci, then npm start again.`);
    return 1;
  }
  if (built.status !== 0) {
    log(
      built.signal
        ? `The build was stopped by ${built.signal}: run npm start again.`
        : `The build failed (exit code ${built.status}): the messages above say why; fix that, then run npm start again.`,
    );
    return built.status || 1;
  }
  // The development service runs on this Node, for which its native modules were built.
  const child = spawn(electron, ['.'], { stdio, env: { ...env, PORTAL_DEV_NODE: process.execPath } });
  return new Promise((resolve) => {
    child.on('error', (err) => {
      log(`Electron could not be started (${err.message}): run npm ci to fetch it again, then npm start.`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      if (signal) {
        log(signalSentence(signal, platform));
        resolve(1);
      } else if (code !== 0) {
        log(`Electron ended with exit code ${code}: the messages above say why; run npm start again once it is fixed.`);
        resolve(code ?? 1);
      } else resolve(0);
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const electron = await ensureElectron();
  if (electron.error) {
    console.error(noWindowSentence(electron.error));
    process.exit(1);
  }
  process.exit(await runStart({ electron: electron.binary }));
}
