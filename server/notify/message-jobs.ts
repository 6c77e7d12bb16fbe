import type { Kysely } from 'kysely';
import { noMetrics, type ServiceMetrics } from '../metrics';
import type { Database } from '../store/schema';
import { GiveUp, NotYet, type JobHandler, type Jobs, type NewJob } from '../jobs/jobs';
import type { JobRunner } from '../jobs/runner';
import { newId } from '../domain/identity/secrets';
import { Undeliverable, type MessageTransport, type OutgoingMessage } from './transport';

export const MESSAGE_JOB = 'message';
const DAY_MS = 24 * 60 * 60 * 1000;

/** A message job's payload: the message, and the identity flow whose code it carries. */
export type MessagePayload = OutgoingMessage & { flowId?: string };

const flowGroup = (flowId: string) => `flow:${flowId}`;
/** The messages that carry a document not rendered yet: woken when it is stored (`attachmentReady`). */
export const attachmentGroup = (documentId: string) => `attachment:${documentId}`;

/**
 * Messages (one-time codes, notices) are jobs of kind `message`: written in the transaction of
 * what they tell of, sent after it commits, retried, and never sent once superseded. A
 * message unsent after a day is given up on (its code died long ago).
 */
export class MessageJobs {
  constructor(
    private readonly jobs: Jobs,
    private readonly runner: JobRunner,
    /** The development outbox: sending is a quick local write, awaited so the message is there with the answer. */
    private readonly immediate: boolean,
  ) {}

  /** In the caller's transaction; answers the jobs' ids, to hand to `committed` once it commits. */
  add(trx: Kysely<Database>, now: number, messages: OutgoingMessage[], flowId?: string): Promise<string[]> {
    return this.jobs.addAll(trx, now, this.jobsFor(now, messages, flowId));
  }

  /** The messages, and other jobs of the same move, written in one statement. */
  addWith(trx: Kysely<Database>, now: number, messages: OutgoingMessage[], others: NewJob[]): Promise<string[]> {
    return this.jobs.addAll(trx, now, [...this.jobsFor(now, messages), ...others]);
  }

  private jobsFor(now: number, messages: OutgoingMessage[], flowId?: string): NewJob[] {
    return messages.map((m) => {
      const id = newId();
      return {
        kind: MESSAGE_JOB,
        key: `message:${id}`,
        payload: { ...m, messageId: id, ...(flowId ? { flowId } : {}) } satisfies MessagePayload,
        ...(flowId
          ? { groupKey: flowGroup(flowId) }
          : m.attachment
            ? { groupKey: attachmentGroup(m.attachment.documentId) }
            : {}),
        giveUpAt: now + DAY_MS,
        runByCaller: this.immediate,
      };
    });
  }

  /** A new code for a flow makes its earlier, unsent ones pointless: they are not sent any more. */
  supersedeFlow(trx: Kysely<Database>, flowId: string, now: number): Promise<void> {
    return this.jobs.supersedeGroup(trx, flowGroup(flowId), now);
  }

  /**
   * Messages whose transaction has committed. Real transports are slow and may retry, so the
   * answer does not wait for them (known and unknown accounts answer alike); the development
   * outbox is awaited.
   */
  async committed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    if (this.immediate) await this.runner.runNow(ids);
    else this.runner.kick();
  }
}

/**
 * Sends one message. An attachment not rendered yet (a receipt's job is still on its way)
 * makes it wait; a refusal for good fails it at once; a failed code lets its flow ask for a
 * new one at once instead of waiting out the old one's two minutes.
 */
export function messageJobHandler(
  transport: MessageTransport,
  attachmentReady: (documentId: string) => Promise<boolean>,
  onUndelivered: (flowId: string) => Promise<void>,
  metrics: Pick<ServiceMetrics, 'otp'> = noMetrics,
): JobHandler<MessagePayload> {
  return {
    kind: MESSAGE_JOB,
    retry: { maxAttempts: 8, firstDelayMs: 2_000, maxDelayMs: 5 * 60_000 },
    async run(m) {
      // Woken when its document is stored (`Jobs.wakeGroup`); looked at again meanwhile only now and then.
      if (m.attachment && !(await attachmentReady(m.attachment.documentId)))
        throw new NotYet(30_000, 'its attachment is not ready yet');
      const { flowId, ...message } = m;
      try {
        await transport.send(message);
        // A message of a registration's or recovery's flow is its one-time code.
        if (flowId) metrics.otp(message.channel, 'sent');
      } catch (err) {
        if (flowId) metrics.otp(message.channel, 'failed');
        if (flowId) await onUndelivered(flowId);
        if (err instanceof Undeliverable) throw new GiveUp(err.message);
        throw err;
      }
    },
    // Nothing of a code or a text stays at rest once the message has gone or been given up on
    // (a code's subject line names the code too).
    redact: (m) => ({ channel: m.channel, to: m.to }),
  };
}
