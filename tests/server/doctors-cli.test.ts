import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCode } from '../helpers/flows';
import { runServiceCommand } from '../helpers/process';
import { startTestService, type TestService } from '../helpers/service';

describe('npm run service -- doctors add', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService('sqlite', { seed: false });
  });
  afterAll(async () => {
    await t.close();
  });

  const cli = (...args: string[]) => runServiceCommand({ ...t.env }, ['doctors', ...args, '--dev']);

  it('makes an account whose first password, said once, signs in with the e-mailed code', async () => {
    const made = await cli(
      'add',
      '--name',
      'dr. Maya Kusuma',
      '--license',
      'STR-3273000009',
      '--email',
      'maya.k@klinik.example',
    );
    expect(made.code, made.out).toBe(0);
    expect(made.out).toContain('doctor account made: username maya.k');
    const password = /first password \(shown once; give it to the doctor in person\): (\S+)/u.exec(made.out)![1]!;
    const started = await t.call('POST', '/v1/doctor/sessions', { username: 'maya.k', password });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().destination).toMatch(/^m\*+k@klinik\.example$/u);
    const code = await latestCode(t, 'maya.k@klinik.example');
    const verified = await t.call('POST', '/v1/doctor/sessions/verify', { flowId: started.json().flowId, code });
    expect(verified.statusCode, verified.body).toBe(201);
    expect(verified.json().doctor).toEqual({ name: 'dr. Maya Kusuma', licenseNumber: 'STR-3273000009' });

    const again = await cli(
      'add',
      '--name',
      'dr. Maya K',
      '--license',
      'STR-3273000009',
      '--email',
      'maya2@klinik.example',
    );
    expect(again.code).toBe(1);
    expect(again.out).toContain('has an account');
    const bad = await cli('add', '--name', 'dr. X', '--license', '!!', '--email', 'bukan-email');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/--license: .*--email: /u);
  });
});
