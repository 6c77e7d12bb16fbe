// `npm run security-scan`: Electronegativity over the desktop app's code, Google's CSP evaluator
// over the renderer's real policy, and Electron's support window, as CI runs them. Fails on any
// high finding, on any other finding SECURITY.md does not accept at its exact place, on a file the
// scanner cannot read, and on an Electron major that no longer gets security fixes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rendererCsp } from '../electron/main/core/csp';
import { electronSupport, registryTimes } from './electron-support';

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
 * - AvailableSecurityFixesGlobalCheck asks GitHub for Electron's release list, which CI cannot
 *   reach; scripts/electron-support.ts asks the npm registry instead (and fails an unsupported major).
 */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  /** The source line the finding points at, trimmed (`N/A` for a global one): its place, as SECURITY.md names it. */
  code: string;
  description: string;
}

/** A finding's place: its check, its file and its line's code (line numbers move with every edit; the code does not). */
export const placeOf = (f: Pick<Finding, 'id' | 'file' | 'code'>) => `${f.id} ${f.file} ${f.code}`;

/**
 * The findings SECURITY.md accepts, each at its place: rows `| \`CHECK_ID\` | \`file\` | \`code\` | why |`
 * of its tables, counted (two identical calls in one file need two rows).
 */
export function acceptedFindings(securityMd: string): Map<string, number> {
  const accepted = new Map<string, number>();
  for (const m of securityMd.matchAll(/^\|\s*`([A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|/gmu)) {
    const place = placeOf({ id: m[1]!, file: m[2]!, code: m[3]! });
    accepted.set(place, (accepted.get(place) ?? 0) + 1);
  }
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
    const codeAt = (file: string, line: number) =>
      file === 'N/A' || !line ? 'N/A' : (fs.readFileSync(file, 'utf8').split('\n')[line - 1] ?? '').trim();
    return {
      findings: result.issues.map((i: any) => ({
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: relative(i.file),
        line: i.location?.line ?? 0,
        code: codeAt(i.file, i.location?.line ?? 0),
        description: String(i.description),
      })),
      unread: result.errors.map((e: any) => relative(String(e.file))),
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * What blocks: every high finding, and any other (medium, low, informational) unless SECURITY.md
 * accepts it at its place — a new call in an accepted file is a new place, and blocks.
 */
export function blocking(findings: Finding[], accepted: Map<string, number>): Finding[] {
  const left = new Map(accepted);
  return findings.filter((f) => {
    if (f.severity === 'HIGH') return true;
    const n = left.get(placeOf(f)) ?? 0;
    if (n === 0) return true;
    left.set(placeOf(f), n - 1);
    return false;
  });
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
  for (const f of findings)
    console.log(`${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line} (${f.confidence}) \`${f.code}\``);
  for (const file of unread) console.log(`!! the scanner could not read ${file}`);
  const blocked = blocking(findings, accepted);
  for (const f of blocked)
    console.log(
      `!! ${f.severity} ${f.id} in ${f.file}:${f.line} \`${f.code}\`: not accepted at this place in SECURITY.md`,
    );
  const weak = cspWeaknesses(rendererCsp());
  for (const w of weak) console.log(`!! the renderer's CSP: ${w}`);
  // The one check here that reads today's date: support ends on a date, whatever the code.
  const pinned = JSON.parse(fs.readFileSync('node_modules/electron/package.json', 'utf8')).version as string;
  const support = electronSupport({ pinned, today: Date.now(), times: registryTimes() });
  console.log(`${support.ok ? '' : '!! '}${support.message}`);
  if (support.advice) console.log(support.advice);
  console.log(
    `electronegativity: ${findings.length} findings, ${blocked.length} blocking, ${unread.length} unread; CSP: ${weak.length} weaknesses; Electron ${support.ok ? 'supported' : 'unsupported'}`,
  );
  process.exit(blocked.length + unread.length + weak.length > 0 || !support.ok ? 1 : 0);
}
