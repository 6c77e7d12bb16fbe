import { z } from 'zod';
import {
  SessionSchema,
  type DeviceKind,
  type Notice,
  type Session,
  type SessionUser,
} from '../../../contract/api/identity';
import type { SignedOut } from '../../../contract/ipc';
import type { Method } from 'axios';
import type { ApiClient, CallOptions } from './api-client';
import { PortalFailure } from './portal-error';
import type { CredentialVault } from './vault';

export interface DeviceInfo {
  kind: DeviceKind;
  name: string;
}

type Listener = (event: SignedOut) => void;

/** Refresh a little before the access token runs out, not on the second. */
const EARLY_MS = 30_000;
/** Ending a session at the service is a courtesy after it ended here: it must not hang about. */
const SIGN_OUT_TIMEOUT_MS = 5_000;

/**
 * Holds the session in the main process: the access token in memory only, the
 * refresh token in memory and, with "Ingat saya", in the keychain. Refresh is
 * single-flight: every call that meets an expired token waits for the same one.
 */
export class SessionManager {
  private access: { token: string; expiresAt: number } | null = null;
  private refreshToken: string | null = null;
  private remember = false;
  private user: SessionUser | null = null;
  private refreshing: Promise<void> | null = null;
  /**
   * Which session this is: every end moves it on, so an answer that set out for an earlier
   * session (a refresh in flight at logout) is recognised and thrown away, never adopted.
   */
  private epoch = 0;
  /** Sessions being ended at the service in the background, after they ended here. */
  private readonly endingAtService = new Set<Promise<void>>();
  private readonly listeners = new Set<Listener>();
  private readonly signedInListeners = new Set<() => void>();
  private readonly endedListeners = new Set<(e: { username: string; remembered: boolean }) => void>();
  /** How many refreshes went to the service (tests count them). */
  refreshCount = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly vault: CredentialVault,
    private readonly device: DeviceInfo,
    private readonly now: () => number = Date.now,
  ) {}

  get currentUser(): SessionUser | null {
    return this.user;
  }

  /** When the session ends for good: a session without a refresh token (a kiosk's) ends with its access token. */
  get endsAt(): number | null {
    return this.access && !this.refreshToken ? this.access.expiresAt : null;
  }

  onSignedOut(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** When someone signs in (a login, or a session restored from the keychain). */
  onSignedIn(listener: () => void): () => void {
    this.signedInListeners.add(listener);
    return () => this.signedInListeners.delete(listener);
  }

  async login(
    username: string,
    password: string,
    remember: boolean,
  ): Promise<{ user: SessionUser; notices: Notice[] }> {
    if (remember && this.device.kind === 'kiosk') throw new PortalFailure('not_allowed_in_kiosk');
    if (remember && !(await this.vault.isAvailable())) throw new PortalFailure('keychain_unavailable');
    const epoch = this.epoch;
    const { value, clockSkewMs } = await this.api.call('POST', '/v1/sessions', SessionSchema, {
      body: { username, password, device: this.device },
    });
    this.remember = remember;
    await this.adopt(value, clockSkewMs, epoch);
    return { user: value.user, notices: value.notices };
  }

  /** After a restart: signs in from the keychain's refresh token, if one was kept. */
  async restore(): Promise<SessionUser | null> {
    if (this.user) return this.user;
    if (this.device.kind === 'kiosk') return null;
    const kept = await this.vault.load().catch(() => null);
    if (!kept) return null;
    this.refreshToken = kept.secret;
    this.remember = true;
    try {
      await this.refresh();
    } catch (err) {
      if (err instanceof PortalFailure && err.code === 'network_unavailable') throw err;
      return null;
    }
    return this.user;
  }

  /** A call to the service as the signed-in person (through `authorized`): the answer's value. */
  async call<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    options: Omit<CallOptions, 'token'> = {},
  ): Promise<z.output<S>> {
    return this.authorized(async (token) => (await this.api.call(method, path, schema, { ...options, token })).value);
  }

  /**
   * Runs an authenticated call with a fresh access token; a call that meets an
   * expired one refreshes (once, shared) and is tried again.
   */
  async authorized<T>(call: (token: string) => Promise<T>): Promise<T> {
    if (!this.access) throw new PortalFailure('unauthenticated');
    if (this.access.expiresAt - EARLY_MS <= this.now() && this.refreshToken) await this.refresh();
    const token = this.access!.token;
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof PortalFailure) || err.code !== 'unauthenticated' || !this.refreshToken) {
        if (err instanceof PortalFailure && (err.code === 'session_revoked' || err.code === 'session_expired')) {
          await this.end(err.code === 'session_revoked' ? 'revoked' : 'expired');
        }
        throw err;
      }
      // Another call may have refreshed already while this one was on its way.
      if (this.access?.token === token) await this.refresh();
      // Or the person signed out meanwhile.
      if (!this.access) throw new PortalFailure('unauthenticated');
      return call(this.access.token);
    }
  }

  /**
   * Ends the session here at once (nothing waits on the network: a kiosk's screen must clear
   * now), then at the service in the background, with a short limit.
   */
  async logout(reason: SignedOut['reason'] = 'logout'): Promise<void> {
    const token = this.access?.token;
    await this.end(reason);
    if (token) this.endAtService(token);
  }

  /** Resolves when every session ended here has also been ended at the service (or given up on). */
  async settled(): Promise<void> {
    await Promise.all([...this.endingAtService]);
  }

  private endAtService(token: string): void {
    const ending = this.api
      .call('DELETE', '/v1/sessions/current', z.object({}), { token, timeoutMs: SIGN_OUT_TIMEOUT_MS, retries: 0 })
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.endingAtService.delete(ending));
    this.endingAtService.add(ending);
  }

  private refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const refreshToken = this.refreshToken;
    if (!refreshToken) throw new PortalFailure('unauthenticated');
    const epoch = this.epoch;
    this.refreshCount++;
    try {
      const { value, clockSkewMs } = await this.api.call('POST', '/v1/sessions/refresh', SessionSchema, {
        body: { refreshToken },
      });
      await this.adopt(value, clockSkewMs, epoch);
    } catch (err) {
      if (err instanceof PortalFailure && err.code !== 'network_unavailable' && epoch === this.epoch) {
        await this.end(err.code === 'session_expired' ? 'expired' : 'revoked');
      }
      throw err;
    }
  }

  /**
   * `clockSkewMs` turns the service's instants into this PC's clock, however wrong it is.
   * Tokens that arrive for a session that has ended since they were asked for are not taken:
   * that session is ended at the service too, and the caller is told it is signed out.
   */
  private async adopt(session: Session, clockSkewMs: number, epoch: number): Promise<void> {
    if (epoch !== this.epoch) {
      this.endAtService(session.accessToken);
      throw new PortalFailure('unauthenticated');
    }
    const wasSignedIn = this.user !== null;
    this.access = { token: session.accessToken, expiresAt: Date.parse(session.accessTokenExpiresAt) - clockSkewMs };
    this.refreshToken = session.refreshToken ?? null;
    this.user = session.user;
    if (this.remember && this.refreshToken) await this.vault.save(session.user.username, this.refreshToken);
    if (!wasSignedIn) for (const l of this.signedInListeners) l();
  }

  /** Forgets everything, here and in the keychain, and tells the listeners why. */
  private async end(reason: SignedOut['reason']): Promise<void> {
    this.epoch++;
    const wasSignedIn = this.user !== null;
    const ended = this.user ? { username: this.user.username, remembered: this.remember } : null;
    this.access = null;
    this.refreshToken = null;
    this.user = null;
    this.remember = false;
    await this.vault.clear().catch(() => undefined);
    if (wasSignedIn) for (const l of this.listeners) l({ reason });
    if (ended) for (const l of this.endedListeners) l(ended);
  }

  /** A session ended: whose, and whether the person had asked this device to remember them. */
  onEnded(listener: (e: { username: string; remembered: boolean }) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }
}
