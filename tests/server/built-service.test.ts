import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { init, parse } from 'es-module-lexer';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsGateway, startSmtpServer } from '../helpers/mail-and-sms';
import { productionSettings } from '../helpers/production';
import { postJson } from '../helpers/process';
import { SERVICE_NODE_FLAGS } from '../../scripts/service-flags.mjs';

const run = promisify(execFile);
// A client alone is not an engine: `info` answers only when a daemon (or podman itself) runs.
const engine = ['docker', 'podman'].find(
  (c) => spawnSync(c, ['info'], { stdio: 'ignore', timeout: 15_000 }).status === 0,
);
const noEngine = engine ? '' : ' (skipped: no container engine runs on this machine)';

/**
 * The folder the Dockerfile copies (scripts/build-service.mjs --standalone), built here and run
 * from a place with no repository around it: with `node`, its own node_modules, production settings.
 */
describe('the built service, as the image holds it', () => {
  const place = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-built-'));
  const folder = path.join(place, 'service');
  // Only what a container would have: no NODE_OPTIONS (tsx), no NODE_PATH.
  const bareEnv = { PATH: process.env.PATH ?? '', HOME: place };

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build-service.mjs', '--standalone', '--out', folder]);
  }, 120_000);
  afterAll(() => fs.rmSync(place, { recursive: true, force: true }));

  it('loads every package it imports, native ones included, from its own folder', async () => {
    await init;
    // The service and its chunks (what it loads at first use, server/lazy.ts).
    const code = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
    const specifiers = code.flatMap((c) => parse(c)[0].map((i) => i.n));
    const packages = [
      ...new Set(specifiers.filter((n): n is string => !!n && !n.startsWith('node:') && !n.startsWith('.'))),
    ];
    expect(packages).toEqual(
      expect.arrayContaining([
        'better-sqlite3',
        'sharp',
        'pdfkit',
        'pdf-lib',
        '@aws-sdk/client-s3',
        '@node-rs/argon2',
        'pg',
      ]),
    );
    expect(fs.existsSync(path.join(place, 'node_modules'))).toBe(false);
    const probe = `for (const p of ${JSON.stringify(packages)}) await import(p); console.log('loaded ' + ${packages.length});`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { cwd: folder, env: bareEnv });
    expect(stdout.trim()).toBe(`loaded ${packages.length}`);

    // pdf.js (the uploads' active-content check) imports its worker at run time: a file no trace sees.
    const pdf = await PDFDocument.create();
    pdf.addPage();
    fs.writeFileSync(path.join(place, 'one.pdf'), await pdf.save());
    const read = `const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await getDocument({ data: new Uint8Array((await import('node:fs')).readFileSync('../one.pdf')) }).promise;
      console.log('pages ' + doc.numPages);`;
    const pages = await run(process.execPath, ['--input-type=module', '-e', read], { cwd: folder, env: bareEnv });
    expect(pages.stdout.trim()).toBe('pages 1');
  }, 60_000);

  it('runs with node in production mode: ready, answers in the contract, serves the doctor console, stops at SIGTERM', async () => {
    const smtp = await startSmtpServer();
    const sms = await startSmsGateway();
    const proc = spawn(process.execPath, [...SERVICE_NODE_FLAGS, 'main.mjs'], {
      cwd: folder,
      env: {
        ...bareEnv,
        ...productionSettings({ SMTP_URL: smtp.url, SMS_GATEWAY_URL: sms.url }),
        DATA_DIR: path.join(place, 'data'),
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
          const m = /^listening on (http:\/\/\S+)$/u.exec(line);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`exited ${code}`)));
      });
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      const login = await postJson(url, '/v1/sessions', {
        username: 'tidakada1',
        password: 'bukan sandi yang benar',
        device: { kind: 'personal', name: 'Laptop' },
      });
      expect(login.status).toBe(401);
      expect(login.body.error.code).toBe('invalid_credentials');
      const doctor = await fetch(`${url}/doctor/`);
      expect(doctor.status).toBe(200);
      expect(await doctor.text()).toMatch(/<div id="root">/u);
    } finally {
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      await smtp.close();
      await sms.close();
    }
  }, 60_000);

  it('is started in the image with the flags it is measured with', () => {
    const dockerfile = fs.readFileSync('deploy/Dockerfile', 'utf8');
    const cmd = /^CMD (\[.*\])$/mu.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd!)).toEqual(['node', ...SERVICE_NODE_FLAGS, 'main.mjs']);
    expect(dockerfile).toMatch(/^USER node$/mu);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*health\/ready/mu);
  });

  it.skipIf(!engine)(
    `builds the image from deploy/Dockerfile and reports it healthy${noEngine}`,
    async () => {
      const tag = `portal-nasabah-service:test-${process.pid}`;
      await run(engine!, ['build', '-f', 'deploy/Dockerfile', '-t', tag, '.'], { maxBuffer: 64 * 1024 * 1024 });
      const { stdout } = await run(engine!, ['image', 'inspect', tag, '--format', '{{json .Config}}']);
      const config = JSON.parse(stdout) as { User: string; Healthcheck?: { Test: string[] } };
      expect(config.User).toBe('node');
      expect(config.Healthcheck?.Test.join(' ')).toMatch(/health\/ready/u);
      await run(engine!, ['image', 'rm', tag]);
    },
    900_000,
  );
});
