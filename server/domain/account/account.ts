import type { AccountSession, PasswordChangeRequest, SignIn } from '../../../contract/api/account';
import { passwordChangedInAppText } from '../../notify/messages';
import { iso } from '../clock';
import { getCustomer, policyNumbersOf } from '../customers';
import { ServiceError } from '../errors';
import { newestFirst, pageOf } from '../paging';
import type { IdentityContext } from '../identity/context';
import { messagesToAllContacts } from '../identity/contact';
import { assertNotLocked, clearFailures, lockoutKey, refuseWrongPassword } from '../identity/lockout';
import { checkNewPassword } from '../identity/password-change';
import { upgradeHashIfDue } from '../identity/accounts';
import { hashPassword, verifyPassword } from '../identity/password-hashing';
import { endSessionsOf, type Principal, type Sessions } from '../identity/sessions';

/** A step-up lasts this long (api-v1.md). */
export const STEP_UP_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Akun Saya lists the sign-ins of this many days. */
export const SIGN_IN_DAYS = 90;
/** A personal session unused this long is gone (its refresh token has run out). */
const SESSION_IDLE_MS = 30 * DAY_MS;

/** Akun Saya: step-up, the password, sessions and devices, recent sign-ins. */
export class Account {
  constructor(
    private readonly ctx: IdentityContext,
    private readonly sessions: Sessions,
  ) {}

  /**
   * Proves the password again for this session. A wrong one counts toward the same lockout
   * as logins (and the fifth locks the account), so step-up is no way around it.
   */
  async stepUp(principal: Principal, password: string): Promise<{ stepUpExpiresAt: string }> {
    const { db, clock } = this.ctx;
    await this.checkPassword(principal, password);
    const now = clock.now();
    await db.updateTable('sessions').set({ step_up_at: now }).where('id', '=', principal.sessionId).execute();
    return { stepUpExpiresAt: iso(now + STEP_UP_MS) };
  }

  /** The guard of every sensitive call: 403 `step_up_required` without a recent proof. */
  async requireStepUp(principal: Principal): Promise<void> {
    const { db, clock } = this.ctx;
    const row = await db
      .selectFrom('sessions')
      .select('step_up_at')
      .where('id', '=', principal.sessionId)
      .executeTakeFirst();
    if (!row?.step_up_at || row.step_up_at + STEP_UP_MS <= clock.now()) {
      throw new ServiceError('step_up_required', 'Enter your password again for this change.');
    }
  }

  /**
   * A new password: the current one proves the person (and counts toward lockout when
   * wrong), the registration rules apply, the contacts and Kotak Masuk are told, and the
   * other sessions end where asked.
   */
  async changePassword(principal: Principal, req: PasswordChangeRequest): Promise<void> {
    const { db, clock } = this.ctx;
    const { username, customerId, language } = await this.checkPassword(principal, req.currentPassword);
    const customer = (await getCustomer(db, customerId))!;
    checkNewPassword(
      { password: req.newPassword, passwordConfirmation: req.newPasswordConfirmation },
      { username, policyNumbers: await policyNumbersOf(db, customerId), dateOfBirth: customer.dateOfBirth },
    );
    const passwordHash = await hashPassword(req.newPassword);
    const now = clock.now();
    const messageIds = await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({ password_hash: passwordHash, password_changed_at: now })
        .where('id', '=', principal.accountId)
        .execute();
      if (req.endOtherSessions) {
        await endSessionsOf(trx, this.ctx.hub, principal.accountId, now, 'password_changed', principal.sessionId);
      }
      await this.ctx.inbox.deliver(
        trx,
        { accountId: principal.accountId, category: 'security', template: 'password_changed', params: { at: now } },
        now,
      );
      // A security notice: sent whatever the notification choices say.
      return this.ctx.messages.add(
        trx,
        now,
        messagesToAllContacts(customer, passwordChangedInAppText(language, this.ctx.care)),
      );
    });
    await this.ctx.messages.committed(messageIds);
  }

  /** The account's open sessions, the current one marked, most recently active first. */
  async sessionsOf(principal: Principal): Promise<{ sessions: AccountSession[] }> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const rows = await db
      .selectFrom('sessions')
      .selectAll()
      .where('account_id', '=', principal.accountId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .execute();
    const lastActive = (r: (typeof rows)[number]) => r.last_active_at ?? r.created_at;
    return {
      sessions: rows
        .filter((r) => lastActive(r) > now - SESSION_IDLE_MS)
        .sort((a, b) => lastActive(b) - lastActive(a))
        .map((r) => ({
          sessionId: r.id,
          deviceKind: r.device_kind,
          deviceName: r.device_name,
          createdAt: iso(r.created_at),
          lastActiveAt: iso(lastActive(r)),
          address: r.address ?? '',
          current: r.id === principal.sessionId,
        })),
    };
  }

  /** "Akhiri sesi ini": its tokens stop at once, on every instance, and its stream closes. */
  async endSession(principal: Principal, sessionId: string): Promise<void> {
    const ended = await this.sessions.end(principal.accountId, sessionId, 'ended_by_owner');
    if (!ended) throw new ServiceError('not_found', 'No such session.');
  }

  /** Sign-ins of the last 90 days, newest first, paged. */
  async signIns(
    principal: Principal,
    q: { limit: number; cursor?: string },
  ): Promise<{ signIns: SignIn[]; nextCursor?: string }> {
    const { db, clock } = this.ctx;
    const query = db
      .selectFrom('sign_ins')
      .selectAll()
      .where('account_id', '=', principal.accountId)
      .where('at', '>', clock.now() - SIGN_IN_DAYS * DAY_MS);
    const { page, nextCursor } = pageOf(await newestFirst(query, q, 'at').execute(), q.limit, (r) => r.at);
    return {
      signIns: page.map((r) => ({
        at: iso(r.at),
        result: r.result,
        deviceKind: r.device_kind,
        deviceName: r.device_name,
        address: r.address,
      })),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  /** The signed-in account's password, checked as a login checks it (lockout included). */
  private async checkPassword(principal: Principal, password: string) {
    const { db, clock } = this.ctx;
    const account = await db
      .selectFrom('accounts')
      .select(['id', 'username', 'password_hash', 'customer_id', 'language'])
      .where('id', '=', principal.accountId)
      .executeTakeFirstOrThrow();
    const key = lockoutKey(account.id, account.username);
    const failures = await assertNotLocked(db, key, clock.now());
    if (!(await verifyPassword(account.password_hash, password))) await refuseWrongPassword(db, key, clock.now());
    if (failures > 0) await clearFailures(db, key);
    await upgradeHashIfDue(db, account.id, account.password_hash, password);
    return { username: account.username, customerId: account.customer_id, language: account.language };
  }
}
