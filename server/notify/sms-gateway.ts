import pRetry, { AbortError } from 'p-retry';
import { Undeliverable, type MessageTransport, type OutgoingMessage } from './transport';

export interface SmsGatewayOptions {
  url: string;
  token: string;
  timeoutMs?: number;
  retries?: number;
  minRetryDelayMs?: number;
}

/**
 * The SMS gateway: a JSON POST `{to, text}` with a bearer token. Each try has a
 * timeout; network faults and 5xx/429 answers are tried again a bounded number
 * of times, other refusals are final.
 */
export class SmsGatewayTransport implements MessageTransport {
  readonly immediate = false;

  constructor(private readonly options: SmsGatewayOptions) {}

  async send(message: OutgoingMessage): Promise<void> {
    const { url, token, timeoutMs = 5000, retries = 3, minRetryDelayMs = 200 } = this.options;
    await pRetry(
      async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ to: message.to, text: message.body }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer();
        if (res.ok) return;
        const error = new Error(`SMS gateway answered ${res.status}`);
        if (res.status >= 500 || res.status === 429) throw error;
        throw new AbortError(new Undeliverable(error.message));
      },
      { retries, minTimeout: minRetryDelayMs, factor: 2 },
    );
  }
}
