const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** This machine's own address (as `URL.hostname` writes it): the only place plain http may go. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.has(hostname);

/** https anywhere, plain http only to this machine (a development service, a local tile server). */
export const httpsOrLoopback = (u: URL): boolean =>
  u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname));
