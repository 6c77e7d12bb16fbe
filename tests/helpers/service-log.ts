import fs from 'node:fs';
import path from 'node:path';
import type { DemoCustomers } from '../../server/cli/demo-data';

/** Where this run's service log lines are kept (tests/global-setup.ts makes it; empty: not kept). */
export const SERVICE_LOG_DIR_ENV = 'PN_TEST_SERVICE_LOG_DIR';

/**
 * Keeps a service's log line for the run's scan (tests/global-setup.ts): every service a test
 * starts, in the test's process or as its own, writes here too. Only the JSON log lines: the
 * development outbox's console lines carry codes and addresses by design and are not the log.
 */
export function recordServiceLog(line: string): void {
  const dir = process.env[SERVICE_LOG_DIR_ENV];
  if (!dir || !line.startsWith('{')) return;
  fs.appendFileSync(path.join(dir, `service-${process.pid}.jsonl`), line.endsWith('\n') ? line : `${line}\n`);
}

/** What no log line may hold: each demo person's name, e-mail and phone (in both forms), beneficiaries' names. */
export function personalDataOf(people: DemoCustomers): string[] {
  return people.flatMap((p) => [
    p.fullName,
    p.email,
    p.phone,
    p.phone.replace(/^\+62/u, '0'),
    ...p.policies.flatMap((policy) => [
      ...(policy.policyholderName ? [policy.policyholderName] : []),
      ...(policy.beneficiaries ?? []).map((b) => b.fullName),
    ]),
  ]);
}

/** Keys whose value is a secret: anything but the redaction's mark under them is a leak. */
const SECRET_KEYS =
  /"(?:password|passwordConfirmation|accessToken|refreshToken|otp|authorization)":"(?!\[redacted\])/iu;
/** A one-time code under `code` (error codes are words, never six digits). */
const CODE_VALUE = /"code":"\d{6}"/u;

/** The lines of a service log that hold personal data or a secret, each with what was found. */
export function leaksIn(lines: Iterable<string>, personal: string[]): Array<{ found: string; line: string }> {
  const leaks: Array<{ found: string; line: string }> = [];
  for (const line of lines) {
    const hit =
      personal.find((value) => line.includes(value)) ??
      (SECRET_KEYS.test(line) ? 'a secret' : CODE_VALUE.test(line) ? 'a one-time code' : undefined);
    if (hit) leaks.push({ found: hit, line: line.slice(0, 300) });
  }
  return leaks;
}
