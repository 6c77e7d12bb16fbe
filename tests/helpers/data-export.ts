import { expect } from 'vitest';
import type { ClaimsDriver } from './claims';
import { waitFor } from './mail-and-sms';
import { readZip } from './zip';

/** Asks for a copy of the person's data (after the password again), waits for the job, downloads it. */
export async function exportOf(who: ClaimsDriver) {
  await who.stepUp();
  const asked = await who.call('POST', '/v1/me/data-exports');
  expect(asked.statusCode, asked.body).toBe(202);
  const { exportId } = asked.json();
  const ready = await waitFor(async () => {
    const x = (await who.call('GET', `/v1/me/data-exports/${exportId}`)).json();
    return x.status === 'ready' ? x : undefined;
  }, 30_000);
  const file = await who.call('GET', `/v1/me/data-exports/${exportId}/file`);
  expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
  expect(file.headers['content-type']).toBe('application/zip');
  expect(Number(file.headers['content-length'])).toBe(ready.sizeBytes);
  return { exportId, ready, zip: await readZip(file.rawPayload) };
}

/** One section's JSON of a copy. */
export const sectionOf = (zip: Map<string, Buffer>, name: string) =>
  JSON.parse(zip.get(`${name}.json`)!.toString('utf8'));
