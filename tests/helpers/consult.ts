import { expect } from 'vitest';
import { bearer, latestCode } from './flows';
import type { TestService } from './service';

export const DOCTOR_PASSWORD = 'Stetoskop di meja jaga';

/** A doctor account made as the back office makes it, signed in through the e-mailed code. */
export async function doctorSignedIn(
  t: TestService,
  who: { name: string; license: string; email: string; username: string } = {
    name: 'dr. Sari Wulandari',
    license: 'STR-3171000001',
    email: 'sari.wulandari@klinik.example',
    username: 'dr.sari',
  },
): Promise<{ token: string; call: (method: string, url: string, body?: unknown) => ReturnType<TestService['call']> }> {
  await t.service.doctors.add({ ...who, password: DOCTOR_PASSWORD });
  const started = await t.call('POST', '/v1/doctor/sessions', { username: who.username, password: DOCTOR_PASSWORD });
  expect(started.statusCode, started.body).toBe(200);
  const code = await latestCode(t, who.email);
  const verified = await t.call('POST', '/v1/doctor/sessions/verify', { flowId: started.json().flowId, code });
  expect(verified.statusCode, verified.body).toBe(201);
  const token = verified.json().token as string;
  return { token, call: (method, url, body) => t.call(method, url, body, bearer(token)) };
}
