export const APP_OUTPUTS: string[];
export function packageOf(specifier: string): string | null;
export function runtimeImports(code: string): Promise<string[]>;
export interface AppManifest {
  name: string;
  version: string;
  main: string;
  type: string;
  dependencies: Record<string, string>;
  [field: string]: unknown;
}
export function appManifest(rootManifest: Record<string, unknown>, mainCode: string): Promise<AppManifest>;
export function stageApp(options?: {
  root?: string;
  dest?: string;
  install?: boolean;
}): Promise<{ dest: string; manifest: AppManifest }>;
