import fs from 'node:fs';
import { testCore } from '../helpers/core';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceErrorCodes } from '../../contract/errors';
import { AppErrorCodeSchema } from '../../contract/ipc';
import { contentTypeOf, rendererPath } from '../../electron/main/core/renderer-files';
import { JsonFileSettings } from '../../electron/main/core/settings';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { en } from '../../renderer/i18n/en';
import { id } from '../../renderer/i18n/id';

describe('settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-settings-'));
  const file = path.join(dir, 'settings.json');

  it('keeps the language across starts', () => {
    new JsonFileSettings(file).update({ language: 'en' });
    expect(new JsonFileSettings(file).get().language).toBe('en');
  });

  it.each([
    ['not JSON', '{"language": "en",'],
    ['against the schema', JSON.stringify({ language: 'fr', serviceUrl: 'ftp://x' })],
  ])('sets a file that is %s aside and starts from the defaults', (_what, content) => {
    fs.writeFileSync(file, content);
    const settings = new JsonFileSettings(file);
    expect(settings.get()).toMatchObject({ language: 'id' });
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside.length).toBeGreaterThan(0);
    expect(aside.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))).toContain(content);
  });
});

describe('translations', () => {
  it.each([
    ['id', id],
    ['en', en],
  ])('%s has a message for every error code the renderer can meet', (_lang, messages) => {
    for (const code of [...serviceErrorCodes, ...AppErrorCodeSchema.options]) {
      expect((messages.errors as Record<string, string>)[code], code).toMatch(/\S/u);
    }
  });
});

describe('preview server', () => {
  let preview: PreviewServer;
  beforeAll(async () => {
    const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-r-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
    const core = testCore('http://127.0.0.1:9', path.join(rendererDir, 's.json'));
    preview = await startPreviewServer({ core, rendererDir });
  });
  afterAll(async () => {
    await preview.close();
  });

  it('refuses a request without the secret, and serves one with it under a strict CSP', async () => {
    const url = new URL(preview.url);
    expect((await fetch(url.origin + '/')).status).toBe(403);
    expect((await fetch(`${url.origin}/?s=wrong-secret`)).status).toBe(403);
    const ok = await fetch(preview.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toMatch(/^default-src 'none'/u);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/u);
  });

  it('refuses a path outside the renderer folder', async () => {
    const res = await fetch(preview.url.replace('/?', '/..%2F..%2Fetc%2Fpasswd?'));
    expect(await res.text()).not.toContain('root:');
  });

  it('answers a malformed percent-escape with 400 and stays up', async () => {
    const bad = await fetch(preview.url.replace('/?', '/%E0%A4%A?'));
    expect(bad.status).toBe(400);
    expect((await fetch(preview.url)).status).toBe(200);
  });
});

describe('renderer files, for app:// and the preview', () => {
  const root = path.resolve('dist/renderer');
  it('names a file inside the folder, refuses one outside and a malformed escape', () => {
    expect(rendererPath(root, '/assets/app.js')).toEqual({ ok: true, file: path.join(root, 'assets/app.js') });
    expect(rendererPath(root, '/')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(rendererPath(root, '/..%2F..%2Fetc%2Fpasswd')).toEqual({ ok: false, status: 404 });
    expect(rendererPath(root, '/%E0%A4%A')).toEqual({ ok: false, status: 400 });
  });

  it('types scripts so that a module script loads under nosniff', () => {
    expect(contentTypeOf('a/b.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a/b.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('x.woff2')).toBe('font/woff2');
    expect(contentTypeOf('nothing-known.zz9')).toBe('application/octet-stream');
  });
});
