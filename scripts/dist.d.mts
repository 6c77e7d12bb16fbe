export function distArgs(
  env: Record<string, string | undefined>,
  argv: string[],
): { error: string; args?: undefined } | { args: string[]; error?: undefined };
