import { describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/main/core/clock';
import {
  inWindow,
  installedPerMachine,
  type MaintenanceWindow,
  UpdateSchedule,
} from '../../electron/main/core/update-schedule';

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

interface Setup {
  kiosk?: { inUse: () => boolean; quietMs: () => number; window?: MaintenanceWindow } | null;
  failing?: boolean;
  selfUpdate?: boolean;
  start?: number;
}

function schedule({ kiosk = null, failing = false, selfUpdate = true, start = 0 }: Setup = {}) {
  const clock = new HandClock();
  clock.t = start;
  const calls = { checks: 0, installs: 0, errors: 0, installOnQuit: null as boolean | null, cover: [] as boolean[] };
  const s = new UpdateSchedule({
    clock,
    everyMs: 4 * 60 * 60_000,
    selfUpdate,
    kiosk: kiosk && {
      ...kiosk,
      quietForMs: 10 * 60_000,
      timeZone: 'Asia/Jakarta',
      announceMs: 2000,
      announce: (on) => void calls.cover.push(on),
    },
    onError: () => void calls.errors++,
    source: {
      check: async () => {
        calls.checks++;
        if (failing) throw new Error('the update server cannot be reached');
      },
      installNow: () => {
        // The cover is up before the app quits to install.
        expect(calls.cover.at(-1)).toBe(true);
        calls.installs++;
      },
      installOnQuit: (enabled) => void (calls.installOnQuit = enabled),
    },
  });
  return { s, clock, calls };
}

/** A kiosk whose use and quiet the test sets; quiet counts from the last touch on the hand clock. */
function kioskAt(clockRef: { clock?: HandClock }) {
  const state = { inUse: false, lastTouch: 0 };
  return {
    state,
    rules: { inUse: () => state.inUse, quietMs: () => (clockRef.clock?.t ?? 0) - state.lastTouch },
  };
}

describe('when updates are checked and installed', () => {
  it('checks at start and every four hours', () => {
    const { clock, calls } = schedule();
    expect(calls.checks).toBe(1);
    clock.pass(239);
    expect(calls.checks).toBe(1);
    clock.pass(1);
    expect(calls.checks).toBe(2);
    clock.pass(240 * 3);
    expect(calls.checks).toBe(5);
  });

  it('a personal device installs on quit, never in the middle of use', () => {
    const { s, clock, calls } = schedule();
    expect(calls.installOnQuit).toBe(true);
    s.updateDownloaded();
    clock.pass(600);
    expect(calls.installs).toBe(0);
  });

  it('a per-machine install never updates itself (its installer would ask for an administrator)', () => {
    const { s, clock, calls } = schedule({ selfUpdate: false, kiosk: { inUse: () => false, quietMs: () => 1e9 } });
    s.updateDownloaded();
    clock.pass(600);
    expect(calls).toMatchObject({ checks: 0, installs: 0, installOnQuit: false, cover: [] });
  });

  it('a kiosk installs only when nobody is signed in and nobody has touched it for ten minutes, behind the cover', () => {
    const ref: { clock?: HandClock } = {};
    const k = kioskAt(ref);
    k.state.inUse = true;
    const { s, clock, calls } = schedule({ kiosk: k.rules });
    ref.clock = clock;
    // Not on quit: a kiosk's quit is rare, and it must not wait for one.
    expect(calls.installOnQuit).toBe(false);
    s.updateDownloaded();
    clock.pass(120);
    expect(calls.installs).toBe(0);
    // The customer signs out; the next one walks up five minutes later.
    k.state.inUse = false;
    k.state.lastTouch = clock.t;
    clock.pass(5);
    k.state.lastTouch = clock.t;
    clock.pass(9);
    expect(calls.cover).toEqual([]);
    clock.pass(1);
    // The cover first (installNow checks it is up), the install on the announcement's own timer.
    expect(calls.cover).toEqual([true]);
    expect(calls.installs).toBe(1);
    clock.pass(60);
    expect(calls.installs).toBe(1);
  });

  it('inside the branch’s maintenance window only, in the kiosk’s own time, also across midnight', () => {
    const ref: { clock?: HandClock } = {};
    const k = kioskAt(ref);
    // 14:00 WIB: quiet, nobody signed in, but outside 02:00–05:00.
    const { s, clock, calls } = schedule({
      kiosk: { ...k.rules, window: { from: '02:00', to: '05:00' } },
      start: Date.parse('2026-12-07T07:00:00Z'),
    });
    ref.clock = clock;
    k.state.lastTouch = clock.t - 60 * 60_000;
    s.updateDownloaded();
    clock.pass(11 * 60 + 59);
    expect(calls.cover).toEqual([]);
    clock.pass(1); // 02:00 WIB
    expect(calls.cover).toEqual([true]);
    expect(inWindow(Date.parse('2026-12-07T16:30:00Z'), { from: '22:00', to: '05:00' }, 'Asia/Jakarta')).toBe(true);
    expect(inWindow(Date.parse('2026-12-07T21:59:00Z'), { from: '22:00', to: '05:00' }, 'Asia/Jakarta')).toBe(true);
    expect(inWindow(Date.parse('2026-12-07T22:00:00Z'), { from: '22:00', to: '05:00' }, 'Asia/Jakarta')).toBe(false);
    expect(inWindow(Date.parse('2026-12-07T14:59:00Z'), { from: '22:00', to: '05:00' }, 'Asia/Jakarta')).toBe(false);
  });

  it('a failed install takes the cover away, and the next download tries again', () => {
    const ref: { clock?: HandClock } = {};
    const k = kioskAt(ref);
    const { s, clock, calls } = schedule({ kiosk: k.rules });
    ref.clock = clock;
    clock.pass(10);
    s.updateDownloaded();
    expect(calls.cover).toEqual([true]);
    clock.pass(1);
    expect(calls.installs).toBe(1);
    s.failed(new Error('the installer could not be started'));
    expect(calls.cover).toEqual([true, false]);
    expect(calls.errors).toBe(1);
    clock.pass(1);
    expect(calls.installs).toBe(1);
    s.updateDownloaded();
    clock.pass(1);
    expect(calls.installs).toBe(2);
  });

  it('an unreachable update server is logged, not thrown', async () => {
    const { calls } = schedule({ failing: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.errors).toBe(1);
  });

  it('knows a per-machine Windows install by where it lives', () => {
    const env = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' };
    expect(installedPerMachine('win32', 'C:\\Program Files\\Portal Nasabah\\Portal Nasabah.exe', env)).toBe(true);
    expect(installedPerMachine('win32', 'c:\\program files (x86)\\Portal Nasabah\\Portal Nasabah.exe', env)).toBe(true);
    expect(
      installedPerMachine(
        'win32',
        'C:\\Users\\kiosk\\AppData\\Local\\Programs\\portal-nasabah\\Portal Nasabah.exe',
        env,
      ),
    ).toBe(false);
    expect(installedPerMachine('win32', 'C:\\Program Files Extra\\x.exe', env)).toBe(false);
    expect(installedPerMachine('darwin', '/Applications/Portal Nasabah.app', env)).toBe(false);
  });
});
