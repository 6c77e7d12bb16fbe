import type { Kysely } from 'kysely';
import type { Language } from '../../../contract/api/common';
import type { Database } from '../../store/schema';
import type {
  ChannelOption,
  Eula,
  OtpChannel,
  OtpSent,
  PasswordRequest,
  RegistrationStartRequest,
} from '../../../contract/api/identity';
import { otpText, registeredText } from '../../notify/messages';
import { findRegistrant, getCustomer, policyNumbersOf, type CustomerRecord } from '../customers';
import { ServiceError } from '../errors';
import { consumeRateLimit } from '../rate-limit';
import type { IdentityContext } from './context';
import { FLOW_LIFETIME_MS, advance, requireStep } from './flows';
import { maskedChannels, normalisePhone } from './masking';
import { issueCode, verifyCode } from './otp';
import { messageToContact, messagesToAllContacts } from './contact';
import { checkNewPassword } from './password-change';
import { hashPassword } from './password-hashing';
import { newId } from './secrets';
import { freeUsername } from './accounts';

const MINUTE_MS = 60_000;
const MAX_USERNAME_DRAWS = 5;

/** The username drawn for this flow was taken by another account in the meantime. */
class UsernameTaken extends Error {}
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Registration (Panduan Pendaftaran): five steps on one stored flow. */
export class Registration {
  constructor(private readonly ctx: IdentityContext) {}

  async start(
    req: RegistrationStartRequest,
    clientKey: string,
    lang: Language,
  ): Promise<{ flowId: string; step: 'eula'; eula: Eula }> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    await consumeRateLimit(db, now, `flow-start:${clientKey}`, this.ctx.limits.flowStartsPerMinute, MINUTE_MS);

    const customer = await findRegistrant(db, req.policyType, req.policyNumber, req.memberNumber);
    const phone = normalisePhone(req.phone);
    const matches =
      customer !== undefined &&
      customer.dateOfBirth === req.dateOfBirth &&
      sameEmail(customer.email, req.email) &&
      phone !== null &&
      phone === customer.phone;
    if (!customer || !matches) {
      // One answer for every mismatch, so the form cannot be used to probe the insurer's records.
      throw new ServiceError('policy_data_mismatch', 'The policy data does not match our records.');
    }
    const existing = await db
      .selectFrom('accounts')
      .select('id')
      .where('customer_id', '=', customer.id)
      // A closed account does not stand in the way: registering again takes it up anew.
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    if (existing) throw new ServiceError('account_exists', 'This policyholder already has an account.');

