import type { ChannelOption, OtpChannel, OtpSent, PasswordRequest } from '../../../contract/api/identity';
import { otpText, passwordChangedText } from '../../notify/messages';
import { getCustomer, policyNumbersOf, type CustomerRecord } from '../customers';
import { consumeRateLimit } from '../rate-limit';
import { findAccountByUsername } from './accounts';
import type { IdentityContext } from './context';
import { FLOW_LIFETIME_MS, advance, requireStep, type Flow } from './flows';
import { decoyChannels, maskedChannels } from './masking';
import { issueCode, verifyCode } from './otp';
import { messageToContact, messagesToAllContacts } from './contact';
import { checkNewPassword } from './password-change';
import { hashPassword } from './password-hashing';
import { newId } from './secrets';
import { endSessionsOf } from './sessions';
import { canonicalUsername } from './usernames';

const MINUTE_MS = 60_000;

/**
 * Forgot password (Panduan Lupa Password). A username with no account walks the
 * same steps with the same answers: its destinations are stable decoys, its codes
 * are made and stored but sent nowhere, so no code can ever match.
 */
export class Recovery {
  constructor(private readonly ctx: IdentityContext) {}

  async start(
    typedUsername: string,
    clientKey: string,
  ): Promise<{ flowId: string; step: 'otp_channel'; channels: ChannelOption[] }> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    await consumeRateLimit(db, now, `flow-start:${clientKey}`, this.ctx.limits.flowStartsPerMinute, MINUTE_MS);
    const username = canonicalUsername(typedUsername);
    const found = await findAccountByUsername(db, username, now);
    const flowId = newId();
    await db
      .insertInto('flows')
      .values({
        id: flowId,
        kind: 'recovery',
        state: 'otp_channel',
        customer_id: found?.account.customer_id ?? null,
        account_id: found?.account.id ?? null,
        policy_number: null,
        username,
        eula_version: null,
        language: found?.account.language ?? 'id',
        codes_sent: 0,
        resend_at: null,
        created_at: now,
        expires_at: now + FLOW_LIFETIME_MS,
      })
      .execute();
    return {
      flowId,
      step: 'otp_channel',
      channels: await this.channels(await this.customerOf(found?.account.customer_id ?? null), username),
    };
  }

  async sendOtp(flowId: string, channel: OtpChannel): Promise<OtpSent> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const flow = await requireStep(db, flowId, 'recovery', now, ['otp_channel', 'otp']);
    const customer = await this.customerOf(flow.customer_id);
    const destination = (await this.channels(customer, flow.username!)).find((c) => c.channel === channel)!.destination;
    const issued = await issueCode(
      this.ctx,
      flow,
      now,
      channel,
      destination,
      customer ? `customer:${customer.id}` : `unknown:${flow.username}`,
      // A username with no account gets its code made and counted alike, and sent nowhere.
      customer
        ? (code) =>
            messageToContact(
              customer,
              channel,
              otpText(flow.language, 'recovery', code, this.ctx.otpTtlMs / 1000, this.ctx.care),
              code,
            )
        : null,
    );
    await this.ctx.messages.committed(issued.messageIds);
    return issued.answer;
  }

  async verifyOtp(flowId: string, code: string): Promise<{ step: 'password' }> {
    await verifyCode(this.ctx, flowId, 'recovery', this.ctx.clock.now(), code);
    return { step: 'password' };
  }

  /** Sets the new password, ends every session of the account and tells the person. */
  async setPassword(flowId: string, req: PasswordRequest): Promise<{ step: 'done' }> {
    const { db, clock } = this.ctx;
    const flow = await requireStep(db, flowId, 'recovery', clock.now(), ['password']);
    const { customer, accountId, username } = await this.accountOf(flow);
    checkNewPassword(req, {
      username,
      policyNumbers: await policyNumbersOf(db, customer.id),
      dateOfBirth: customer.dateOfBirth,
    });
    const passwordHash = await hashPassword(req.password);
    const now = clock.now();
    const messageIds = await db.transaction().execute(async (trx) => {
      await advance(trx, flowId, 'recovery', now, 'password', 'done');
      await trx
        .updateTable('accounts')
        .set({ password_hash: passwordHash, password_changed_at: now })
        .where('id', '=', accountId)
        .execute();
      // Every session ends, and its open events stream with it; Kotak Masuk keeps the notice.
      await endSessionsOf(trx, this.ctx.hub, accountId, now, 'password_reset');
      await trx.deleteFrom('login_failures').where('key', '=', `account:${accountId}`).execute();
      await this.ctx.inbox.deliver(
        trx,
        { accountId, category: 'security', template: 'password_reset', params: { at: now } },
        now,
      );
      return this.ctx.messages.add(
        trx,
        now,
        messagesToAllContacts(customer, passwordChangedText(flow.language, this.ctx.care)),
      );
    });
    await this.ctx.messages.committed(messageIds);
    return { step: 'done' };
  }

  private async channels(customer: CustomerRecord | undefined, username: string): Promise<ChannelOption[]> {
    return customer ? maskedChannels(customer) : decoyChannels(this.ctx.db, this.ctx.keyed, username);
  }

  private async customerOf(id: string | null): Promise<CustomerRecord | undefined> {
    return id ? getCustomer(this.ctx.db, id) : undefined;
  }

  private async accountOf(flow: Flow): Promise<{ customer: CustomerRecord; accountId: string; username: string }> {
    const account = flow.account_id
      ? await this.ctx.db
          .selectFrom('accounts')
          .select(['id', 'username', 'customer_id'])
          .where('id', '=', flow.account_id)
          .executeTakeFirst()
      : undefined;
    const customer = account ? await getCustomer(this.ctx.db, account.customer_id) : undefined;
    // Unreachable for a decoy flow: its codes never verify.
    if (!account || !customer) throw new Error('recovery flow without its account');
    return { customer, accountId: account.id, username: account.username };
  }
}
