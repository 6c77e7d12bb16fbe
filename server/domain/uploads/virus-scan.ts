import type { Readable } from 'node:stream';
import type NodeClam from 'clamscan';
import { lazy } from '../../lazy';

const clamscan = lazy(() => import('clamscan'));

/** Scans bytes before anything else reads them (api-v1.md, Uploads: `CLAMD_URL`). */
export interface VirusScanner {
  scan(body: Readable): Promise<{ infected: boolean; viruses: string[] }>;
}

/**
 * clamd over TCP with INSTREAM, through the `clamscan` package; no local ClamAV binary is
 * used. Connected at the first file, and again after a failure, so a scanner that is down
 * at start or restarts later fails only the uploads of that moment (503), never the start.
 */
export function clamdScanner(url: string, timeoutMs = 60_000): VirusScanner {
  const u = new URL(url);
  let ready: Promise<NodeClam> | undefined;
  const connect = async () =>
    new (await clamscan()).default().init({
      clamdscan: {
        host: u.hostname,
        port: Number(u.port || 3310),
        timeout: timeoutMs,
        localFallback: false,
        active: true,
      },
      clamscan: { active: false },
      preference: 'clamdscan',
    });
  return {
    async scan(body) {
      ready ??= connect();
      let clam: NodeClam;
      try {
        clam = await ready;
      } catch (err) {
        ready = undefined;
        throw err;
      }
      const result = await clam.scanStream(body);
      return { infected: result.isInfected === true, viruses: result.viruses ?? [] };
    },
  };
}
