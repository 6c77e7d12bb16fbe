export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: {
    appInfo: { productFilename: string };
    executableName: string;
    config: { electronFuses?: Record<string, unknown> | null };
  };
}
export const BUILDER_FUSE_KEYS: Record<number, string>;
export const KEPT_AT_DEFAULT: Record<number, boolean>;
export function fuseProblems(
  binary: string,
  electronFuses: Record<string, unknown> | null | undefined,
): Promise<string[]>;
export function packedBinary(context: PackContext): string;
export default function afterPack(context: PackContext): Promise<void>;
