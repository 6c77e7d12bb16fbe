import { describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/main/core/clock';
import { UpdateSchedule } from '../../electron/main/core/update-schedule';

class HandClock implements Clock {
  t = 0;
  ticks: Array<() => void> = [];
  now = () => this.t;
  every(_ms: number, tick: () => void) {
    this.ticks.push(tick);
    return () => {};
  }
  /** Moves time in minutes, ticking as the schedule's timer would. */
  pass(minutes: number) {
    for (let i = 0; i < minutes; i++) {
      this.t += 60_000;
      for (const tick of this.ticks) tick();
    }
  }
}

function schedule(kioskInUse: (() => boolean) | null, failing = false) {
  const clock = new HandClock();
  const calls = { checks: 0, installs: 0, errors: 0, installOnQuit: null as boolean | null };
  const s = new UpdateSchedule({
    clock,
    everyMs: 4 * 60 * 60_000,
    kioskInUse,
    onError: () => void calls.errors++,
    source: {
      check: async () => {
        calls.checks++;
        if (failing) throw new Error('the update server cannot be reached');
      },
      installNow: () => void calls.installs++,
      installOnQuit: (enabled) => void (calls.installOnQuit = enabled),
    },
  });
  return { s, clock, calls };
}

describe('when updates are checked and installed', () => {
  it('checks at start and every four hours', () => {
    const { clock, calls } = schedule(null);
    expect(calls.checks).toBe(1);
    clock.pass(239);
    expect(calls.checks).toBe(1);
    clock.pass(1);
    expect(calls.checks).toBe(2);
    clock.pass(240 * 3);
    expect(calls.checks).toBe(5);
  });

  it('a personal device installs on quit, never in the middle of use', () => {
    const { s, clock, calls } = schedule(null);
    expect(calls.installOnQuit).toBe(true);
    s.updateDownloaded();
    clock.pass(600);
    expect(calls.installs).toBe(0);
  });

  it('a kiosk never installs while a session is open, and does as soon as it stands unused', () => {
    let inUse = true;
    const { s, clock, calls } = schedule(() => inUse);
    // Not on quit: a kiosk's quit is rare, and it must not wait for one.
    expect(calls.installOnQuit).toBe(false);
    s.updateDownloaded();
    clock.pass(120);
    expect(calls.installs).toBe(0);
    inUse = false;
    clock.pass(1);
    expect(calls.installs).toBe(1);
    clock.pass(10);
    expect(calls.installs).toBe(1);
  });

  it('an unreachable update server is logged, not thrown', async () => {
    const { calls } = schedule(null, true);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.errors).toBe(1);
  });
});
