import type { FastifyBaseLogger } from 'fastify';
import type { MessageTransport, OutgoingMessage } from './transport';

/**
 * Hands messages to the transport. Real transports are slow and may retry, so
 * the answer does not wait for them (and known and unknown accounts answer in the
 * same time); failures are logged without the message body. `drain` waits for
 * what is still under way, at shutdown.
 */
export class Dispatcher {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly transport: MessageTransport,
    private readonly log: FastifyBaseLogger,
  ) {}

  async deliver(message: OutgoingMessage): Promise<void> {
    const sending = this.transport.send(message).catch((err: unknown) => {
      this.log.error(
        { channel: message.channel, err: err instanceof Error ? err.message : String(err) },
        'message not delivered',
      );
    });
    if (this.transport.immediate) {
      await sending;
      return;
    }
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
  }

  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.drain();
    await this.transport.close?.();
  }
}
