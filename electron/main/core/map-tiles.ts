import { z } from 'zod';
import { httpsOrLoopback } from './loopback';

/**
 * The `mapTileUrl` setting: a Leaflet tile template (`https://{s}.tile.example.org/{z}/{x}/{y}.png`)
 * over https (plain http only on this machine's loopback, for a local tile server).
 */
export const MapTileUrlSchema = z
  .string()
  .max(500)
  .refine((v) => /\{z\}/u.test(v) && /\{x\}/u.test(v) && /\{y\}/u.test(v), 'config.tiles_template')
  .refine((v) => {
    const probe = v.replace(/\{[a-z]\}/gu, 'a');
    if (!URL.canParse(probe)) return false;
    return httpsOrLoopback(new URL(probe));
  }, 'config.tiles_https');

/** What the CSP's img-src gains for the configured tiles, and nothing more: `https://*.tile.example.org`. */
export function tileCspSource(template: string): string {
  const u = new URL(template.replace('{s}', 'subdomain').replace(/\{[a-z]\}/gu, '0'));
  const host = template.includes('{s}.') ? u.host.replace(/^subdomain\./u, '*.') : u.host;
  return `${u.protocol}//${host}`;
}
