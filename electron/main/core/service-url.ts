import { z } from 'zod';
import { configErrors, configText } from './config-messages';
import { httpsOrLoopback } from './loopback';

/**
 * The policy service's address: https, or plain http only on this machine's loopback (the
 * development service, a test). Tokens and medical documents never cross a network unencrypted.
 */
export const ServiceUrlSchema = z.url({ protocol: /^https?$/u }).refine((u) => httpsOrLoopback(new URL(u)), {
  message: 'config.https_only',
});

export type ServiceUrlChoice = { url: string; problem?: undefined } | { url?: undefined; problem: string | null };

/**
 * Which service the app talks to. An installed app takes the branch's machine file first (a
 * kiosk's address is the branch's to set, not the environment's), then PORTAL_SERVICE_URL, then
 * the person's setting; a development run lets the environment name its own. Every source is
 * checked the same way; a bad one is a problem shown to the person, never used. No source at all
 * gives `problem: null` (development: start the development service).
 */
export function chooseServiceUrl(o: {
  packaged: boolean;
  env?: string;
  machine?: string;
  setting?: string;
  /** The language a problem is written in. */
  lang?: 'id' | 'en';
}): ServiceUrlChoice {
  const candidates: Array<[string, string | undefined]> = o.packaged
    ? [
        ['machine config.json serviceUrl', o.machine],
        ['PORTAL_SERVICE_URL', o.env],
        ['settings serviceUrl', o.setting],
      ]
    : [
        ['PORTAL_SERVICE_URL', o.env],
        ['machine config.json serviceUrl', o.machine],
        ['settings serviceUrl', o.setting],
      ];
  const found = candidates.find(([, value]) => value !== undefined && value !== '');
  if (!found) {
    return {
      problem: o.packaged ? `serviceUrl: ${configText('config.no_service', o.lang ?? 'id')}` : null,
    };
  }
  const [source, value] = found;
  const parsed = ServiceUrlSchema.safeParse(value, { error: configErrors(o.lang ?? 'id') });
  if (!parsed.success)
    return { problem: `${source}: ${configText(parsed.error.issues[0]?.message ?? '', o.lang ?? 'id')}` };
  return { url: parsed.data };
}
