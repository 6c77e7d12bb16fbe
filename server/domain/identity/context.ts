import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Eula } from '../../../contract/api/identity';
import type { Language } from '../../../contract/api/common';
import type { MessageJobs } from '../../notify/message-jobs';
import type { Care } from '../../notify/messages';
import type { Database } from '../../store/schema';
import type { Clock } from '../clock';
import type { EventHub } from '../events/hub';
import type { Inbox } from '../events/inbox';
import type { Keyed } from './secrets';

/** What the identity services share; made once per service instance. */
export interface IdentityContext {
  db: Kysely<Database>;
  clock: Clock;
  keyed: Keyed;
  /** Messages out, as jobs: written in a flow's transaction, sent once it commits. */
  messages: MessageJobs;
  log: FastifyBaseLogger;
  otpTtlMs: number;
  care: Care;
  legacyGraceMs: number;
  eula: (lang: Language) => Eula;
  /** An argon2id hash of a random secret: unknown usernames are checked against it. */
  dummyHash: string;
  limits: { loginPerMinute: number; flowStartsPerMinute: number; failedLoginMinMs: number };
  /** The events stream and Kotak Masuk: security notices are inbox messages too. */
  hub: EventHub;
  inbox: Inbox;
}
