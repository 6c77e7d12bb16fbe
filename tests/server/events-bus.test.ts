import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerNamed, login, register } from '../helpers/flows';
import { accountIdOf, deliverMessage } from '../helpers/inbox';
import { startTestBroker, type TestBroker } from '../helpers/nats';
import { spawnService, type ServiceProcess } from '../helpers/process';
import { startTestService, type TestService } from '../helpers/service';
import { crossingTime, openStream } from '../helpers/sse';

/**
 * Live events between instances on NATS JetStream (EVENTS_BUS), with PostgreSQL's NOTIFY no longer
 * carrying them: the in-process instance raises, a service process streams.
 */
describe('events across instances on NATS JetStream', () => {
  let broker: TestBroker;
  let seeded: TestService;
  let b: ServiceProcess;
  let token: string;
  let accountId: string;
  const key = crypto.randomBytes(32).toString('hex');

  beforeAll(async () => {
    broker = await startTestBroker();
    seeded = await startTestService('postgres', {
      env: { OTP_HMAC_KEY: key, EVENTS_BUS: broker.url },
      systemClock: true,
    });
    b = await spawnService({ ...seeded.env, OTP_HMAC_KEY: key, EVENTS_BUS: broker.url }, ['--dev']);
    const username = await register(seeded, customerNamed('Siti Rahmawati'));
    token = (await login(seeded, username)).json().accessToken;
    accountId = await accountIdOf(seeded.service, username);
  }, 90_000);
  afterAll(async () => {
    expect(await b?.stop()).toBe(0);
    await seeded?.close();
    await broker?.close();
  });

  const deliver = () => deliverMessage(seeded.service, accountId, seeded.clock.now());
  const messageIds = (events: Array<{ data: string }>) => events.map((e) => JSON.parse(e.data).message.messageId);

  it('an event raised on one instance reaches a stream on the other within 2 s', async () => {
    expect(await crossingTime(b.url, token, deliver)).toBeLessThan(2000);
  });

  it('loses nothing while the broker is stopped and started again, and carries events only once it is back', async () => {
    const stream = await openStream(b.url, token);
    try {
      const first = await deliver();
      await stream.nth(0);
      await broker.stop();
      const whileAway = [await deliver(), await deliver(), await deliver()];
      // NOTIFY does not carry them: nothing arrives while the broker is away.
      await new Promise((r) => setTimeout(r, 1500));
      expect(stream.events).toHaveLength(1);
      await broker.start();
      await stream.nth(3, 15_000);
      expect(messageIds(stream.events)).toEqual([first, ...whileAway]);
      // And the bus works on as before.
      const after = await deliver();
      await stream.nth(4, 5000);
      expect(messageIds(stream.events).at(-1)).toBe(after);
    } finally {
      stream.close();
    }
  }, 60_000);
});
