import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importLegacyAccounts } from '../../server/cli/import-legacy';
import { pbkdf2LegacyHash } from '../../server/domain/identity/password-hashing';
import { STORE_KINDS } from '../helpers/stores';
import { demoLegacy, startTestService, type TestService } from '../helpers/service';
import { customerNamed, login, registrationBody } from '../helpers/flows';

describe.each(STORE_KINDS)('accounts from the old system on %s', (kind) => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const accountOf = (oldUsername: string) =>
    t.service.store.db
      .selectFrom('accounts')
      .selectAll()
      .where('legacy_username', '=', oldUsername)
      .executeTakeFirstOrThrow();

  for (const legacy of demoLegacy) {
    it(`keeps the password of ${legacy.oldUsername} (${legacy.passwordHash.slice(0, 6)}…) and rehashes it to argon2id`, async () => {
      const before = await accountOf(legacy.oldUsername);
      expect(before.password_hash).toBe(legacy.passwordHash);
      expect(before.username).toMatch(/^[a-z]+-[a-z]+-\d{4}$/u);

      expect((await login(t, legacy.oldUsername, 'not-the-old-password')).json().error.code).toBe(
        'invalid_credentials',
      );
      const res = await login(t, legacy.oldUsername, legacy.password!);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().notices).toEqual([{ code: 'username_changed', newUsername: before.username }]);

      const after = await accountOf(legacy.oldUsername);
      expect(after.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/u);
      // The same password, now under argon2id, through the new username with no notice.
      const again = await login(t, before.username, legacy.password!);
      expect(again.statusCode).toBe(200);
      expect(again.json().notices).toEqual([]);
    });
  }

  it('stops taking the old username after the grace period', async () => {
    const [legacy] = demoLegacy;
    t.clock.advance(90 * 86_400_000 + 1);
    expect((await login(t, legacy!.oldUsername, legacy!.password!)).json().error.code).toBe('invalid_credentials');
    const account = await accountOf(legacy!.oldUsername);
    expect((await login(t, account.username, legacy!.password!)).statusCode).toBe(200);
  });

  it('an imported policyholder cannot register a second account', async () => {
    const res = await t.call('POST', '/v1/registrations', registrationBody(customerNamed('Agus Wijaya')));
    expect(res.json().error.code).toBe('account_exists');
  });

  it('imports idempotently and refuses what it cannot take', async () => {
    const now = t.clock.now();
    const results = await importLegacyAccounts(
      t.service.store.db,
      [
        {
          oldUsername: demoLegacy[0]!.oldUsername,
          passwordHash: demoLegacy[0]!.passwordHash,
          policyNumber: demoLegacy[0]!.policyNumber,
        },
        { oldUsername: 'rudi79', passwordHash: 'md5$abc$def', policyNumber: 'IND2015000888' },
        { oldUsername: 'rudi79', passwordHash: await pbkdf2LegacyHash('x', 's', 1000), policyNumber: 'IND1111111111' },
        {
          oldUsername: 'rudi79',
          passwordHash: await pbkdf2LegacyHash('Rudi-Lama-1979', 'salt1', 1000),
          policyNumber: 'IND2015000888',
        },
      ],
      now,
      86_400_000,
    );
    expect(results.map((r) => r.status)).toEqual(['already_imported', 'refused', 'refused', 'imported']);
    expect((await login(t, 'RUDI79', 'Rudi-Lama-1979')).json().notices[0].code).toBe('username_changed');
  });

  it('two imports of one file at once make each account once, and neither fails', async () => {
    const record = {
      oldUsername: 'rudi79',
      passwordHash: await pbkdf2LegacyHash('Rudi-Lama-1979', 'salt1', 1000),
      policyNumber: 'IND2015000888',
    };
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => importLegacyAccounts(t.service.store.db, [record], t.clock.now(), 86_400_000)),
    );
    const statuses = runs.map((r) => r[0]!.status).sort();
    expect(statuses).toEqual(['already_imported', 'already_imported', 'already_imported', 'imported']);
    expect(new Set(runs.map((r) => r[0]!.newUsername)).size).toBe(1);
  });

  it('the import command reads a file and prints the new usernames', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pn-import-'));
    const run = (file: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', 'import-legacy', file], {
        env: { ...process.env, ...t.env },
        encoding: 'utf8',
      });
    const good = path.join(dir, 'legacy.json');
    fs.writeFileSync(
      good,
      JSON.stringify([
        {
          oldUsername: 'Rudi79',
          passwordHash: await pbkdf2LegacyHash('Rudi-Lama-1979', 'salt1', 1000),
          policyNumber: 'IND-2015-000888',
        },
      ]),
    );
    const ok = run(good);
    expect(ok.status, ok.stderr).toBe(0);
    const line = JSON.parse(ok.stdout.split('\n')[0]!);
    expect(line).toMatchObject({ oldUsername: 'Rudi79', status: 'imported' });
    expect((await login(t, 'rudi79', 'Rudi-Lama-1979')).json().notices).toEqual([
      { code: 'username_changed', newUsername: line.newUsername },
    ]);

    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify([{ oldUsername: 'x', passwordHash: 'nonsense' }]));
    const refused = run(broken);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('policyNumber');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
