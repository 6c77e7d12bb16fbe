import { afterEach, describe, expect, it } from 'vitest';
import { seedCustomers } from '../../server/cli/seed-demo';
import { loadConfig } from '../../server/config';
import { openStore } from '../../server/store/connect';
import { customerNamed, registrationBody } from '../helpers/flows';
import { startSmsGateway, startSmtpServer, waitFor } from '../helpers/mail-and-sms';
import { postJson, spawnService, type ServiceProcess } from '../helpers/process';
import { demoCustomers } from '../helpers/service';
import { freshStore, STORE_KINDS } from '../helpers/stores';

/**
 * A code in the middle of being sent when the service is killed (kill -9, a crash, a lost
 * machine) still reaches the person: the next start takes the message over from the outbox.
 */
describe.each(STORE_KINDS)('the outbox across a crash on %s', (kind) => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('sends after kill -9 the code that was on its way, and the code works', async () => {
    const place = freshStore(kind);
    cleanups.push(() => place.drop());
    const store = await openStore(loadConfig(place.env, 'development').database);
    await seedCustomers(store.db, demoCustomers, Date.now());
    await store.close();

    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    // The gateway takes the first request and never answers it: the service is killed while it waits.
    const sms = await startSmsGateway(['hang', 202]);
    cleanups.push(() => sms.close());
    const env = {
      ...place.env,
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Portal Nasabah <no-reply@portal-nasabah.example>',
      SMS_GATEWAY_URL: sms.url,
      SMS_GATEWAY_TOKEN: 'gw-secret',
      MIDTRANS_SERVER_KEY: 'SB-Mid-server-uji-coba',
      CARD_SIGNING_KEY: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      MIDTRANS_BASE_URL: 'https://api.sandbox.midtrans.com',
      JOB_LEASE_SECONDS: '2',
    };

    const first: ServiceProcess = await spawnService(env);
    const budi = customerNamed('Budi Santoso');
    const start = await postJson(first.url, '/v1/registrations', registrationBody(budi));
    expect(start.status).toBe(201);
    const flow = start.body.flowId as string;
    expect(
      (await postJson(first.url, `/v1/registrations/${flow}/eula`, { version: start.body.eula.version })).status,
    ).toBe(200);
    expect((await postJson(first.url, `/v1/registrations/${flow}/otp`, { channel: 'sms' })).status).toBe(200);
    await waitFor(() => (sms.calls() === 1 ? true : undefined), 10_000);
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    expect(sms.requests).toEqual([]);

    const second = await spawnService(env);
    cleanups.push(() => second.stop());
    const req = await waitFor(() => sms.requests[0], 15_000);
    expect(req.body.to).toBe(budi.phone);
    const code = /(\d{6})/u.exec(req.body.text)![1];
    expect((await postJson(second.url, `/v1/registrations/${flow}/otp/verify`, { code })).status).toBe(200);
  }, 60_000);
});
