// electron-builder's afterPack: sets the Electron fuses of the packed app before it is signed.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * The fuses of a release: no running as plain Node, no NODE_OPTIONS, no --inspect; the
 * app only from its asar, whose integrity is checked; cookies encrypted; file:// without
 * extra privileges (the app is served from app://); WebAssembly's bounds checks by signal
 * handlers kept (Electron's default; pdf.js decodes some images in WebAssembly). Every fuse
 * that @electron/fuses knows is named, and a binary with one it does not know is refused, so
 * an Electron upgrade that adds a fuse stops the build until it is decided. A test build (PORTAL_TEST_BUILD=1)
 * keeps --inspect, which Playwright's `_electron` needs.
 */
export function fuseConfig({ testBuild = false } = {}) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: process.platform === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    [FuseV1Options.WasmTrapHandlers]: true,
  };
}

/** The packed Electron binary: `X.exe` on Windows, `X.app` on macOS, the executable on Linux. */
export function packedBinary({ appOutDir, electronPlatformName, packager }) {
  const info = packager.appInfo;
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${info.productFilename}.exe`);
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return path.join(appOutDir, `${info.productFilename}.app`);
  return path.join(appOutDir, packager.executableName);
}

export default async function afterPack(context) {
  const binary = packedBinary(context);
  const testBuild = process.env.PORTAL_TEST_BUILD === '1';
  await flipFuses(binary, fuseConfig({ testBuild }));
  console.log(`fuses set on ${binary}${testBuild ? ' (test build: --inspect kept)' : ''}`);
}
