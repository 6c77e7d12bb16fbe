import { waitFor } from './mail-and-sms';
import { startTestService, type StartOptions, type TestService } from './service';

export interface LiveService extends TestService {
  url: string;
  /**
   * The next code the dev outbox holds for an address that this helper has not handed out yet,
   * over HTTP as a person's phone would get it: waited for, as a message arrives a moment after
   * the screen that asked for it. Never an earlier flow's code, which may still be the newest
   * message when the new one is on its way.
   */
  code(to: string): Promise<string>;
}

/** The real service, seeded, listening on a loopback port (SQLite). */
export async function startLiveService(options: StartOptions = {}): Promise<LiveService> {
  const t = await startTestService('sqlite', { runningClock: true, providers: true, ...options });
  const address = await t.service.app.listen({ port: 0, host: '127.0.0.1' });
  const url = new URL(address).origin;
  const handedOut = new Set<string>();
  return Object.assign(t, {
    url,
    async code(to: string) {
      const newest = async () => {
        const res = await fetch(`${url}/v1/dev/outbox?to=${encodeURIComponent(to)}`);
        const body = (await res.json()) as { messages: Array<{ code: string | null; sentAt: string }> };
        const m = body.messages.find((x) => x.code !== null);
        const key = m ? `${to} ${m.sentAt} ${m.code}` : undefined;
        if (!m?.code || !key || handedOut.has(key)) return undefined;
        handedOut.add(key);
        return m.code;
      };
      return waitFor(newest, 10_000).catch(() => {
        throw new Error(`no code for ${to}`);
      });
    },
  });
}
