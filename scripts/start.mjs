// `npm start`: build the app, then open it in Electron. Where no Electron binary is
// installed, say so plainly and point to the browser preview.
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let electronBinary;
try {
  // The electron package answers the binary's path, or throws when the binary is missing.
  electronBinary = createRequire(import.meta.url)('electron');
} catch {
  console.error(
    'The Electron binary is not installed on this machine, so the desktop window cannot open; run `npm run preview` to use the same app in your browser.',
  );
  process.exit(1);
}
// The development service runs on this Node, for which its native modules were built.
const child = spawn(electronBinary, ['.'], {
  stdio: 'inherit',
  env: { ...process.env, PORTAL_DEV_NODE: process.execPath },
});
child.on('exit', (code) => process.exit(code ?? 0));
