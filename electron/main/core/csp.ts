/**
 * The renderer's content security policy, for `app://` and the preview alike: nothing but
 * the app's own scripts, styles, fonts and workers; `connect` may add the preview's bridge,
 * `images` the one map tile host that is configured.
 */
export function rendererCsp(connect: string[] = [], images: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${["'self'", 'data:', 'blob:', ...images].join(' ')}`,
    "font-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
