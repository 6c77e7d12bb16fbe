// The README's test command: lint, format check, type check, then every test.
// Ends with one line `N passed, N failed, N skipped` and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const run = (label, cmd, args) => {
  console.log(`\n== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status === 0;
};

// The app, the service and their tools are built for Node 24 LTS (package.json engines).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.log(
    `Node ${process.version} is too old: Node 24 LTS is needed (on Linux or macOS: source scripts/use-node24.sh).`,
  );
  console.log('\n0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

const checks = [
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['typecheck', 'npx', ['tsc', '-b']],
  // Electronegativity and the CSP evaluator (SECURITY.md, "The security gate in CI").
  ['security scan', 'npx', ['tsx', 'scripts/security-scan.ts']],
  // The end-to-end tests drive the built renderer.
  ['build', 'npm', ['run', 'build', '--silent']],
];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [label, cmd, args] of checks) {
  if (run(label, cmd, args)) passed++;
  else {
    failed++;
    console.log(`!! ${label} failed`);
  }
}

const report = 'test-results/vitest.json';
fs.rmSync(report, { force: true });
fs.rmSync('test-results/service-logs', { recursive: true, force: true });
const vitest = ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
// On Linux the keychain tests need a Secret Service: a private D-Bus session with an unlocked
// gnome-keyring, made for this run alone, its keyring file in a fresh folder.
const withKeyring =
  process.platform === 'linux' &&
  !process.env.DBUS_SESSION_BUS_ADDRESS &&
  has('dbus-run-session') &&
  has('gnome-keyring-daemon');
const vitestOk = withKeyring
  ? run('tests, with a private Secret Service', 'dbus-run-session', [
      '--',
      'sh',
      '-c',
      `export XDG_DATA_HOME="$(mktemp -d)"; printf portal | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ${vitest.join(' ')}`,
    ])
  : run('tests', vitest[0], vitest.slice(1));
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A suite that failed to load has no tests to count; it still fails the run.
  if (!vitestOk && r.numFailedTests === 0) failed++;
} else {
  failed++;
  console.log('!! the test runner wrote no report');
}

// The run's service logs, scanned at its end for personal data and secrets (tests/global-setup.ts).
const scan = 'test-results/service-logs/scan.json';
if (fs.existsSync(scan)) {
  const { lines, leaks } = JSON.parse(fs.readFileSync(scan, 'utf8'));
  if (leaks.length > 0) {
    failed++;
    console.log(`!! the service logs of this run hold personal data or secrets (${leaks.length} of ${lines} lines)`);
  } else passed++;
} else if (fs.existsSync(report)) {
  failed++;
  console.log('!! the service logs of this run were not scanned');
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
