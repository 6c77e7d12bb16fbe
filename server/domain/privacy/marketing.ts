import type { Kysely } from 'kysely';
import type { ConsentPurpose } from '../../../contract/api/privacy';
import type { JobHandler, Jobs } from '../../jobs/jobs';
import type { Database } from '../../store/schema';
import type { Clock } from '../clock';
import type { Inbox } from '../events/inbox';
import { newId } from '../identity/secrets';
import type { Consents } from './consents';

export const MARKETING_JOB = 'marketing.message';

/** The marketing purposes and the one channel each allows. */
export const MARKETING_CHANNEL = { marketing_sms: 'sms', marketing_email: 'email' } as const;
export type MarketingPurpose = keyof typeof MARKETING_CHANNEL;

export interface MarketingText {
  title: { id: string; en?: string };
  body: { id: string; en?: string };
}

interface Payload {
  campaignId: string;
  accountId: string;
  purpose: MarketingPurpose;
  text: MarketingText;
}

/**
 * A marketing message to everyone whose consent to its purpose is in force: one job per
 * person, at `at`. Each asks again before it goes, so a consent withdrawn meanwhile stops the
 * message already queued (UU 27/2022: processing stops when consent is withdrawn).
 */
export async function queueMarketing(
  db: Kysely<Database>,
  jobs: Jobs,
  consents: Consents,
  purpose: MarketingPurpose,
  text: MarketingText,
  now: number,
  at = now,
): Promise<{ campaignId: string; queued: number }> {
  const campaignId = newId();
  const wanting = await consents.grantedBy(db, purpose);
  await db.transaction().execute((trx) =>
    jobs.addAll(
      trx,
      now,
      wanting.map((accountId) => ({
        kind: MARKETING_JOB,
        key: `marketing:${campaignId}:${accountId}`,
        payload: { campaignId, accountId, purpose, text } satisfies Payload,
        runAt: at,
      })),
    ),
  );
  return { campaignId, queued: wanting.length };
}

/** One person's marketing message: only while their consent is in force, in the inbox and by the purpose's channel. */
export function marketingJob(
  db: Kysely<Database>,
  consents: Consents,
  inbox: Inbox,
  clock: Clock,
): JobHandler<Payload> {
  return {
    kind: MARKETING_JOB,
    async run({ campaignId, accountId, purpose, text }) {
      await db.transaction().execute(async (trx) => {
        if (!(await consents.granted(trx, accountId, purpose as ConsentPurpose))) return;
        await inbox.deliver(
          trx,
          {
            // Once per person and campaign, however often the job runs.
            id: `${campaignId.slice(0, 20)}-${accountId.slice(0, 20)}`,
            accountId,
            category: 'marketing',
            template: 'marketing',
            params: { title: text.title, body: text.body },
            send: true,
            channels: [MARKETING_CHANNEL[purpose]],
          },
          clock.now(),
        );
      });
    },
  };
}
