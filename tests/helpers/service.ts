import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { buildService, type Service } from '../../server/app';
import { DemoCustomersSchema, LegacyAccountsSchema, readJsonFile } from '../../server/cli/demo-data';
import { importLegacyAccounts } from '../../server/cli/import-legacy';
import { seedCustomers } from '../../server/cli/seed-demo';
import { seedDemoProviders } from '../../server/domain/network/demo-providers';
import { loadConfig, type Mode } from '../../server/config';
import { resourcesDir } from '../../server/paths';
import type { StoreKind } from '../../server/store/connect';
import { TestClock } from './clock';
import { freshStore } from './stores';
import { recordServiceLog } from './service-log';

export const demoCustomers = readJsonFile(path.join(resourcesDir, 'demo/customers.json'), DemoCustomersSchema);
export const demoLegacy = readJsonFile(path.join(resourcesDir, 'demo/legacy-accounts.json'), LegacyAccountsSchema);

export interface TestService {
  service: Service;
  clock: TestClock;
  /** The settings of this service's store, for a second process on the same data. */
  env: Record<string, string>;
  logs: string[];
  outboxLines: string[];
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /**
   * Stops the service (requests in flight finish, streams end) and starts it again on the same
   * data, listening where it listened: what a restart of the service process does. `whileDown`
   * runs between the two.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  mode?: Mode;
  env?: Record<string, string>;
  seed?: boolean;
  /** A clock that follows real time (for a browser that counts down), instead of a frozen one. */
  runningClock?: boolean;
  /** The invented hospitals and clinics of development mode (network.md, Data). */
  providers?: boolean;
  /**
   * The system's clock instead of the test's: for a service that shares its data with service
   * processes the test spawns, which run on the system's clock (their demo data, tokens and
   * due dates must read the same day). Such a test asks the processes for "now" (`serviceNow`).
   */
  systemClock?: boolean;
  /** Another day to start on than the test's (TEST_EPOCH): the demo is seeded relative to it. */
  clockStart?: number;
}

/** The real service on a fresh store, demo data in, driven through `inject`. */
export async function startTestService(kind: StoreKind, options: StartOptions = {}): Promise<TestService> {
  const place = freshStore(kind);
  const clock = new TestClock(options.runningClock ?? false, options.clockStart, options.systemClock ?? false);
  const logs: string[] = [];
  const outboxLines: string[] = [];
  // Failed logins answer at once unless a test is about their timing (which sets its own floor).
  const config = loadConfig(
    { ...place.env, LOG_LEVEL: 'info', FAILED_LOGIN_MIN_MS: '0', ...options.env },
    options.mode ?? 'development',
  );
  const build = () =>
    buildService({
      config,
      clock,
      logStream: {
        write: (line: string) => {
          logs.push(line);
          recordServiceLog(line);
        },
      },
      print: (line) => void outboxLines.push(line),
    });
  const service = await build();
  if (options.seed !== false) {
    await seedCustomers(service.store.db, demoCustomers, clock.now());
    await importLegacyAccounts(service.store.db, demoLegacy, clock.now(), config.legacyUsernameGraceDays * 86_400_000);
  }
  if (options.providers) await seedDemoProviders(service.store.db, clock.now());
  const t: TestService = {
    service,
    clock,
    env: place.env,
    logs,
    outboxLines,
    call: (method, url, body, headers = {}) =>
      t.service.app.inject({
        method: method as 'GET',
        url,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      }),
    async restart(whileDown) {
      const address = t.service.app.server.listening ? t.service.app.server.address() : null;
      await t.service.close();
      await whileDown?.();
      t.service = await build();
      if (address && typeof address === 'object')
        await t.service.app.listen({ port: address.port, host: address.address });
    },
    async close() {
      await t.service.close();
      await place.drop();
    },
  };
  return t;
}

/** How many sessions of this person the service still holds open (revoked ones not counted). */
export async function openSessionsOf(t: TestService, username: string): Promise<number> {
  const open = await t.service.store.db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select('sessions.id')
    .where('accounts.username', '=', username)
    .where('sessions.revoked_at', 'is', null)
    .execute();
  return open.length;
}
