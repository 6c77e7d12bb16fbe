// `npm run service -- …`: the built service (dist/service/main.mjs, plain JavaScript run by
// Node), built first when it is missing or older than its sources, so that the README's service
// commands work straight after a clone or an edit. Operators run `node main.mjs` of the built
// folder directly (docs/operations.md, Deployment); development runs `npm run service:dev` (tsx, watching).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_NODE_FLAGS } from './service-flags.mjs';

const main = path.resolve('dist/service/main.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(main) ? fs.statSync(main).mtimeMs : 0;
if (built < Math.max(newestSource('server'), newestSource('contract'), newestSource('resources'))) {
  execFileSync(process.execPath, ['scripts/build-service.mjs'], { stdio: 'inherit' });
}
// With the flags it is deployed with; its signals and exit code are the service's own.
const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, main, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
