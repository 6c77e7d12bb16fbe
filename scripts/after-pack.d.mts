import type { FuseConfig } from '@electron/fuses';

export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
export function fuseConfig(options?: { testBuild?: boolean }): FuseConfig & Record<number, boolean>;
export function packedBinary(context: PackContext): string;
export default function afterPack(context: PackContext): Promise<void>;
