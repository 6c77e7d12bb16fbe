// electron-builder's afterPack: checks, without writing to it, that every Electron fuse of the
// packed binary is decided. electron-builder's own `electronFuses` (electron-builder.yml) sets
// them once, after this hook and before signing — on macOS after the two architectures are
// merged, so both halves stay byte-identical for @electron/universal.
import path from 'node:path';
import { FuseV1Options, FuseState, getCurrentFuseWire } from '@electron/fuses';

/** Each fuse of the wire, by its index, as `electronFuses` names it. */
export const BUILDER_FUSE_KEYS = {
  [FuseV1Options.RunAsNode]: 'runAsNode',
  [FuseV1Options.EnableCookieEncryption]: 'enableCookieEncryption',
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: 'enableNodeOptionsEnvironmentVariable',
  [FuseV1Options.EnableNodeCliInspectArguments]: 'enableNodeCliInspectArguments',
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: 'enableEmbeddedAsarIntegrityValidation',
  [FuseV1Options.OnlyLoadAppFromAsar]: 'onlyLoadAppFromAsar',
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: 'loadBrowserProcessSpecificV8Snapshot',
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: 'grantFileProtocolExtraPrivileges',
};

/**
 * Fuses `electronFuses` cannot set (electron-builder 26 has no key for them), each with the value
 * Electron ships and the app keeps: WebAssembly's bounds checks by signal handlers stay on (pdf.js
 * decodes some images in WebAssembly).
 */
export const KEPT_AT_DEFAULT = { [FuseV1Options.WasmTrapHandlers]: true };

/**
 * What is wrong with the binary's fuses for this configuration, or nothing: a fuse the app does not
 * know (an Electron upgrade added one: decide it before building), one the configuration leaves
 * unset, one kept at a default that is not the one the app relies on.
 */
export async function fuseProblems(binary, electronFuses) {
  const wire = await getCurrentFuseWire(binary);
  const problems = [];
  for (const [key, state] of Object.entries(wire)) {
    if (!/^\d+$/u.test(key)) continue;
    const index = Number(key);
    const name = FuseV1Options[index];
    if (name === undefined) {
      problems.push(`fuse ${index} is not known to this build: decide it (electron-builder.yml electronFuses) first`);
    } else if (index in BUILDER_FUSE_KEYS) {
      if (typeof electronFuses?.[BUILDER_FUSE_KEYS[index]] !== 'boolean')
        problems.push(`fuse ${name} is not set in electron-builder.yml (electronFuses.${BUILDER_FUSE_KEYS[index]})`);
    } else if ((state === FuseState.ENABLE) !== KEPT_AT_DEFAULT[index]) {
      problems.push(
        `fuse ${name} ships ${state === FuseState.ENABLE ? 'on' : 'off'}, and the app needs it the other way`,
      );
    }
  }
  return problems;
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
  const problems = await fuseProblems(binary, context.packager.config.electronFuses);
  if (problems.length > 0) throw new Error(`the fuses of ${binary} are not all decided:\n- ${problems.join('\n- ')}`);
}
