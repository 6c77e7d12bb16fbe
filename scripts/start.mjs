// `npm start`: make sure the Electron binary is here (fetching it on first use), build the
// app, then open it in Electron. Where the binary cannot be had, say what failed and point
// to the browser preview.
import { spawnSync, spawn } from 'node:child_process';
import { ensureElectron, noWindowSentence } from './electron-binary.mjs';

const electron = await ensureElectron();
if (electron.error) {
  console.error(noWindowSentence(electron.error));
  process.exit(1);
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The development service runs on this Node, for which its native modules were built.
const child = spawn(electron.binary, ['.'], {
  stdio: 'inherit',
  env: { ...process.env, PORTAL_DEV_NODE: process.execPath },
});
child.on('exit', (code) => process.exit(code ?? 0));
