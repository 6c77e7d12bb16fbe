export interface ElectronPackage {
  dir: string;
  version: string;
  checksums: Record<string, string>;
}
export function electronPackage(dir?: string): ElectronPackage;
export function installedBinary(pkg: Pick<ElectronPackage, 'dir' | 'version'>): string | null;
export function describeFailure(error: unknown): string;
export function ensureElectron(options?: {
  pkg?: ElectronPackage;
  log?: (line: string) => void;
}): Promise<{ binary: string; error?: undefined } | { error: string; binary?: undefined }>;
export function noWindowSentence(error: string): string;
