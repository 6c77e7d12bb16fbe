import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, IpcEvent, IpcMethod, KioskScans, PortalResult } from '../../contract/ipc';
import type { Core } from '../../electron/main/core/compose';
import type { Clock } from '../../electron/main/core/clock';
import { isBlockedKioskKey } from '../../electron/main/core/kiosk-keys';
import { kioskMenuTemplate } from '../../electron/main/core/kiosk-menu';
import { loadMachineConfig, machineConfigPath } from '../../electron/main/core/machine-config';
import { chooseServiceUrl } from '../../electron/main/core/service-url';
import { SCAN_MAX_BYTES, ScannerInbox } from '../../electron/main/core/scanner-inbox';
import { testCore } from '../helpers/core';
import { customerNamed, GOOD_PASSWORD, register, registrationBody } from '../helpers/flows';
import { startLiveService, type LiveService } from '../helpers/live-service';
import { openSessionsOf } from '../helpers/service';
import { startUnreliableProxy } from '../helpers/unreliable-proxy';

/** A clock the test moves by hand; the guard's ticks are run by the test. */
class HandClock implements Clock {
  t = Date.now();
  now = () => this.t;
  every() {
    return () => {};
  }
}

describe('a kiosk: idle warning, logout and wipe', () => {
  let svc: LiveService;
  let dir: string;
  const usernames: Record<string, string> = {};
  beforeAll(async () => {
    svc = await startLiveService();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-kiosk-'));
    for (const name of ['Budi Santoso', 'Siti Rahmawati']) usernames[name] = await register(svc, customerNamed(name));
  }, 60_000);
  afterAll(async () => {
    await svc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function kiosk(
    options: { systemIdleMs?: () => number; serviceUrl?: string; wipe?: () => Promise<void>; faults?: unknown[] } = {},
  ) {
    const clock = new HandClock();
    const wipes: number[] = [];
    const events: Array<[IpcEvent, unknown]> = [];
    const core: Core = testCore(options.serviceUrl ?? svc.url, path.join(dir, `${crypto.randomUUID()}.json`), {
      mode: 'kiosk',
      onFault: (_method, err) => options.faults?.push(err),
      kiosk: {
        clock,
        warnAfterMs: 90_000,
        countdownMs: 30_000,
        systemIdleMs: options.systemIdleMs,
        wipe: async () => {
          await options.wipe?.();
          wipes.push(clock.now());
        },
      },
    });
    core.onEvent((event, payload) => events.push([event, payload]));
    const call = async (m: IpcMethod, input?: unknown) => (await core.handlers[m](input)) as PortalResult<any>;
    const signIn = async (name = 'Budi Santoso') => {
      const r = await call('session.login', { username: usernames[name], password: GOOD_PASSWORD, remember: false });
      expect(r.ok).toBe(true);
      await call('kiosk.stillHere');
      return usernames[name]!;
    };
    /** Moves the clock in steps of a second, ticking the guard as its timer would. */
    const pass = async (ms: number) => {
      for (let left = ms; left > 0; left -= 1000) {
        clock.t += Math.min(1000, left);
        await core.kiosk!.tick();
      }
    };
    const warnings = () => events.filter(([e]) => e === 'kiosk.idleWarning').map(([, p]) => p);
    const signedOut = () => events.filter(([e]) => e === 'session.signedOut').map(([, p]) => p);
    return { core, call, signIn, pass, warnings, signedOut, wipes, clock };
  }
  const openSessions = (username: string) => openSessionsOf(svc, username);

  it('warns after 90 s without input, counts down 30 s, then ends the session at the service and wipes', async () => {
    const k = kiosk();
    expect(k.core.kiosk!.busy).toBe(false);
    const who = await k.signIn();
    // In use: an update must wait.
    expect(k.core.kiosk!.busy).toBe(true);
    await k.pass(89_000);
    expect(k.warnings()).toEqual([]);
    await k.pass(1000);
    expect(k.warnings()).toEqual([{ secondsLeft: 30 }]);
    await k.pass(29_000);
    expect(k.warnings().at(-1)).toEqual({ secondsLeft: 1 });
    expect(k.wipes).toEqual([]);
    expect(await openSessions(who)).toBe(1);
    await k.pass(1000);
    expect(k.wipes).toHaveLength(1);
    expect(k.signedOut()).toEqual([{ reason: 'idle' }]);
    expect(k.core.sessions.currentUser).toBeNull();
    await k.core.sessions.settled();
    expect(await openSessions(who)).toBe(0);
    expect(k.core.kiosk!.busy).toBe(false);
    // The next person's welcome screen says when the last session was erased, and why.
    const info = await k.call('app.info');
    expect(info.ok && info.value.lastWipe).toEqual({ at: new Date(k.clock.now()).toISOString(), reason: 'idle' });
    // Afterwards the kiosk waits for the next person: no more warnings, no more wipes.
    const warned = k.warnings().length;
    await k.pass(300_000);
    expect(k.warnings()).toHaveLength(warned);
    expect(k.wipes).toHaveLength(1);
  });

  it('any input during the warning keeps the session', async () => {
    const k = kiosk();
    const who = await k.signIn();
    await k.pass(100_000);
    expect(k.warnings().length).toBeGreaterThan(0);
    await k.call('kiosk.stillHere');
    await k.pass(89_000);
    expect(k.wipes).toEqual([]);
    expect(await openSessions(who)).toBe(1);
    await k.call('kiosk.finish');
  });

  it('counts the system’s idle time too (powerMonitor), the shorter of the two', async () => {
    let systemIdle = 0;
    const k = kiosk({ systemIdleMs: () => systemIdle });
    await k.signIn();
    // The renderer saw nothing for 5 minutes, but the system saw input 10 s ago.
    systemIdle = 10_000;
    await k.pass(300_000);
    expect(k.warnings()).toEqual([]);
    // Now the system has been idle as long: the warning comes, then the wipe.
    systemIdle = 125_000;
    await k.pass(1000);
    expect(k.wipes).toHaveLength(1);
  });

  it('does nothing on the welcome screen before anyone uses the kiosk', async () => {
    const k = kiosk();
    await k.pass(600_000);
    expect(k.warnings()).toEqual([]);
    expect(k.wipes).toEqual([]);
  });

  it('forgets a half-done registration of the last person', async () => {
    const k = kiosk();
    const started = await k.call('registration.start', registrationBody(customerNamed('Dewi Lestari')));
    expect(started.ok).toBe(true);
    await k.call('kiosk.stillHere');
    await k.pass(120_000);
    expect(k.wipes).toHaveLength(1);
    const next = await k.call('registration.acceptEula', {
      version: (started as { value: { eula: { version: string } } }).value.eula.version,
    });
    expect(next).toEqual({ ok: false, error: { code: 'flow_step_invalid', details: { expected: 'start' } } });
  });

  it('"Selesai" ends the session and wipes at once', async () => {
    const k = kiosk();
    expect(((await k.call('app.info')) as { value: AppInfo }).value.lastWipe).toBeUndefined();
    const who = await k.signIn('Siti Rahmawati');
    expect((await k.call('kiosk.finish')).ok).toBe(true);
    expect(k.wipes).toHaveLength(1);
    expect(k.signedOut()).toEqual([{ reason: 'logout' }]);
    await k.core.sessions.settled();
    expect(await openSessions(who)).toBe(0);
  });

  it('clears the screen within a second when the service does not answer, and gives up telling it after a short limit', async () => {
    const proxy = await startUnreliableProxy(svc.url);
    try {
      for (const end of ['Selesai', 'idle'] as const) {
        const k = kiosk({ serviceUrl: proxy.url });
        await k.signIn('Siti Rahmawati');
        proxy.blackhole = true;
        const started = performance.now();
        if (end === 'Selesai') await k.call('kiosk.finish');
        else await k.pass(120_000);
        const ms = performance.now() - started;
        expect(k.wipes, end).toHaveLength(1);
        expect(k.core.sessions.currentUser).toBeNull();
        expect(ms, `${end}: wiped after ${Math.round(ms)} ms`).toBeLessThan(1000);
        // The service could not be told; its session ends by itself (a kiosk's lives 30 minutes).
        const giveUp = performance.now();
        await k.core.sessions.settled();
        expect(performance.now() - giveUp).toBeLessThan(7000);
        proxy.blackhole = false;
      }
    } finally {
      await proxy.close();
    }
  }, 30_000);

  it('survives a wipe that fails: tries it again at the next tick, and lets updates install meanwhile', async () => {
    let failures = 1;
    const faults: unknown[] = [];
    const k = kiosk({
      faults,
      wipe: async () => {
        if (failures-- > 0) throw new Error('window gone');
      },
    });
    await k.signIn();
    await k.call('kiosk.finish');
    expect(k.wipes).toHaveLength(0);
    expect(faults).toHaveLength(1);
    expect(k.core.sessions.currentUser).toBeNull();
    expect(k.core.kiosk!.busy).toBe(false);
    await k.pass(1000);
    expect(k.wipes).toHaveLength(1);
    // And it keeps working for the next person.
    await k.signIn('Siti Rahmawati');
    await k.call('kiosk.finish');
    expect(k.wipes).toHaveLength(2);
  });

  it('keeps the language chosen for one visit only, never on disk', async () => {
    const k = kiosk();
    await k.signIn();
    expect((await k.call('app.setLanguage', 'en')).ok).toBe(true);
    expect(((await k.call('app.info')) as { value: { language: string } }).value.language).toBe('en');
    expect(fs.readdirSync(dir).some((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('"en"'))).toBe(false);
    await k.call('kiosk.finish');
    expect(((await k.call('app.info')) as { value: { language: string } }).value.language).toBe('id');
  });

  it('wipes however the session ends: "Keluar", or revoked at the service', async () => {
    const k = kiosk();
    await k.signIn();
    expect((await k.call('session.logout')).ok).toBe(true);
    await expect.poll(() => k.wipes.length).toBe(1);
    const who = await k.signIn('Siti Rahmawati');
    // The service ends it (a password reset elsewhere, an operator).
    const db = svc.service.store.db;
    const account = db.selectFrom('accounts').select('id').where('username', '=', who);
    await db
      .updateTable('sessions')
      .set({ revoked_at: Date.now(), revoke_reason: 'test' })
      .where('account_id', 'in', account)
      .execute();
    expect(await k.call('policies.list')).toMatchObject({ ok: false });
    await expect.poll(() => k.wipes.length).toBe(2);
    expect(k.core.sessions.currentUser).toBeNull();
  });

  it('wipes when the service’s kiosk session runs out, whatever the input', async () => {
    const k = kiosk();
    await k.signIn();
    const endsAt = k.core.sessions.endsAt!;
    expect(endsAt).toBeGreaterThan(k.clock.now());
    expect(endsAt - k.clock.now()).toBeLessThanOrEqual(30 * 60_000);
    while (k.clock.now() < endsAt) {
      await k.call('kiosk.stillHere');
      await k.pass(60_000);
    }
    expect(k.signedOut()).toEqual([{ reason: 'expired' }]);
    expect(k.wipes).toHaveLength(1);
  });

  it('keeps nothing: "Ingat saya" refused, no save, and a personal device has no guard', async () => {
    const k = kiosk();
    const r = await k.call('session.login', {
      username: usernames['Budi Santoso'],
      password: GOOD_PASSWORD,
      remember: true,
    });
    expect(r).toEqual({ ok: false, error: { code: 'not_allowed_in_kiosk' } });
    const personal = testCore(svc.url, path.join(dir, `${crypto.randomUUID()}.json`));
    expect(personal.kiosk).toBeNull();
    expect((await personal.handlers['kiosk.finish'](undefined)).ok).toBe(true);
  });
});

describe('the machine-wide configuration', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-machine-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('lives where each system keeps machine-wide settings', () => {
    expect(machineConfigPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe(
      'D:\\ProgramData\\Portal Nasabah\\config.json',
    );
    expect(machineConfigPath('darwin', {})).toBe('/Library/Application Support/Portal Nasabah/config.json');
    expect(machineConfigPath('linux', {})).toBe('/etc/portal-nasabah/config.json');
  });

  it('without a file: a personal device with the defaults; --kiosk turns kiosk mode on', () => {
    const none = loadMachineConfig(path.join(dir, 'tidak-ada.json'));
    expect(none).toEqual({
      ok: true,
      config: {
        kiosk: false,
        idle: { warnAfterSeconds: 90, countdownSeconds: 30 },
        printingAllowed: false,
        updates: { quietMinutes: 10 },
      },
    });
    const flagged = loadMachineConfig(path.join(dir, 'tidak-ada.json'), ['--kiosk']);
    expect(flagged.ok && flagged.config.kiosk).toBe(true);
  });

  it('reads a branch’s kiosk file', () => {
    const file = write(
      'cabang.json',
      JSON.stringify({
        kiosk: true,
        branchName: 'Cabang Bandung',
        serviceUrl: 'https://layanan.portal-nasabah.example',
        idle: { warnAfterSeconds: 60, countdownSeconds: 45 },
        printingAllowed: true,
        printer: 'Epson L3210 Cabang Bandung',
      }),
    );
    const r = loadMachineConfig(file);
    expect(r.ok && r.config).toMatchObject({
      kiosk: true,
      branchName: 'Cabang Bandung',
      printingAllowed: true,
      printer: 'Epson L3210 Cabang Bandung',
    });
  });

  it('refuses an idle countdown under 30 seconds: older customers need the time to answer', () => {
    const r = loadMachineConfig(write('cepat.json', JSON.stringify({ kiosk: true, idle: { countdownSeconds: 20 } })));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual(['idle.countdownSeconds: paling kecil 30']);
  });

  it('refuses a kiosk that may print without naming the branch printer', () => {
    const r = loadMachineConfig(write('tanpa-printer.json', JSON.stringify({ kiosk: true, printingAllowed: true })));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.join('\n')).toContain('printer');
  });

  it('opens nothing outside on a kiosk: links stay in the app', async () => {
    const opened: string[] = [];
    const core = testCore('http://127.0.0.1:9', path.join(os.tmpdir(), `pn-${crypto.randomUUID()}.json`), {
      mode: 'kiosk',
      openExternal: async (url) => void opened.push(url),
    });
    const r = await core.handlers['app.openExternal']('https://www.example.com/');
    expect(r).toEqual({ ok: false, error: { code: 'not_allowed_in_kiosk' } });
    const personal = testCore('http://127.0.0.1:9', path.join(os.tmpdir(), `pn-${crypto.randomUUID()}.json`), {
      openExternal: async (url) => void opened.push(url),
    });
    expect((await personal.handlers['app.openExternal']('https://www.example.com/')).ok).toBe(true);
    expect(opened).toEqual(['https://www.example.com/']);
  });

  it('takes the branch’s update rules, and refuses a window that is not two times of day', () => {
    const r = loadMachineConfig(
      write(
        'jendela.json',
        JSON.stringify({ kiosk: true, updates: { quietMinutes: 20, window: { from: '22:00', to: '05:00' } } }),
      ),
    );
    expect(r.ok && r.config.updates).toEqual({ quietMinutes: 20, window: { from: '22:00', to: '05:00' } });
    for (const window of [
      { from: '2:00', to: '05:00' },
      { from: '24:00', to: '05:00' },
      { from: '03:00', to: '03:00' },
    ]) {
      const bad = loadMachineConfig(write('jendela-salah.json', JSON.stringify({ kiosk: true, updates: { window } })));
      expect(bad.ok, JSON.stringify(window)).toBe(false);
      expect(!bad.ok && bad.problems.join('\n')).toContain('updates.window');
    }
  });

  it('talks to a service over https only, plain http only on this machine’s loopback', () => {
    for (const url of ['http://layanan.portal-nasabah.example', 'http://10.0.0.5:8787', 'http://127.0.0.1.nip.io']) {
      const r = loadMachineConfig(write('http.json', JSON.stringify({ kiosk: true, serviceUrl: url })));
      expect(!r.ok && r.problems.join('\n'), url).toContain('https');
    }
    for (const url of ['https://layanan.portal-nasabah.example', 'http://127.0.0.1:8787', 'http://localhost:8787'])
      expect(loadMachineConfig(write('ok.json', JSON.stringify({ serviceUrl: url }))).ok, url).toBe(true);
  });

  it('an installed app takes the branch’s address over the environment’s, and checks every source alike', () => {
    const branch = 'https://layanan.portal-nasabah.example';
    expect(chooseServiceUrl({ packaged: true, machine: branch, env: 'https://lain.example' })).toEqual({ url: branch });
    expect(chooseServiceUrl({ packaged: true, env: 'http://layanan.example' }).problem).toMatch(
      /^PORTAL_SERVICE_URL: .*https/u,
    );
    expect(chooseServiceUrl({ packaged: true, env: '', setting: undefined }).problem).toContain(
      'belum ada alamat layanan polis',
    );
    expect(chooseServiceUrl({ packaged: true, lang: 'en' }).problem).toContain('no policy service');
    expect(chooseServiceUrl({ packaged: true, setting: 'https://a.example' })).toEqual({ url: 'https://a.example' });
    // A development run: the environment names its own service; with none, the development service starts.
    expect(chooseServiceUrl({ packaged: false, machine: branch, env: 'http://127.0.0.1:8787' })).toEqual({
      url: 'http://127.0.0.1:8787',
    });
    expect(chooseServiceUrl({ packaged: false })).toEqual({ problem: null });
  });

  it('refuses a broken file and names every problem', () => {
    const notJson = loadMachineConfig(write('rusak.json', '{ kiosk: true'));
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.problems[0]).toBe('bukan JSON yang valid (baris 1, kolom 3)');
    const notJsonEn = loadMachineConfig(write('rusak.json', '{ kiosk: true'), [], 'en');
    expect(!notJsonEn.ok && notJsonEn.problems[0]).toBe('not valid JSON (line 1, column 3)');
    const wrong = loadMachineConfig(
      write(
        'salah.json',
        JSON.stringify({ kiosk: 'ya', serviceUrl: 'ftp://x', idle: { warnAfterSeconds: 1 }, extra: 1 }),
      ),
    );
    expect(wrong.ok).toBe(false);
    const problems = wrong.ok ? [] : wrong.problems.join('\n');
    for (const field of ['kiosk', 'serviceUrl', 'idle.warnAfterSeconds', 'extra']) expect(problems).toContain(field);
    // In the branch's language, not zod's English.
    expect(wrong.ok ? [] : wrong.problems).toEqual([
      'kiosk: harus true atau false',
      'serviceUrl: bukan alamat yang valid',
      'idle.warnAfterSeconds: paling kecil 10',
      '(file): tidak dikenal: extra',
    ]);
  });
});

describe('the keys a kiosk swallows', () => {
  const key = (k: string, mods: Partial<Record<'control' | 'meta' | 'alt' | 'shift', boolean>> = {}) =>
    isBlockedKioskKey({ type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods });

  it('swallows reload, zoom, devtools, printing and leaving the window', () => {
    for (const blocked of [
      key('F5'),
      key('F12'),
      key('r', { control: true }),
      key('R', { meta: true, shift: true }),
      key('+', { control: true }),
      key('-', { control: true }),
      key('0', { meta: true }),
      key('I', { control: true, shift: true }),
      key('p', { control: true }),
      key('w', { control: true }),
      key('q', { meta: true }),
      key('ArrowLeft', { alt: true }),
      key('F4', { alt: true }),
    ])
      expect(blocked).toBe(true);
  });

  it('lets people type, move and fix their input, and find in a document', () => {
    for (const allowed of [
      key('a'),
      key('A', { shift: true }),
      key('Tab'),
      key('Tab', { shift: true }),
      key('ArrowLeft'),
      key('Backspace'),
      key('c', { control: true }),
      key('v', { control: true }),
      key('x', { meta: true }),
      key('a', { control: true }),
      key('f', { control: true }),
      key('z', { control: true }),
    ])
      expect(allowed).toBe(false);
    expect(isBlockedKioskKey({ type: 'keyUp', key: 'F5', control: false, meta: false, alt: false, shift: false })).toBe(
      false,
    );
  });
});

describe('a kiosk’s menu', () => {
  it('is none, except the Edit menu on macOS, where copy and paste need it', () => {
    expect(kioskMenuTemplate('win32')).toEqual([]);
    expect(kioskMenuTemplate('linux')).toEqual([]);
    expect(kioskMenuTemplate('darwin')).toEqual([{ role: 'editMenu' }]);
  });
});

describe('the branch scanner’s folder', () => {
  const clockAt = (t: number): Clock => ({ now: () => t, every: () => () => {} });

  it('lists plain files of the upload types that arrived in this visit; nothing else is listed or read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-scan-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-outside-'));
    fs.writeFileSync(path.join(outside, 'rahasia.pdf'), '%PDF-1.4 rahasia');
    const inbox = new ScannerInbox(dir, clockAt(0));
    fs.writeFileSync(path.join(dir, 'ktp.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
    fs.writeFileSync(path.join(dir, 'KUITANSI.PDF'), '%PDF-1.4');
    fs.writeFileSync(path.join(dir, 'kosong.png'), '');
    fs.writeFileSync(path.join(dir, 'program.exe'), 'MZ');
    fs.writeFileSync(path.join(dir, 'besar.pdf'), Buffer.alloc(SCAN_MAX_BYTES + 1));
    fs.symlinkSync(path.join(outside, 'rahasia.pdf'), path.join(dir, 'tautan.pdf'));
    fs.mkdirSync(path.join(dir, 'map.pdf'));
    const names = (await inbox.list()).map((f) => `${f.fileName}:${f.contentType}`).sort();
    expect(names).toEqual(['KUITANSI.PDF:application/pdf', 'ktp.jpg:image/jpeg']);
    expect((await inbox.read('ktp.jpg'))?.bytes.equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    for (const id of [
      'tautan.pdf',
      '../' + path.basename(outside) + '/rahasia.pdf',
      outside + '/rahasia.pdf',
      'program.exe',
    ])
      expect(await inbox.read(id), id).toBeNull();
  });

  it('shows nothing from before the visit began, and the wipe empties it (leaving folders alone)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-scan-'));
    fs.writeFileSync(path.join(dir, 'sebelumnya.pdf'), '%PDF-1.4');
    fs.mkdirSync(path.join(dir, 'arsip'));
    const arrived = fs.statSync(path.join(dir, 'sebelumnya.pdf')).ctimeMs;
    const inbox = new ScannerInbox(dir, clockAt(arrived + 1));
    expect(await inbox.list()).toEqual([]);
    expect(await inbox.read('sebelumnya.pdf')).toBeNull();
    await inbox.empty();
    expect(fs.readdirSync(dir)).toEqual(['arsip']);
  });

  it('hands a scan only to someone signed in, and a personal device has none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-scan-'));
    const kiosk = testCore('http://127.0.0.1:9', path.join(os.tmpdir(), `pn-${crypto.randomUUID()}.json`), {
      mode: 'kiosk',
      kiosk: { warnAfterMs: 90_000, countdownMs: 30_000, wipe: async () => {}, scannerFolder: dir, clock: clockAt(0) },
    });
    fs.writeFileSync(path.join(dir, 'ktp.png'), 'png');
    const listed = (await kiosk.handlers['kiosk.scans'](undefined)) as PortalResult<KioskScans>;
    expect(listed.ok && listed.value.source).toBe('scanner');
    expect(listed.ok && listed.value.files.map((f) => f.fileId)).toEqual(['ktp.png']);
    expect(await kiosk.handlers['kiosk.openScan']({ fileId: 'ktp.png' })).toEqual({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    const personal = testCore('http://127.0.0.1:9', path.join(os.tmpdir(), `pn-${crypto.randomUUID()}.json`));
    expect(await personal.handlers['kiosk.scans'](undefined)).toEqual({
      ok: true,
      value: { source: 'none', files: [] },
    });
    kiosk.kiosk?.dispose();
  });
});
