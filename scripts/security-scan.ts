// `npm run security-scan`: Electronegativity over the desktop app's code, and Google's CSP
// evaluator over the renderer's real policy, as CI runs them. Fails on any high finding, on
// any medium finding that SECURITY.md does not explain, and on a file the scanner cannot read.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rendererCsp } from '../electron/main/core/csp';

const require = createRequire(import.meta.url);
const scannerDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));

/**
 * The scanner fetches fresh translations from the internet before every run and, offline,
 * crashes on a retry timer of its HTTP client after it has already given up. Its bundled
 * English texts are all it needs: this sets them up as its own loader does, without the fetch.
 */
function useBundledTranslations(): void {
  const file = path.join(scannerDir, 'dist/locales/i18n.js');
  const i18n = createRequire(file)('i18n');
  const load = async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: path.dirname(file),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: globalThis,
    });
    i18n.setLocale('en-US');
  };
  require.cache[file] = {
    id: file,
    filename: file,
    loaded: true,
    exports: { __esModule: true, default: load },
  } as unknown as NodeJS.Module;
}

/** What is scanned, together (the global checks look across all of it): main, preload, page. */
export const SCAN_INPUTS = ['electron/main', 'electron/preload', 'renderer/index.html'];

/**
 * Checks left out, each for a reason:
 * - AvailableSecurityFixesGlobalCheck asks GitHub for Electron's release list (no network in
 *   CI); Electron is kept on the newest release of a supported major by hand (README).
 */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  description: string;
}

/** The findings SECURITY.md accepts: rows `| \`CHECK_ID\` | \`file\` | why |` of its table. */
export function acceptedFindings(securityMd: string): Set<string> {
  const accepted = new Set<string>();
  for (const m of securityMd.matchAll(/^\|\s*`([A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|/gmu)) accepted.add(`${m[1]} ${m[2]}`);
  return accepted;
}

/** Runs Electronegativity over `inputs` (relative to `root`), copied side by side into one folder. */
export async function scan(inputs: string[], root = process.cwd()): Promise<{ findings: Finding[]; unread: string[] }> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-scan-'));
  for (const input of inputs) fs.cpSync(path.join(root, input), path.join(staging, input), { recursive: true });
  useBundledTranslations();
  const run = require(path.join(scannerDir, 'dist/runner.js'));
  const electron = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'));
  try {
    const result = await run({
      input: staging,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS,
      isRelative: false,
      electronVersionOverride: electron.version,
      parserPlugins: [],
    });
    const relative = (file: string) => (file === 'N/A' ? file : path.relative(staging, file).split(path.sep).join('/'));
    return {
      findings: result.issues.map((i: any) => ({
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: relative(i.file),
        line: i.location?.line ?? 0,
        description: String(i.description),
      })),
      unread: result.errors.map((e: any) => relative(String(e.file))),
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** What blocks: every high finding, and a medium one unless SECURITY.md accepts it. */
export function blocking(findings: Finding[], accepted: Set<string>): Finding[] {
  return findings.filter(
    (f) => f.severity === 'HIGH' || (f.severity === 'MEDIUM' && !accepted.has(`${f.id} ${f.file}`)),
  );
}

/** The CSP evaluator's high and medium findings for a policy (its "maybe" ones are advice). */
export function cspWeaknesses(policy: string): string[] {
  const csp = require('@doyensec/csp-evaluator');
  const parsed = new csp.CspParser(policy).csp;
  const strong = new Set([csp.severities.HIGH, csp.severities.SYNTAX, csp.severities.MEDIUM]);
  return new csp.CspEvaluator(parsed, csp.Version.CSP3)
    .evaluate()
    .filter((f: any) => strong.has(f.severity))
    .map((f: any) => `${f.directive}: ${f.description}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const accepted = acceptedFindings(fs.readFileSync('SECURITY.md', 'utf8'));
  const { findings, unread } = await scan(SCAN_INPUTS);
  for (const f of findings) console.log(`${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line} (${f.confidence})`);
  for (const file of unread) console.log(`!! the scanner could not read ${file}`);
  const blocked = blocking(findings, accepted);
  for (const f of blocked) console.log(`!! ${f.severity} ${f.id} in ${f.file}:${f.line}: not accepted in SECURITY.md`);
  const weak = cspWeaknesses(rendererCsp());
  for (const w of weak) console.log(`!! the renderer's CSP: ${w}`);
  console.log(
    `electronegativity: ${findings.length} findings, ${blocked.length} blocking, ${unread.length} unread; CSP: ${weak.length} weaknesses`,
  );
  process.exit(blocked.length + unread.length + weak.length > 0 ? 1 : 0);
}
