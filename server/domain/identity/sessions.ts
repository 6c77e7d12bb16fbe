import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { LoginRequest, Notice, Session } from '../../../contract/api/identity';
import type { Database } from '../../store/schema';
import { iso } from '../clock';
import { getCustomer } from '../customers';
import { ServiceError } from '../errors';
import { consumeRateLimit } from '../rate-limit';
import { findAccountByUsername, upgradeHashIfDue, type Account } from './accounts';
import type { EventHub } from '../events/hub';
import type { IdentityContext } from './context';
import { assertNotLocked, clearFailures, lockoutKey, refuseWrongPassword } from './lockout';
import { verifyPassword } from './password-hashing';
import { hashToken, newId, randomToken } from './secrets';
import { canonicalUsername } from './usernames';

export const ACCESS_TOKEN_MS = 15 * 60 * 1000;
export const REFRESH_TOKEN_MS = 30 * 24 * 60 * 60 * 1000;
export const KIOSK_SESSION_MS = 30 * 60 * 1000;
const MINUTE_MS = 60_000;

/** Who a valid access token speaks for. */
export interface Principal {
  sessionId: string;
  accountId: string;
  customerId: string;
}

/** Login, refresh with rotation, logout, and the bearer check. */
export class Sessions {
  constructor(private readonly ctx: IdentityContext) {}

  async login(req: LoginRequest, clientKey: string): Promise<Session> {
    const started = performance.now();
    try {
      return await this.tryLogin(req, clientKey);
    } catch (err) {
      await this.answerNoSoonerThan(started, err);
      throw err;
    }
  }

  /**
   * A failed login waits until the same moment whatever the account: an imported bcrypt or
   * PBKDF2 hash takes longer to check than argon2id, and an unknown name takes the dummy's
   * time, so without this one probe would tell which names have accounts and which kind.
   */
  private async answerNoSoonerThan(started: number, err: unknown): Promise<void> {
    if (!(err instanceof ServiceError) || !['invalid_credentials', 'account_locked'].includes(err.code)) return;
    const floor = this.ctx.limits.failedLoginMinMs;
    const left = floor - (performance.now() - started);
    if (left > 0) await sleep(left);
    else if (floor > 0)
      this.ctx.log.warn({ ms: Math.round(floor - left), floor }, 'failed login slower than its floor');
  }

  private async tryLogin(req: LoginRequest, clientKey: string): Promise<Session> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    await consumeRateLimit(db, now, `login:${clientKey}`, this.ctx.limits.loginPerMinute, MINUTE_MS);

    const name = canonicalUsername(req.username);
    const found = await findAccountByUsername(db, name, now);
    const key = lockoutKey(found?.account.id, name);
    // Akun Saya lists the sign-ins of a known account, failed ones too (never an unknown name's).
    const record = (result: 'ok' | 'wrong_password' | 'locked', at: number) =>
      found ? recordSignIn(db, found.account.id, result, req.device, clientKey, at) : Promise.resolve();
    const failuresSoFar = await assertNotLocked(db, key, now).catch(async (err: unknown) => {
      await record('locked', now);
      throw err;
    });

    // An unknown username costs one argon2id verification too, so it answers in the same time.
    const ok = found
      ? await verifyPassword(found.account.password_hash, req.password)
      : await verifyPassword(this.ctx.dummyHash, req.password).then(() => false);
    if (!ok) {
      await refuseWrongPassword(db, key, clock.now(), (locked, at) => record(locked ? 'locked' : 'wrong_password', at));
    }

