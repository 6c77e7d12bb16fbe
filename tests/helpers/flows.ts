import { expect } from 'vitest';
import type { TestService } from './service';
import { demoCustomers } from './service';

export const GOOD_PASSWORD = 'Sawah hijau di pagi hari';

export type DemoCustomer = (typeof demoCustomers)[number];

export const customerNamed = (name: string): DemoCustomer => {
  const c = demoCustomers.find((x) => x.fullName === name);
  if (!c) throw new Error(`no demo customer ${name}`);
  return c;
};

export function registrationBody(c: DemoCustomer, policyIndex = 0) {
  const p = c.policies[policyIndex]!;
  return {
    policyType: p.policyType,
    policyNumber: p.policyNumber,
    ...(p.memberNumber ? { memberNumber: p.memberNumber } : {}),
    dateOfBirth: c.dateOfBirth,
    email: c.email,
    phone: c.phone,
  };
}

/** The newest one-time code the development outbox holds for an address. */
export async function latestCode(t: TestService, to: string): Promise<string> {
  const res = await t.call('GET', `/v1/dev/outbox?to=${encodeURIComponent(to)}`);
  expect(res.statusCode).toBe(200);
  const withCode = res.json().messages.find((m: { code: string | null }) => m.code !== null);
  if (!withCode) throw new Error(`no code sent to ${to}`);
  return withCode.code;
}

/** Steps 1–4 of registration; returns the flow id and the generated username. */
export async function registerUntilPassword(t: TestService, c: DemoCustomer, channel: 'sms' | 'email' = 'sms') {
  const start = await t.call('POST', '/v1/registrations', registrationBody(c));
  expect(start.statusCode, start.body).toBe(201);
  const { flowId, eula } = start.json();
  const accepted = await t.call('POST', `/v1/registrations/${flowId}/eula`, { version: eula.version });
  expect(accepted.statusCode, accepted.body).toBe(200);
  const sent = await t.call('POST', `/v1/registrations/${flowId}/otp`, { channel });
  expect(sent.statusCode, sent.body).toBe(200);
  const code = await latestCode(t, channel === 'sms' ? c.phone : c.email);
  const verified = await t.call('POST', `/v1/registrations/${flowId}/otp/verify`, { code });
  expect(verified.statusCode, verified.body).toBe(200);
  return { flowId: flowId as string, username: verified.json().username as string };
}

/** A whole registration; returns the username. */
export async function register(t: TestService, c: DemoCustomer, password = GOOD_PASSWORD): Promise<string> {
  const { flowId, username } = await registerUntilPassword(t, c);
  const done = await t.call('POST', `/v1/registrations/${flowId}/password`, {
    password,
    passwordConfirmation: password,
  });
  expect(done.statusCode, done.body).toBe(201);
  return username;
}

export async function login(
  t: TestService,
  username: string,
  password = GOOD_PASSWORD,
  kind: 'personal' | 'kiosk' = 'personal',
) {
  return t.call('POST', '/v1/sessions', { username, password, device: { kind, name: 'Laptop Budi' } });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** A back-office call: its key, and the reason every read or move of a person's data gives (X-Reason). */
export const backOffice = (key: string, reason = 'Pemeriksaan dalam pengujian') => ({
  ...bearer(key),
  'x-reason': reason,
});
