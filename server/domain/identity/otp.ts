import type { Kysely } from 'kysely';
import type { OtpChannel, OtpSent } from '../../../contract/api/identity';
import type { Database, FlowKind } from '../../store/schema';
import { iso } from '../clock';
import { ServiceError, tooMany } from '../errors';
import { consumeRateLimit } from '../rate-limit';
import { advance, loadFlow, requireStep, stepRefusal, type Flow } from './flows';
import type { IdentityContext } from './context';
import { newId, newOtpCode, type Keyed } from './secrets';
import type { OutgoingMessage } from '../../notify/transport';

export const MAX_CODES_PER_FLOW = 5;
export const MAX_CODES_PER_ACCOUNT_PER_HOUR = 10;
export const MAX_WRONG_TRIES = 5;
const HOUR_MS = 60 * 60 * 1000;

export type OtpSettings = Pick<IdentityContext, 'db' | 'keyed' | 'otpTtlMs' | 'messages'>;

export interface IssuedCode {
  answer: OtpSent;
  /** The message jobs that carry the code, to hand to `messages.committed` once committed. */
  messageIds: string[];
}

const codeHash = (keyed: Keyed, flowId: string, code: string) => keyed.mac('otp', flowId, code);

/**
 * Makes a new code for a flow. Claiming the right to send (flow state, the per-flow
 * cap and "only after the last one expired") is one statement; the per-account cap
 * is counted in the same transaction, so a refusal there undoes the claim.
 */
export async function issueCode(
  s: OtpSettings,
  flow: Flow,
  now: number,
  channel: OtpChannel,
  destination: string,
  accountKey: string,
  /** The message that carries the code to the person; none for a flow with no account behind it. */
  message: ((code: string) => OutgoingMessage) | null,
): Promise<IssuedCode> {
  const code = newOtpCode();
  const expiresAt = now + s.otpTtlMs;
  const messageIds = await s.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('flows')
      .set((eb) => ({ state: 'otp', codes_sent: eb('codes_sent', '+', 1), resend_at: expiresAt }))
      .where('id', '=', flow.id)
      .where('state', 'in', ['otp_channel', 'otp'])
      .where('expires_at', '>', now)
      .where('codes_sent', '<', MAX_CODES_PER_FLOW)
      .where((eb) => eb.or([eb('resend_at', 'is', null), eb('resend_at', '<=', now)]))
      .returning('id')
      .executeTakeFirst();
    if (!claimed) throw await sendRefusal(trx, flow.id, flow.kind, now);

    await consumeRateLimit(trx, now, `otp:${accountKey}`, MAX_CODES_PER_ACCOUNT_PER_HOUR, HOUR_MS, 'otp_rate_limited');

    // The old code is dead as soon as a new one exists.
    await trx
      .updateTable('otp_codes')
      .set({ used_at: now })
      .where('flow_id', '=', flow.id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('otp_codes')
      .values({
        id: newId(),
        flow_id: flow.id,
        customer_id: flow.customer_id,
        channel,
        destination,
        code_hash: codeHash(s.keyed, flow.id, code),
        attempts: 0,
        created_at: now,
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    // The code and its message commit together: no code counted that never leaves, no message without its code.
    await s.messages.supersedeFlow(trx, flow.id, now);
    return message ? s.messages.add(trx, now, [message(code)], flow.id) : [];
  });
  return {
    messageIds,
    answer: { step: 'otp', channel, destination, expiresAt: iso(expiresAt), resendAvailableAt: iso(expiresAt) },
  };
}

async function sendRefusal(db: Kysely<Database>, flowId: string, kind: FlowKind, now: number): Promise<ServiceError> {
  const flow = await loadFlow(db, flowId, kind);
  if (!flow || flow.expires_at <= now || !['otp_channel', 'otp'].includes(flow.state)) {
    return stepRefusal(flow, now, ['otp_channel', 'otp']);
  }
  if (flow.codes_sent >= MAX_CODES_PER_FLOW) {
    return tooMany('otp_rate_limited', 'No more codes for this flow; start again.', flow.expires_at - now);
  }
  return tooMany(
    'otp_resend_too_early',
    'A new code can be asked for when the current one expires.',
    (flow.resend_at ?? now) - now,
  );
}

/**
 * Checks a code. The right code is used up by one statement, so of many racing
 * requests exactly one wins; a wrong one is counted by one statement too.
 * On success the flow moves from `otp` to `password` in the same transaction.
 */
export async function verifyCode(
  s: OtpSettings,
  flowId: string,
  kind: FlowKind,
  now: number,
  code: string,
  onSuccess: Partial<Pick<Flow, 'username'>> = {},
): Promise<Flow> {
  const flow = await requireStep(s.db, flowId, kind, now, ['otp']);
  const otp = await s.db
    .selectFrom('otp_codes')
    .selectAll()
    .where('flow_id', '=', flowId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!otp || otp.used_at !== null) throw stepRefusal(await loadFlow(s.db, flowId, kind), now, ['otp']);
  if (otp.attempts >= MAX_WRONG_TRIES) {
    throw new ServiceError('otp_attempts_exceeded', 'Too many wrong codes; ask for a new one.', {
      retryAfterSeconds: 0,
    });
  }
  if (otp.expires_at <= now) throw new ServiceError('otp_expired', 'The code has expired; ask for a new one.');

  if (s.keyed.equal(codeHash(s.keyed, flowId, code), otp.code_hash)) {
    await s.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('otp_codes')
        .set({ used_at: now })
        .where('id', '=', otp.id)
        .where('used_at', 'is', null)
        .where('attempts', '<', MAX_WRONG_TRIES)
        .where('expires_at', '>', now)
        .returning('id')
        .executeTakeFirst();
      if (!used) throw stepRefusal(await loadFlow(trx, flowId, kind), now, ['otp']);
      await advance(trx, flowId, kind, now, 'otp', 'password', onSuccess);
    });
    return { ...flow, ...onSuccess, state: 'password' };
  }

  const counted = await s.db
    .updateTable('otp_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', otp.id)
    .where('used_at', 'is', null)
    .where('attempts', '<', MAX_WRONG_TRIES)
    .returning('attempts')
    .executeTakeFirst();
  if (!counted) {
    throw new ServiceError('otp_attempts_exceeded', 'Too many wrong codes; ask for a new one.', {
      retryAfterSeconds: 0,
    });
  }
  if (counted.attempts >= MAX_WRONG_TRIES) {
    // A dead code may be replaced at once.
    await s.db.updateTable('flows').set({ resend_at: now }).where('id', '=', flowId).execute();
  }
  throw new ServiceError('otp_invalid', 'The code is not right.', { attemptsLeft: MAX_WRONG_TRIES - counted.attempts });
}