    const { account, fullName, viaLegacyName } = found!;
    if (failuresSoFar > 0) await clearFailures(db, key);
    await upgradeHashIfDue(db, account.id, account.password_hash, req.password);
    const notices: Notice[] = viaLegacyName ? [{ code: 'username_changed', newUsername: account.username }] : [];
    const openedAt = clock.now();
    const sessionId = newId();
    const endsAt = req.device.kind === 'kiosk' ? openedAt + KIOSK_SESSION_MS : null;
    // The session and its tokens in one commit.
    const tokens = await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id: sessionId,
          account_id: account.id,
          device_kind: req.device.kind,
          device_name: req.device.name,
          created_at: openedAt,
          ends_at: endsAt,
          revoked_at: null,
          revoke_reason: null,
          address: clientKey,
          last_active_at: openedAt,
          step_up_at: null,
        })
        .execute();
      await recordSignIn(trx, account.id, 'ok', req.device, clientKey, openedAt);
      // The new username is told in Kotak Masuk too, once, at the first sign-in with the old one.
      if (viaLegacyName) {
        await this.ctx.inbox.deliver(
          trx,
          {
            id: `${account.id}-username`,
            accountId: account.id,
            category: 'security',
            template: 'username_changed',
            params: { username: account.username, oldUsername: name },
          },
          openedAt,
        );
      }
      return this.issueTokens(trx, sessionId, openedAt, endsAt, req.device.kind === 'personal');
    });
    return { ...tokens, user: { username: account.username, fullName }, notices };
  }

  private async issueTokens(
    db: Kysely<Database>,
    sessionId: string,
    now: number,
    endsAt: number | null,
    withRefresh: boolean,
  ): Promise<Pick<Session, 'accessToken' | 'accessTokenExpiresAt' | 'refreshToken' | 'refreshTokenExpiresAt'>> {
    const accessToken = randomToken();
    const accessExpires = Math.min(now + ACCESS_TOKEN_MS, endsAt ?? Number.MAX_SAFE_INTEGER);
    await db
      .insertInto('access_tokens')
      .values({ token_hash: hashToken(accessToken), session_id: sessionId, expires_at: accessExpires })
      .execute();
    if (!withRefresh) return { accessToken, accessTokenExpiresAt: iso(accessExpires) };
    const refreshToken = randomToken();
    const refreshExpires = now + REFRESH_TOKEN_MS;
    await db
      .insertInto('refresh_tokens')
      .values({ token_hash: hashToken(refreshToken), session_id: sessionId, expires_at: refreshExpires, used_at: null })
      .execute();
    return {
      accessToken,
      accessTokenExpiresAt: iso(accessExpires),
      refreshToken,
      refreshTokenExpiresAt: iso(refreshExpires),
    };
  }

  /**
   * Rotates a refresh token. Using it up is one statement; a token that was
   * already used is a replay, and the whole session (the token family) ends.
   */
  async refresh(refreshToken: string): Promise<Session> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const tokenHash = hashToken(refreshToken);
    // Using the old token up and issuing the new ones is one transaction: a fault between them
    // must not leave the person with a spent token and nothing to replace it.
    const rotated = await db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('refresh_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('session_id')
        .executeTakeFirst();
      if (!used) return null;
      const session = await trx
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', used.session_id)
        .executeTakeFirstOrThrow();
      if (session.revoked_at !== null)
        throw new ServiceError('session_revoked', 'This session has ended; sign in again.');
      // Rotation ends the access tokens issued before it too: a stolen one dies with the old pair.
      await trx.deleteFrom('access_tokens').where('session_id', '=', session.id).execute();
      const tokens = await this.issueTokens(trx, session.id, now, session.ends_at, true);
      return { tokens, accountId: session.account_id };
    });
    if (!rotated) {
      const token = await db
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!token) throw new ServiceError('unauthenticated', 'Unknown refresh token.');
      if (token.used_at !== null) {
        await this.revoke(db, token.session_id, now, 'refresh_replayed');
        throw new ServiceError('session_revoked', 'This session has ended; sign in again.');
      }
      throw new ServiceError('session_expired', 'This session has expired; sign in again.');
    }
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', rotated.accountId)
      .executeTakeFirstOrThrow();
    return { ...rotated.tokens, user: await this.userOf(account), notices: [] };
  }

  async logout(principal: Principal): Promise<void> {
    await this.revoke(this.ctx.db, principal.sessionId, this.ctx.clock.now(), 'logout');
  }

  /** The bearer check of every authenticated call. */
  async authenticate(accessToken: string): Promise<Principal> {
    const { db, clock } = this.ctx;
    const now = clock.now();
    const row = await db
      .selectFrom('access_tokens')
      .innerJoin('sessions', 'sessions.id', 'access_tokens.session_id')
      .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .select([
        'access_tokens.expires_at',
        'sessions.id as session_id',
        'sessions.account_id',
        'sessions.ends_at',
        'sessions.revoked_at',
        'accounts.customer_id',
      ])
      .where('access_tokens.token_hash', '=', hashToken(accessToken))
      .executeTakeFirst();
    if (!row) throw new ServiceError('unauthenticated', 'Sign in first.');
    if (row.revoked_at !== null) throw new ServiceError('session_revoked', 'This session has ended; sign in again.');
    if (row.ends_at !== null && row.ends_at <= now) {
      throw new ServiceError('session_expired', 'This session has reached its time limit; sign in again.');
    }
    if (row.expires_at <= now) throw new ServiceError('unauthenticated', 'The access token has expired.');
    // "Last active" for the devices list, written at most once a minute per session.
    await db
      .updateTable('sessions')
      .set({ last_active_at: now })
      .where('id', '=', row.session_id)
      .where((eb) => eb.or([eb('last_active_at', 'is', null), eb('last_active_at', '<', now - MINUTE_MS)]))
      .execute();
    return { sessionId: row.session_id, accountId: row.account_id, customerId: row.customer_id };
  }

  /** Ends one session (of `accountId` only, where given); false where no such open one. */
  private async revoke(
    db: Kysely<Database>,
    sessionId: string,
    now: number,
    reason: string,
    accountId?: string,
  ): Promise<boolean> {
    let query = db
      .updateTable('sessions')
      .set({ revoked_at: now, revoke_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null);
    if (accountId) query = query.where('account_id', '=', accountId);
    const ended = await query.returning('account_id').executeTakeFirst();
    // Its events stream, on whichever instance holds it, ends too.
    if (ended) await this.ctx.hub.sessionsChanged(db, ended.account_id);
    return !!ended;
  }

  /** Ends one of the account's sessions ("end this session"); false where it has no such open one. */
  end(accountId: string, sessionId: string, reason: string): Promise<boolean> {
    return this.revoke(this.ctx.db, sessionId, this.ctx.clock.now(), reason, accountId);
  }

  /** Whether a session can still be used: not ended, not past its time limit. */
  async isActive(sessionId: string): Promise<boolean> {
    const row = await this.ctx.db
      .selectFrom('sessions')
      .select(['revoked_at', 'ends_at'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return !!row && row.revoked_at === null && (row.ends_at === null || row.ends_at > this.ctx.clock.now());
  }

  private async userOf(account: Account): Promise<{ username: string; fullName: string }> {
    const customer = await getCustomer(this.ctx.db, account.customer_id);
    return { username: account.username, fullName: customer?.fullName ?? '' };
  }
}

/** One line of Akun Saya's recent sign-ins. */
async function recordSignIn(
  db: Kysely<Database>,
  accountId: string,
  result: 'ok' | 'wrong_password' | 'locked',
  device: LoginRequest['device'],
  address: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('sign_ins')
    .values({
      id: newId(),
      account_id: accountId,
      at,
      result,
      device_kind: device.kind,
      device_name: device.name,
      address,
    })
    .execute();
}

/**
 * Ends every open session of an account but `keep`, in the caller's transaction (a password
 * reset or change); their events streams, on whichever instance, end too.
 */
export async function endSessionsOf(
  trx: Kysely<Database>,
  hub: EventHub,
  accountId: string,
  now: number,
  reason: string,
  keep?: string,
): Promise<void> {
  let query = trx
    .updateTable('sessions')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null);
  if (keep) query = query.where('id', '!=', keep);
  await query.execute();
  await hub.sessionsChanged(trx, accountId);
}
