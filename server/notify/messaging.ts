import { buffer } from 'node:stream/consumers';
import type { Config } from '../config';
import type { Clock } from '../domain/clock';
import type { DocumentStore } from '../domain/documents/store';
import { allowResendNow } from '../domain/identity/flows';
import type { Jobs } from '../jobs/jobs';
import type { JobRunner } from '../jobs/runner';
import type { ServiceMetrics } from '../metrics';
import type { Store } from '../store/connect';
import type { DevOutboxTransport } from './dev-outbox';
import { MessageJobs, messageJobHandler } from './message-jobs';
import { SmsGatewayTransport } from './sms-gateway';
import { SmtpTransport } from './smtp';
import { ChannelRouter, type MessageTransport } from './transport';

function transportFor(
  config: Config,
  outbox: DevOutboxTransport | undefined,
  attachmentBytes: (documentId: string) => Promise<Buffer>,
): MessageTransport {
  if (outbox) return outbox;
  if (!config.smtp || !config.sms) throw new Error('production mode needs SMTP and SMS settings');
  return new ChannelRouter(
    new SmsGatewayTransport(config.sms),
    new SmtpTransport(config.smtp.url, config.smtp.from, attachmentBytes),
  );
}

/**
 * Messages out (e-mail and SMS, or the development outbox), each a job written with the move
 * that makes it: the transport, and the job that sends through it.
 */
export function startMessaging(o: {
  config: Config;
  store: Store;
  clock: Clock;
  documentStore: DocumentStore;
  outbox?: DevOutboxTransport;
  jobs: Jobs;
  runner: JobRunner;
  metrics: ServiceMetrics;
}): { messages: MessageJobs; transport: MessageTransport } {
  const { store } = o;
  // An e-mail's attachment is a stored document, read from the store when the e-mail goes.
  const transport = transportFor(o.config, o.outbox, async (documentId) => {
    const doc = await store.db
      .selectFrom('documents')
      .select('storage_key')
      .where('id', '=', documentId)
      .executeTakeFirstOrThrow();
    return buffer(await o.documentStore.read(doc.storage_key));
  });
  o.runner.register(
    messageJobHandler(
      transport,
      async (documentId) =>
        !!(await store.db.selectFrom('documents').select('id').where('id', '=', documentId).executeTakeFirst()),
      (flowId) => allowResendNow(store.db, flowId, o.clock.now()),
      o.metrics,
    ),
  );
  return { messages: new MessageJobs(o.jobs, o.runner, transport.immediate), transport };
}
