import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererCsp } from '../../electron/main/core/csp';
import { acceptedFindings, blocking, cspWeaknesses, scan, SCAN_INPUTS } from '../../scripts/security-scan';

const securityMd = fs.readFileSync('SECURITY.md', 'utf8');

describe('the security gate (Electronegativity and the CSP evaluator)', () => {
  it('passes the app as it is: no high finding, every medium one explained in SECURITY.md', async () => {
    const { findings, unread } = await scan(SCAN_INPUTS);
    expect(unread).toEqual([]);
    expect(blocking(findings, acceptedFindings(securityMd))).toEqual([]);
    // Each accepted finding is still there: SECURITY.md lists no excuse for something gone.
    const found = new Set(findings.map((f) => `${f.id} ${f.file}`));
    for (const entry of acceptedFindings(securityMd)) expect(found, entry).toContain(entry);
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

  it('accepts a medium finding only for the file SECURITY.md names', () => {
    const finding = {
      id: 'OPEN_EXTERNAL_JS_CHECK',
      severity: 'MEDIUM',
      confidence: 'TENTATIVE',
      line: 1,
      description: '',
    };
    const accepted = acceptedFindings(securityMd);
    expect(blocking([{ ...finding, file: 'electron/main/shell/security.ts' }], accepted)).toEqual([]);
    expect(blocking([{ ...finding, file: 'electron/main/shell/elsewhere.ts' }], accepted)).toHaveLength(1);
    expect(
      blocking([{ ...finding, severity: 'HIGH', file: 'electron/main/shell/security.ts' }], accepted),
    ).toHaveLength(1);
  });

  it('finds the renderer’s policy strong, and a policy with inline script and no object-src weak', () => {
    expect(cspWeaknesses(rendererCsp())).toEqual([]);
    expect(cspWeaknesses("script-src 'self' 'unsafe-inline'").length).toBeGreaterThan(0);
  });
});
