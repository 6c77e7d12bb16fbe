import { createRequire } from 'node:module';

/**
 * A package loaded at its first use, once. The service starts without the packages only one area
 * or one setting needs (image decoding, PDF making, the S3 client, SMTP, the holiday tables):
 * together they were about 70 MiB of an idle instance (bench/service.ts). The import stays a
 * dynamic `import()` in the built service, which keeps it out of the start.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

/** The same for a CommonJS package read by synchronous code, at its first use. */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= createRequire(import.meta.url)(name) as T);
}
