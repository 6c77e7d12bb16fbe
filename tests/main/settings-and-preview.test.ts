import fs from 'node:fs';
import { testCore } from '../helpers/core';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceErrorCodes } from '../../contract/errors';
import { AppErrorCodeSchema } from '../../contract/ipc';
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
});
