export const TEST_BUILD_FLAG: string;
export const TEST_BUILD_MARK: string;
export const DIST_CONFIG: string;
export type System = 'win' | 'mac' | 'linux';
export function targetSystems(argv: string[], platform?: NodeJS.Platform): System[];
export interface DistPlan {
  args: string[];
  config: Record<string, unknown>;
  configFile: string;
  testBuild: boolean;
  error?: undefined;
}
export function distPlan(
  env: Record<string, string | undefined>,
  argv: string[],
  options?: { platform?: NodeJS.Platform; configFile?: string },
): { error: string; args?: undefined } | DistPlan;
export function writeDistConfig(plan: DistPlan): void;
export function builderCommand(): string;
