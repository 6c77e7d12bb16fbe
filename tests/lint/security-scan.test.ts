import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererCsp } from '../../electron/main/core/csp';
import { electronSupport, KNOWN_RELEASES, newestOfMajor, supportedMajors } from '../../scripts/electron-support';
import { acceptedFindings, blocking, cspWeaknesses, placeOf, scan, SCAN_INPUTS } from '../../scripts/security-scan';

const securityMd = fs.readFileSync('SECURITY.md', 'utf8');

describe('the security gate (Electronegativity and the CSP evaluator)', () => {
  it('passes the app as it is: no high finding, every medium one explained in SECURITY.md', async () => {
    const { findings, unread } = await scan(SCAN_INPUTS);
    expect(unread).toEqual([]);
    expect(blocking(findings, acceptedFindings(securityMd))).toEqual([]);
    // Each accepted place is still there, as often as it is listed: SECURITY.md keeps no excuse for something gone.
    const found = new Map<string, number>();
    for (const f of findings) found.set(placeOf(f), (found.get(placeOf(f)) ?? 0) + 1);
    for (const [place, n] of acceptedFindings(securityMd)) expect(found.get(place), place).toBe(n);
  }, 60_000);

  it('fails a window without the sandbox, with Node integration and no limits on navigation, whatever SECURITY.md says', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-scan-bad-'));
    fs.mkdirSync(path.join(root, 'electron/main'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'electron/main/window.js'),
      [
        "const { BrowserWindow } = require('electron');",
        'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
        "win.loadURL('https://example.com/');",
      ].join('\n'),
    );
    fs.mkdirSync(path.join(root, 'node_modules/electron'), { recursive: true });
    fs.copyFileSync('node_modules/electron/package.json', path.join(root, 'node_modules/electron/package.json'));
    const { findings } = await scan(['electron/main'], root);
    const blocked = blocking(findings, acceptedFindings(securityMd));
    expect(blocked.map((f) => f.id)).toEqual(
      expect.arrayContaining(['SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
    expect(blocked.some((f) => f.severity === 'HIGH')).toBe(true);
  }, 60_000);

  it('accepts a finding only at the place SECURITY.md names: a new call in an accepted file blocks', () => {
    const finding = {
      id: 'OPEN_EXTERNAL_JS_CHECK',
      severity: 'MEDIUM',
      confidence: 'TENTATIVE',
      line: 1,
      file: 'electron/main/shell/security.ts',
      code: 'return shell.openExternal(url);',
      description: '',
    };
    const accepted = acceptedFindings(securityMd);
    expect(blocking([finding], accepted)).toEqual([]);
    expect(blocking([{ ...finding, file: 'electron/main/shell/elsewhere.ts' }], accepted)).toHaveLength(1);
    expect(blocking([{ ...finding, code: 'void shell.openExternal(anything);' }], accepted)).toHaveLength(1);
    // The same line twice where SECURITY.md lists it once: the second one blocks.
    expect(blocking([finding, { ...finding, line: 40 }], accepted)).toHaveLength(1);
    expect(blocking([{ ...finding, severity: 'HIGH' }], accepted)).toHaveLength(1);
    // Low and informational findings block too until they are reviewed here.
    expect(blocking([{ ...finding, id: 'SOME_LOW_CHECK', severity: 'LOW' }], accepted)).toHaveLength(1);
    expect(blocking([{ ...finding, id: 'SOME_INFO_CHECK', severity: 'INFORMATIONAL' }], accepted)).toHaveLength(1);
  });

  it('finds a new openExternal call in an accepted file, scanned for real', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-scan-new-'));
    for (const input of SCAN_INPUTS) fs.cpSync(input, path.join(root, input), { recursive: true });
    fs.mkdirSync(path.join(root, 'node_modules/electron'), { recursive: true });
    fs.copyFileSync('node_modules/electron/package.json', path.join(root, 'node_modules/electron/package.json'));
    const file = path.join(root, 'electron/main/shell/security.ts');
    fs.appendFileSync(file, '\nexport const leak = (u: string) => shell.openExternal(u);\n');
    const { findings } = await scan(SCAN_INPUTS, root);
    const blocked = blocking(findings, acceptedFindings(securityMd));
    expect(blocked.map((f) => `${f.id} ${f.file} ${f.code}`)).toEqual([
      'OPEN_EXTERNAL_JS_CHECK electron/main/shell/security.ts export const leak = (u: string) => shell.openExternal(u);',
    ]);
  }, 60_000);

  it('finds the renderer’s policy strong, and a policy with inline script and no object-src weak', () => {
    expect(cspWeaknesses(rendererCsp())).toEqual([]);
    expect(cspWeaknesses("script-src 'self' 'unsafe-inline'").length).toBeGreaterThan(0);
  });
});

describe('Electron’s support window', () => {
  const times = {
    created: '2013-04-12T00:00:00Z',
    '42.0.0': '2026-04-28T00:00:00Z',
    '43.0.0': '2026-06-23T00:00:00Z',
    '44.0.0-beta.1': '2026-06-30T00:00:00Z',
    '44.0.0': '2026-08-25T00:00:00Z',
    '45.0.0': '2026-10-21T00:00:00Z',
    '45.1.0': '2026-11-04T00:00:00Z',
    '45.10.2': '2026-12-01T00:00:00Z',
    '45.9.0': '2026-11-25T00:00:00Z',
    '46.0.0-alpha.3': '2026-11-20T00:00:00Z',
  };

  it('takes the newest three stable majors from the registry, and fails a major below them', () => {
    expect(supportedMajors(times)).toEqual([45, 44, 43]);
    expect(electronSupport({ pinned: '45.5.0', today: 0, times })).toMatchObject({ ok: true });
    expect(electronSupport({ pinned: '42.3.0', today: 0, times })).toMatchObject({
      ok: false,
      message: expect.stringContaining('no longer supported'),
    });
  });

  it('names a newer patch of the pinned major, without failing for it', () => {
    expect(newestOfMajor(times, 45)).toBe('45.10.2');
    expect(electronSupport({ pinned: '45.5.0', today: 0, times }).advice).toContain('45.10.2');
    expect(electronSupport({ pinned: '45.10.2', today: 0, times }).advice).toBeUndefined();
  });

  it('without the registry, estimates the end from the major’s release and the eight-week cadence', () => {
    const released = Date.parse('2026-10-21T00:00:00Z');
    const day = 86_400_000;
    expect(electronSupport({ pinned: '45.5.0', today: released + 167 * day }).ok).toBe(true);
    expect(electronSupport({ pinned: '45.5.0', today: released + 168 * day })).toMatchObject({
      ok: false,
      message: expect.stringContaining('out of support about 2027-04-07'),
    });
    expect(electronSupport({ pinned: '46.0.0', today: released }).ok).toBe(false);
  });

  it('knows the release date of the Electron the app is pinned to', () => {
    const pinned = JSON.parse(fs.readFileSync('node_modules/electron/package.json', 'utf8')).version as string;
    expect(KNOWN_RELEASES[Number(pinned.split('.')[0])]).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
  });
});
