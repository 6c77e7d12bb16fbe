import type { ExpressionBuilder, Kysely } from 'kysely';
import type { JobHandler, Jobs } from '../../jobs/jobs';
import type { JobRunner } from '../../jobs/runner';
import { accountClosedText } from '../../notify/messages';
import type { DocumentStore } from '../documents/store';
import type { Database } from '../../store/schema';
import { lockInOrder } from '../../store/lock-order';
import type { StoreKind } from '../../store/connect';
import type { Account } from '../account/account';
import { deleteDraftRows } from '../claims/drafts';
import { iso } from '../clock';
import { getCustomer } from '../customers';
import { messagesToAllContacts } from '../identity/contact';
import type { IdentityContext } from '../identity/context';
import type { Principal } from '../identity/sessions';
import { endSessionsOf } from '../identity/sessions';
import { ServiceError } from '../errors';
import type { Consents } from './consents';

export const ERASE_JOB = 'account.erase';

/** A closed account's username: unique, and never a name the login form accepts. */
const tombstone = (accountId: string) => `~closed~${accountId}`;

interface ErasePayload {
  accountId: string;
  closedAt: number;
}

/**
 * Closing an account (complaints-privacy.md; what goes and what stays is retention.md beside
 * this file). The request ends every session, withdraws every consent, takes the login away and
 * sends the last message to both contacts, in one transaction; a job then erases the rest.
 */
export class AccountClosure {
  constructor(
    private readonly ctx: IdentityContext,
    private readonly account: Account,
    private readonly consents: Consents,
    private readonly jobs: Jobs,
    private readonly runner: Pick<JobRunner, 'runNow'>,
    private readonly kind: StoreKind,
  ) {}

  async close(principal: Principal): Promise<{ status: 'closing'; closedAt: string }> {
    await this.account.requireStepUp(principal);
    const { db, clock } = this.ctx;
    const customer = (await getCustomer(db, principal.customerId))!;
    const now = clock.now();
    const { messageIds, jobId } = await db.transaction().execute(async (trx) => {
      await lockInOrder(trx, this.kind, { account: principal.accountId });
      const closed = await trx
        .updateTable('accounts')
        // No password can match an empty hash; the username is free for a new registration.
        .set({ closed_at: now, username: tombstone(principal.accountId), password_hash: '', legacy_username: null })
        .where('id', '=', principal.accountId)
        .where('closed_at', 'is', null)
        .returning('language')
        .executeTakeFirst();
      if (!closed) throw new ServiceError('conflict', 'This account is closed already.');
      await endSessionsOf(trx, this.ctx.hub, principal.accountId, now, 'account_closed');
      await this.consents.withdrawAll(trx, principal.accountId, now);
      // Sent whatever the notification choices said: the person must know, on both contacts.
      const messageIds = await this.ctx.messages.add(
        trx,
        now,
        messagesToAllContacts(customer, accountClosedText(closed.language, this.ctx.care)),
      );
      const jobId = await this.jobs.add(trx, now, {
        kind: ERASE_JOB,
        key: `erase:${principal.accountId}:${now}`,
        payload: { accountId: principal.accountId, closedAt: now } satisfies ErasePayload,
        runByCaller: true,
      });
      return { messageIds, jobId };
    });
    await this.ctx.messages.committed(messageIds);
    // The erasure follows at once; were this instance to stop first, any runner takes it up.
    if (jobId) void this.runner.runNow([jobId]).catch(() => undefined);
    return { status: 'closing', closedAt: iso(now) };
  }

  /** The erasure, run again safely: what is gone stays gone, what is kept is not touched. */
  eraseJob(store: DocumentStore): JobHandler<ErasePayload> {
    return {
      kind: ERASE_JOB,
      run: async ({ accountId, closedAt }) => {
        const keys = await this.ctx.db.transaction().execute((trx) => this.erase(trx, accountId, closedAt));
        for (const key of keys) await store.delete(key);
      },
    };
  }

  /**
   * Erases what the account held until it was closed and no law keeps (retention.md); answers the
   * stored files to delete once committed. Only what dates from before `closedAt`: a person who
   * registered again before this ran keeps what their new account has made.
   */
  private async erase(trx: Kysely<Database>, accountId: string, closedAt: number): Promise<string[]> {
    const account = await trx
      .selectFrom('accounts')
      .select('customer_id')
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!account) return [];
    await lockInOrder(trx, this.kind, { account: accountId });
    const keys: string[] = [];
    const drafts = await trx
      .selectFrom('claims')
      .select('id')
      .where('filed_by_account_id', '=', accountId)
      .where('status', '=', 'draft')
      .where('created_at', '<=', closedAt)
      .execute();
    for (const d of drafts) keys.push(...(await deleteDraftRows(trx, d.id)));

    const sessions = trx
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', accountId)
      .where('created_at', '<=', closedAt);
    await trx.deleteFrom('access_tokens').where('session_id', 'in', sessions).execute();
    await trx.deleteFrom('refresh_tokens').where('session_id', 'in', sessions).execute();
    await trx.deleteFrom('sessions').where('account_id', '=', accountId).where('created_at', '<=', closedAt).execute();
    await trx.deleteFrom('sign_ins').where('account_id', '=', accountId).where('at', '<=', closedAt).execute();
    await trx
      .deleteFrom('inbox_messages')
      .where('account_id', '=', accountId)
      .where('created_at', '<=', closedAt)
      .execute();
    await trx.deleteFrom('events').where('account_id', '=', accountId).where('created_at', '<=', closedAt).execute();
    // The person's sign-up, recovery and contact-change flows, with their codes.
    const flowsOf = (eb: ExpressionBuilder<Database, 'flows'>) =>
      eb.and([
        eb.or([eb('account_id', '=', accountId), eb('customer_id', '=', account.customer_id)]),
        eb('created_at', '<=', closedAt),
      ]);
    await trx
      .deleteFrom('otp_codes')
      .where('flow_id', 'in', trx.selectFrom('flows').select('id').where(flowsOf))
      .execute();
    await trx.deleteFrom('flows').where(flowsOf).execute();
    await this.consents.keepLastOnly(trx, accountId, closedAt);
    // Copies of the person's data: one still being made finds its row gone and deletes its own file.
    const copies = await trx
      .selectFrom('data_exports')
      .select('storage_key')
      .where('account_id', '=', accountId)
      .where('created_at', '<=', closedAt)
      .execute();
    await trx
      .deleteFrom('data_exports')
      .where('account_id', '=', accountId)
      .where('created_at', '<=', closedAt)
      .execute();
    for (const c of copies) if (c.storage_key) keys.push(c.storage_key);
    return keys;
  }
}
