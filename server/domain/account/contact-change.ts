import type { Me, OtpChannel } from '../../../contract/api/identity';
import { readProfile } from '../identity/profile';
import { contactChangedText, otpText } from '../../notify/messages';
import { getCustomer } from '../customers';
import { ServiceError } from '../errors';
import type { IdentityContext } from '../identity/context';
import { messageToContact } from '../identity/contact';
import { advance, FLOW_LIFETIME_MS, type Flow } from '../identity/flows';
import { maskContact, normalisePhone } from '../identity/masking';
import { issueCode, verifyCode } from '../identity/otp';
import { newId } from '../identity/secrets';
import type { Principal } from '../identity/sessions';
import type { Account } from './account';

/**
 * Changing the e-mail address or the mobile number (account-inbox.md): only after a
 * step-up; the code goes to the new contact with the registration's code rules; when it
 * is right the contact changes and the old one is told. A value another account uses is
 * changed like any other, so the answer tells nothing of other accounts.
 */
export class ContactChange {
  constructor(
    private readonly ctx: IdentityContext,
    private readonly account: Account,
  ) {}

  async start(
    principal: Principal,
    channel: OtpChannel,
    raw: string,
  ): Promise<{ destination: string; expiresAt: string; resendAvailableAt: string }> {
    await this.account.requireStepUp(principal);
    const { db, clock } = this.ctx;
    const value = channel === 'sms' ? normalisePhone(raw) : raw.trim().toLowerCase();
    if (!value) throw new ServiceError('invalid_request', 'Not a mobile number.', { in: 'body', fields: ['value'] });
    const now = clock.now();
    const account = await db
      .selectFrom('accounts')
      .select(['customer_id', 'language'])
      .where('id', '=', principal.accountId)
      .executeTakeFirstOrThrow();
    // Asking again for the same contact sends a new code on the same flow (after the old one
    // expired); another contact starts over.
    let flow = await this.activeFlow(principal.accountId, now);
    if (!flow || flow.contact_channel !== channel || flow.new_contact !== value) {
      await db
        .updateTable('flows')
        .set({ expires_at: now })
        .where('account_id', '=', principal.accountId)
        .where('kind', '=', 'contact_change')
        .where('state', '!=', 'done')
        .where('expires_at', '>', now)
        .execute();
      flow = {
        id: newId(),
        kind: 'contact_change',
        state: 'otp_channel',
        customer_id: account.customer_id,
        account_id: principal.accountId,
        policy_number: null,
        username: null,
        eula_version: null,
        language: account.language,
        codes_sent: 0,
        resend_at: null,
        created_at: now,
        expires_at: now + FLOW_LIFETIME_MS,
        contact_channel: channel,
        new_contact: value,
      };
      await db.insertInto('flows').values(flow).execute();
    }
    const destination = maskContact(channel, value);
    const issued = await issueCode(
      this.ctx,
      flow,
      now,
      channel,
      destination,
      `account:${principal.accountId}`,
      (code) => ({
        channel,
        to: value,
        ...otpText(account.language, 'contact_change', code, this.ctx.otpTtlMs / 1000, this.ctx.care),
        code,
      }),
    );
    await this.ctx.messages.committed(issued.messageIds);
    return { destination, expiresAt: issued.answer.expiresAt, resendAvailableAt: issued.answer.resendAvailableAt };
  }

  /** The right code changes the contact, tells the old one, and puts the change in Kotak Masuk. */
  async verify(principal: Principal, code: string): Promise<Me> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const flow = await this.activeFlow(principal.accountId, now);
    if (!flow || flow.state !== 'otp')
      throw new ServiceError('flow_step_invalid', 'Ask for a code first.', { expected: 'start' });
    await verifyCode(this.ctx, flow.id, 'contact_change', now, code);
    const customer = (await getCustomer(db, flow.customer_id!))!;
    const channel = flow.contact_channel!;
    const value = flow.new_contact!;
    const masked = maskContact(channel, value);
    const messageIds = await db.transaction().execute(async (trx) => {
      await advance(trx, flow.id, 'contact_change', now, 'password', 'done');
      await trx
        .updateTable('customers')
        .set(channel === 'sms' ? { phone: value } : { email: value })
        .where('id', '=', customer.id)
        .execute();
      await this.ctx.inbox.deliver(
        trx,
        {
          accountId: principal.accountId,
          category: 'security',
          template: 'contact_changed',
          params: { at: now, channel, contact: masked },
        },
        now,
      );
      // To the contact that was on file: the one a thief would not hold.
      return this.ctx.messages.add(trx, now, [
        messageToContact(customer, channel, contactChangedText(flow.language, channel, masked, this.ctx.care)),
      ]);
    });
    await this.ctx.messages.committed(messageIds);
    return readProfile(db, principal.accountId);
  }

  private async activeFlow(accountId: string, now: number): Promise<Flow | undefined> {
    return this.ctx.db
      .selectFrom('flows')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', 'contact_change')
      .where('state', 'in', ['otp_channel', 'otp'])
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }
}
