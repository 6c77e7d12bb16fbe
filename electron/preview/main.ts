import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';
import { createCore } from '../main/core/compose';
import { repoRoot, startDevService, type RunningService } from '../main/core/dev-service';
import { EncryptedDocumentCache } from '../main/core/document-cache';
import { chooseServiceUrl } from '../main/core/service-url';
import { KeychainKeyProtector } from '../main/core/keychain-key-protector';
import { KeytarVault } from '../main/core/keytar-vault';
import { JsonFileSettings } from '../main/core/settings';
import { APP_VERSION, KEYCHAIN } from '../main/core/app-identity';
import { startPreviewServer } from './server';

/**
 * `npm run preview`: the built renderer and the real main-process core, for a browser
 * on this machine. Starts the policy service in development mode unless
 * PORTAL_SERVICE_URL names one.
 */
async function main(): Promise<void> {
  const userData = path.resolve(process.env.PORTAL_USER_DATA ?? envPaths('Portal Nasabah', { suffix: '' }).data);
  const mode = process.env.PORTAL_MODE === 'kiosk' ? 'kiosk' : 'personal';
  const rendererDir = path.join(repoRoot(), 'dist/renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('the renderer is not built yet: run npm run build first');
  }
  const settings = new JsonFileSettings(path.join(userData, 'settings.json'));
  let service: RunningService | undefined;
  const choice = chooseServiceUrl({
    packaged: false,
    env: process.env.PORTAL_SERVICE_URL,
    setting: settings.get().serviceUrl,
  });
  if (choice.problem) throw new Error(choice.problem);
  let serviceUrl = choice.url;
  if (!serviceUrl) {
    service = await startDevService(path.join(userData, 'dev-service'));
    serviceUrl = service.url;
    console.log(
      `development service on ${serviceUrl} (demo data); the codes it would send by SMS or e-mail appear here as [dev outbox] lines`,
    );
  }
  // Documents kept between starts only where the key can be protected (here: by the keychain).
  const protector = new KeychainKeyProtector(KEYCHAIN.documentCache);
  const documentCache = (await protector.usable())
    ? new EncryptedDocumentCache(path.join(userData, 'documents'), protector, (reason) =>
        console.warn(`[preview] document cache reset: ${reason}`),
      )
    : undefined;
  const core = createCore({
    documentCache,
    serviceUrl,
    settings,
    vault: new KeytarVault(KEYCHAIN.session),
    mode,
    version: APP_VERSION,
    deviceName: os.hostname(),
    openExternal: async (url) => console.log(`[preview] open in your browser: ${url}`),
    // No native dialogs here: copies go to one folder, and printing is the browser's own.
    desk: {
      async chooseSavePath(name) {
        const dir = path.resolve(process.env.PORTAL_PREVIEW_SAVE_DIR ?? path.join(userData, 'saved'));
        fs.mkdirSync(dir, { recursive: true });
        console.log(`[preview] saving a copy as ${path.join(dir, name)}`);
        return path.join(dir, name);
      },
      async print() {
        console.log("[preview] the print layout is ready: use the browser's Print (Ctrl+P)");
      },
    },
    onFault: (method, err) => console.error(`[preview] ${method} failed:`, err),
  });
  const preview = await startPreviewServer({ core, rendererDir, port: Number(process.env.PREVIEW_PORT ?? 5174) });
  console.log(`preview on ${preview.url}`);

  const stop = async () => {
    await preview.close();
    await service?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