    const flowId = newId();
    await db
      .insertInto('flows')
      .values({
        id: flowId,
        kind: 'registration',
        state: 'eula',
        customer_id: customer.id,
        account_id: null,
        policy_number: req.policyNumber,
        username: null,
        eula_version: null,
        language: lang,
        codes_sent: 0,
        resend_at: null,
        created_at: now,
        expires_at: now + FLOW_LIFETIME_MS,
      })
      .execute();
    return { flowId, step: 'eula', eula: this.ctx.eula(lang) };
  }

  async acceptEula(flowId: string, version: string): Promise<{ step: 'otp_channel'; channels: ChannelOption[] }> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const flow = await requireStep(db, flowId, 'registration', now, ['eula']);
    const current = this.ctx.eula(flow.language).version;
    if (version !== current) {
      throw new ServiceError('invalid_request', 'That is not the current EULA version.', {
        fields: ['version'],
        expectedVersion: current,
      });
    }
    await advance(db, flowId, 'registration', now, 'eula', 'otp_channel', { eula_version: version });
    return { step: 'otp_channel', channels: maskedChannels(await this.customerOf(flow.customer_id)) };
  }

  async sendOtp(flowId: string, channel: OtpChannel): Promise<OtpSent> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const flow = await requireStep(db, flowId, 'registration', now, ['otp_channel', 'otp']);
    const customer = await this.customerOf(flow.customer_id);
    const destination = maskedChannels(customer).find((c) => c.channel === channel)!.destination;
    const issued = await issueCode(this.ctx, flow, now, channel, destination, `customer:${customer.id}`, (code) =>
      messageToContact(
        customer,
        channel,
        otpText(flow.language, 'registration', code, this.ctx.otpTtlMs / 1000, this.ctx.care),
        code,
      ),
    );
    await this.ctx.messages.committed(issued.messageIds);
    return issued.answer;
  }

  async verifyOtp(flowId: string, code: string): Promise<{ step: 'password'; username: string }> {
    const { db, clock } = this.ctx;
    const username = await freeUsername(db);
    const flow = await verifyCode(this.ctx, flowId, 'registration', clock.now(), code, { username });
    return { step: 'password', username: flow.username! };
  }

  async setPassword(flowId: string, req: PasswordRequest): Promise<{ step: 'done'; username: string }> {
    const { db, clock } = this.ctx;
    const flow = await requireStep(db, flowId, 'registration', clock.now(), ['password']);
    const customer = await this.customerOf(flow.customer_id);
    checkNewPassword(req, {
      username: flow.username!,
      policyNumbers: await policyNumbersOf(db, customer.id),
      dateOfBirth: customer.dateOfBirth,
    });
    const passwordHash = await hashPassword(req.password);
    const now = clock.now();
    // The username shown at step 4 is drawn before it is taken: another registration may have
    // drawn the same one and finished first. Then this account gets a fresh one, said in the answer.
    let username = flow.username!;
    let messageIds: string[] = [];
    for (let attempt = 0; ; attempt++) {
      const created = await db
        .transaction()
        .execute(async (trx) => {
          await advance(trx, flowId, 'registration', now, 'password', 'done', { username });
          const row =
            (await this.reopen(trx, customer.id, username, passwordHash, flow.language, now)) ??
            (await trx
              .insertInto('accounts')
              .values({
                id: newId(),
                customer_id: customer.id,
                username,
                password_hash: passwordHash,
                language: flow.language,
                legacy_username: null,
                legacy_username_until: null,
                created_at: now,
                password_changed_at: now,
              })
              // No target: any unique column (the customer, the username) that is taken makes it nothing.
              .onConflict((oc) => oc.doNothing())
              .returning('id')
              .executeTakeFirst());
          if (row) {
            await this.ctx.inbox.deliver(
              trx,
              { accountId: row.id, category: 'security', template: 'account_created', params: { at: now, username } },
              now,
            );
            // The username that was made goes to the person with the account, in the same commit.
            messageIds = await this.ctx.messages.add(
              trx,
              now,
              messagesToAllContacts(customer, registeredText(flow.language, username, this.ctx.care)),
            );
            return true;
          }
          const existing = await trx
            .selectFrom('accounts')
            .select('id')
            .where('customer_id', '=', customer.id)
            .where('closed_at', 'is', null)
            .executeTakeFirst();
          // Two registrations for one person raced; the second one must not win.
          if (existing) throw new ServiceError('account_exists', 'This policyholder already has an account.');
          throw new UsernameTaken();
        })
        .catch((err: unknown) => {
          if (err instanceof UsernameTaken && attempt < MAX_USERNAME_DRAWS) return false;
          throw err;
        });
      if (created) break;
      username = await freeUsername(db);
    }
    await this.ctx.messages.committed(messageIds);
    return { step: 'done', username };
  }

  /**
   * A person who closed their account and registers again gets the same row back, with the new
   * username and password: the records kept at closure (claims, payments, requests) point at it.
   * Undefined when there is no closed account (or the username was taken meanwhile: then the
   * insert that follows finds it taken, and a new one is drawn).
   */
  private async reopen(
    trx: Kysely<Database>,
    customerId: string,
    username: string,
    passwordHash: string,
    language: Language,
    now: number,
  ): Promise<{ id: string } | undefined> {
    const taken = await trx
      .selectFrom('accounts')
      .select('id')
      .where((eb) => eb.or([eb('username', '=', username), eb('legacy_username', '=', username)]))
      .executeTakeFirst();
    if (taken) return undefined;
    return trx
      .updateTable('accounts')
      .set({
        username,
        password_hash: passwordHash,
        language,
        closed_at: null,
        created_at: now,
        password_changed_at: now,
        notify_email: 1,
        notify_sms: 1,
      })
      .where('customer_id', '=', customerId)
      .where('closed_at', 'is not', null)
      .returning('id')
      .executeTakeFirst();
  }

  private async customerOf(id: string | null): Promise<CustomerRecord> {
    const customer = id ? await getCustomer(this.ctx.db, id) : undefined;
    if (!customer) throw new Error('registration flow without its customer');
    return customer;
  }
}
