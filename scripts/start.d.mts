export interface BuildCommand {
  command: string;
  args: string[];
  shell?: boolean;
}
export function buildCommand(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): BuildCommand;
export function signalSentence(signal: string, platform?: NodeJS.Platform): string;
export function runStart(options: {
  electron: string;
  build?: BuildCommand;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  log?: (line: string) => void;
  stdio?: 'inherit' | 'ignore' | 'pipe';
}): Promise<number>;
