/**
 * Events benchmark: 1,000 open `GET /v1/events` streams on one service instance (its own
 * process, built and run as deployed, PostgreSQL; needs npm run build), and events raised through a second instance on the same database,
 * so each one crosses instances as in production: by PostgreSQL's `NOTIFY`, then by NATS
 * JetStream (EVENTS_BUS), side by side. It prints the instance's memory per open stream (its
 * resident size before and after the streams open) and the latency from an event's commit to
 * its arrival on every stream, p50 / p99 / max over all deliveries.
 */
import fs from 'node:fs';
import http from 'node:http';
import { createParser } from 'eventsource-parser';
import { customerNamed, login, register } from '../tests/helpers/flows';
import { accountIdOf, deliverMessage } from '../tests/helpers/inbox';
import { AS_DEPLOYED, start, stop } from './service-process';
import { startTestService } from '../tests/helpers/service';
import { startTestBroker } from '../tests/helpers/nats';
import { fmt, quantile } from './stats';
import { STREAMS_PER_SESSION } from '../server/http/routes/events';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

/** The resident size of a process, in KiB (Linux `/proc`, elsewhere `ps`). */
function rssKiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/u.exec(status)![1]);
  } catch {
    throw new Error('this benchmark reads a process size from /proc (Linux)');
  }
}

interface Stream {
  received: Map<string, number>;
  req: http.ClientRequest;
}

/** One stream over a plain keep-alive-less connection, its events parsed as they come. */
function openStream(base: string, token: string, onOpen: () => void): Stream {
  const received = new Map<string, number>();
  const parser = createParser({
    onEvent: (e) => {
      if (e.event !== 'inbox.message') return;
      received.set(JSON.parse(e.data).message.messageId as string, performance.now());
    },
  });
  const req = http.get(`${base}/v1/events`, { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
    if (res.statusCode !== 200) throw new Error(`stream answered ${res.statusCode}`);
    res.setEncoding('utf8');
    let first = true;
    res.on('data', (chunk: string) => {
      if (first) {
        first = false;
        onOpen();
      }
      parser.feed(chunk);
    });
  });
  req.on('error', () => undefined);
  return { received, req };
}

export async function main(): Promise<void> {
  await run('NOTIFY', {});
  const broker = await startTestBroker();
  try {
    await run('NATS JetStream', { EVENTS_BUS: broker.url });
  } finally {
    await broker.close();
  }
}

async function run(bus: string, busEnv: Record<string, string>): Promise<void> {
  // A: in this process, it raises the events. B: its own process, it holds the streams.
  const a = await startTestService('postgres', {
    // B runs on the system's clock: A too, so B takes A's tokens.
    systemClock: true,
    env: { LOGIN_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn', ...busEnv },
  });
  const username = await register(a, customerNamed('Budi Santoso'));
  // A session holds at most STREAMS_PER_SESSION streams (an older one ends when one more opens).
  const SESSIONS = Math.ceil(STREAMS / STREAMS_PER_SESSION);
  const tokens: string[] = [];
  for (let i = 0; i < SESSIONS; i++) tokens.push((await login(a, username)).json().accessToken);
  const accountId = await accountIdOf(a.service, username);
  // B as it is deployed (built, its Node flags): what an operator's instance holds per stream.
  const b = await start(AS_DEPLOYED, { ...a.env, ...busEnv });
  const streams: Stream[] = [];
  try {
    // Warm the instance up (routes, pools), then take its size.
    for (let i = 0; i < 20; i++) await fetch(`${b.url}/v1/health`);
    await new Promise((r) => setTimeout(r, 500));
    const before = rssKiB(b.proc.pid!);

    let open = 0;
    const allOpen = new Promise<void>((resolve) => {
      for (let i = 0; i < STREAMS; i++) {
        streams.push(
          openStream(b.url, tokens[i % SESSIONS]!, () => {
            if (++open === STREAMS) resolve();
          }),
        );
      }
    });
    const opening = performance.now();
    await allOpen;
    const openMs = performance.now() - opening;
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssKiB(b.proc.pid!);

    const latencies: number[] = [];
    const roundTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const raisedAt = performance.now();
      const messageId = await deliverMessage(a.service, accountId, a.clock.now());
      const committed = performance.now();
      const deadline = committed + 10_000;
      while (streams.some((s) => !s.received.has(messageId)) && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2));
      }
      const missing = streams.filter((s) => !s.received.has(messageId)).length;
      if (missing > 0) throw new Error(`${missing} streams never got event ${round}`);
      for (const s of streams) latencies.push(s.received.get(messageId)! - committed);
      roundTimes.push(Math.max(...streams.map((s) => s.received.get(messageId)!)) - raisedAt);
    }

    console.log(
      `events over ${bus}: ${STREAMS} streams on one instance (PostgreSQL), ${ROUNDS} events raised on another`,
    );
    console.log(`  streams open in              ${fmt(openMs, 0)} ms`);
    console.log(`  instance size before / after ${fmt(before / 1024)} / ${fmt(after / 1024)} MiB`);
    console.log(`  memory per open stream       ${fmt((after - before) / STREAMS)} KiB`);
    console.log(
      `  commit → arrival, every stream: p50 ${fmt(quantile(latencies, 0.5))} ms, p99 ${fmt(quantile(latencies, 0.99))} ms, max ${fmt(Math.max(...latencies))} ms`,
    );
    console.log(`  one event to all ${STREAMS} streams: median ${fmt(quantile(roundTimes, 0.5))} ms`);
  } finally {
    for (const s of streams) s.req.destroy();
    await stop(b);
    await a.close();
  }
}
