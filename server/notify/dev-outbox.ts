import type { Kysely } from 'kysely';
import type { OutboxMessage } from '../../contract/api/identity';
import { iso } from '../domain/clock';
import type { Clock } from '../domain/clock';
import { newId } from '../domain/identity/secrets';
import type { Database } from '../store/schema';
import type { MessageTransport, OutgoingMessage } from './transport';

/**
 * Development mode only: keeps every message in the database and prints it on
 * the console instead of sending it.
 */
export class DevOutboxTransport implements MessageTransport {
  readonly immediate = true;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly print: (line: string) => void,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    await this.db
      .insertInto('dev_outbox')
      .values({
        id: newId(),
        channel: message.channel,
        to_address: message.to.toLowerCase(),
        subject: message.subject,
        body: message.body,
        code: message.code,
        sent_at: this.clock.now(),
      })
      .execute();
    this.print(`[dev outbox] ${message.channel} to ${message.to}: ${message.body.replace(/\s+/gu, ' ')}`);
  }

  async list(to: string): Promise<OutboxMessage[]> {
    const rows = await this.db
      .selectFrom('dev_outbox')
      .selectAll()
      .where('to_address', '=', to.trim().toLowerCase())
      .orderBy('seq', 'desc')
      .limit(100)
      .execute();
    return rows.map((r) => ({
      channel: r.channel,
      to: r.to_address,
      subject: r.subject,
      body: r.body,
      code: r.code,
      sentAt: iso(r.sent_at),
    }));
  }
}
