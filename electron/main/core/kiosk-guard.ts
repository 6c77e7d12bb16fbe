import type { IpcEvent, IpcEventPayload, SignedOut } from '../../../contract/ipc';
import type { Clock } from './clock';

export interface KioskGuardOptions {
  clock: Clock;
  warnAfterMs: number;
  countdownMs: number;
  /** The system's own idle time (Electron `powerMonitor`), where there is one. */
  systemIdleMs?: () => number;
  /** When the service ends the signed-in session (a kiosk's 30 minutes), or null. */
  sessionEndsAt: () => number | null;
  /**
   * Forgets the session here, telling the renderer why, and ends it at the service in the
   * background: it must resolve without waiting on the network.
   */
  signOut: (reason: SignedOut['reason']) => Promise<void>;
  /** Forgets whatever the core holds for the renderer: half-done flows, documents opened. */
  forget: () => void;
  /** Clears the window's storage and cache and reloads the renderer, so its memory goes too. */
  wipe: () => Promise<void>;
  emit: <E extends IpcEvent>(event: E, payload: IpcEventPayload<E>) => void;
  /** A step of the wipe failed (it is tried again at the next tick). */
  onFault?: (step: 'signOut' | 'forget' | 'wipe', err: unknown) => void;
}

/**
 * Kiosk mode's promise that the next person in the queue never sees the last one's
 * data. Once someone uses the kiosk, input (from the renderer, and the system's idle
 * time) keeps the use alive; without input a warning counts down, and at zero (or at
 * the service's session limit, or at "Selesai") everything is wiped.
 */
export class KioskGuard {
  private inUse = false;
  private lastInput: number;
  private ending: Promise<void> | null = null;
  /** When the last person's session was ended and wiped, and why: the welcome screen says so. */
  lastWipe: { at: number; reason: SignedOut['reason'] } | null = null;
  /** The window's wipe failed and is owed: tried again every tick until it works. */
  private wipeOwed = false;
  private readonly stop: () => void;

  constructor(private readonly o: KioskGuardOptions) {
    this.lastInput = o.clock.now();
    this.stop = o.clock.every(1000, () => void this.tick());
  }

  /** Someone is using the kiosk (or a wipe is under way): nothing may restart it now. */
  get busy(): boolean {
    return this.inUse || this.ending !== null || this.o.sessionEndsAt() !== null;
  }

  /** Input from the person (a key, a touch, a click): the session goes on. */
  stillHere(): void {
    this.inUse = true;
    this.lastInput = this.o.clock.now();
  }

  /** "Selesai": the person is done; wipe at once. */
  finish(): Promise<void> {
    return this.end('logout');
  }

  /** How long nobody has touched the kiosk (an update waits for a quiet one). */
  quietMs(): number {
    return this.idleMs();
  }

  /** How long without input, from the renderer's events and the system's idle time, whichever is shorter. */
  private idleMs(): number {
    const sinceInput = this.o.clock.now() - this.lastInput;
    const system = this.o.systemIdleMs?.();
    return system === undefined ? sinceInput : Math.min(sinceInput, system);
  }

  async tick(): Promise<void> {
    if (this.ending) return;
    if (this.wipeOwed) return this.alone(() => this.wipeAgain());
    const endsAt = this.o.sessionEndsAt();
    if (endsAt !== null && this.o.clock.now() >= endsAt) return this.end('expired');
    if (!this.inUse && endsAt === null) return;
    const idle = this.idleMs();
    // Input at the system level (the renderer may not have seen it) keeps the session too;
    // the renderer's warning goes away when no more warnings come.
    if (idle < this.o.warnAfterMs) return;
    const left = this.o.warnAfterMs + this.o.countdownMs - idle;
    if (left <= 0) return this.end('idle');
    this.o.emit('kiosk.idleWarning', { secondsLeft: Math.ceil(left / 1000) });
  }

  /** The session ended some other way ("Keluar", revoked or expired at a call): wipe all the same. */
  signedOut(): Promise<void> {
    return this.end('logout', false);
  }

  private end(reason: SignedOut['reason'], signOut = true): Promise<void> {
    return this.alone(() => this.runEnd(reason, signOut));
  }

  /** One end or wipe at a time: a second asked for meanwhile is the one under way. */
  private alone(work: () => Promise<void>): Promise<void> {
    this.ending ??= work().finally(() => {
      this.ending = null;
    });
    return this.ending;
  }

  /**
   * Forget and wipe first, so the screen clears at once; the service hears of it in the
   * background. No step's failure stops the others, and none leaves the guard stuck: a failed
   * wipe is owed and tried again, and nothing here ever rejects.
   */
  private async runEnd(reason: SignedOut['reason'], signOut: boolean): Promise<void> {
    if (signOut) await this.o.signOut(reason).catch((err: unknown) => this.o.onFault?.('signOut', err));
    try {
      this.o.forget();
    } catch (err) {
      this.o.onFault?.('forget', err);
    }
    this.inUse = false;
    this.lastInput = this.o.clock.now();
    // Before the wipe: the window reloads within it and asks at once.
    this.lastWipe = { at: this.lastInput, reason };
    await this.wipeAgain();
  }

  private async wipeAgain(): Promise<void> {
    try {
      await this.o.wipe();
      this.wipeOwed = false;
    } catch (err) {
      this.wipeOwed = true;
      this.o.onFault?.('wipe', err);
    }
  }

  dispose(): void {
    this.stop();
  }
}
