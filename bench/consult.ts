/**
 * Teleconsultation benchmark (teleconsultation.md): 200 open consultations on one service
 * instance (its own process, PostgreSQL), each with its person and its doctor (20 doctors,
 * ten each) holding their events streams on that instance, each side sending a message every
 * 2 s. It prints the messages per second the instance handled, the delivery latency from the
 * send to the other side's stream (p50 / p99), and the instance's memory before the streams
 * open and at its peak. Before that, the takes: every consultation reached for by two doctors
 * at the same moment (400 takes for 200), counted per second, with the conflicts and the
 * faults (a deadlock would answer 500).
 *
 * `BENCH_CONSULTATIONS=200`, `BENCH_CONSULT_SECONDS=30` change the run.
 */
import fs from 'node:fs';
import http from 'node:http';
import { createParser } from 'eventsource-parser';
import { seedCustomers } from '../server/cli/seed-demo';
import { inventedPeople } from './people';
import { doctorSignedIn } from '../tests/helpers/consult';
import { bearer, login, register } from '../tests/helpers/flows';
import { spawnService } from '../tests/helpers/process';
import { startTestService } from '../tests/helpers/service';
import { fmt, quantile } from './stats';

const CONSULTATIONS = Number(process.env.BENCH_CONSULTATIONS ?? 200);
const SECONDS = Number(process.env.BENCH_CONSULT_SECONDS ?? 30);
const DOCTORS = Math.max(1, Math.round(CONSULTATIONS / 10));
const EVERY_MS = 2000;

function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/u.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

/** Invented policyholders, each with a health policy of their own (one open consultation a person). */
const people = (n: number) =>
  inventedPeople(n, {
    name: 'Peserta',
    phonePrefix: '+628129',
    policyPrefix: 'IND-2030-',
    policy: {
      policyType: 'individual',
      productName: 'Kesehatan Keluarga Plus',
      status: 'active',
      startDate: '2024-01-01',
      sumAssured: 250_000_000,
      premium: { amount: 1_000_000, frequency: 'annual', nextDueDate: '2027-01-01' },
      paymentMethod: 'Transfer bank',
    },
  });

/** One events stream on its own connection; `onMessage` hears each consultation message. */
function stream(base: string, path: string, token: string, onMessage: (clientId: string, at: number) => void) {
  const parser = createParser({
    onEvent: (e) => {
      if (e.event !== 'consultation.message') return;
      const id = (JSON.parse(e.data) as { message: { clientMessageId?: string } }).message.clientMessageId;
      if (id) onMessage(id, performance.now());
    },
  });
  const req = http.get(`${base}${path}`, { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => parser.feed(chunk));
  });
  req.on('error', () => undefined);
  return req;
}

async function post(base: string, path: string, token: string, body: unknown): Promise<number> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

export async function main(): Promise<void> {
  // A (this process) prepares the people, doctors and consultations; B (its own process) carries the load.
  const a = await startTestService('postgres', {
    // The other instance is a process of its own, on the system's clock: this one too.
    systemClock: true,
    seed: false,
    env: {
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      FLOW_RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'warn',
      CONSULT_HOURS: '00:00-23:59',
    },
  });
  const customers = people(CONSULTATIONS);
  await seedCustomers(a.service.store.db, customers, a.clock.now());
  const personTokens: string[] = [];
  for (const c of customers) personTokens.push((await login(a, await register(a, c))).json().accessToken);
  const doctors: Array<Awaited<ReturnType<typeof doctorSignedIn>>> = [];
  for (let i = 0; i < DOCTORS; i++) {
    const k = String(i).padStart(3, '0');
    doctors.push(
      await doctorSignedIn(a, {
        name: `dr. Jaga ${k}`,
        license: `STR-BENCH-${k}`,
        email: `jaga.${k}@klinik.example`,
        username: `dr.jaga${k}`,
      }),
    );
  }
  const waiting: Array<{ id: string; person: string }> = [];
  for (let i = 0; i < CONSULTATIONS; i++) {
    const options = (
      await a.call(
        'GET',
        `/v1/claims/options?policyNumber=${customers[i]!.policies[0]!.policyNumber}`,
        undefined,
        bearer(personTokens[i]!),
      )
    ).json();
    const started = await a.call(
      'POST',
      '/v1/consultations',
      {
        policyNumber: customers[i]!.policies[0]!.policyNumber,
        personId: options.people[0].personId,
        topic: 'Uji beban',
        symptoms: 'Tidak ada',
      },
      bearer(personTokens[i]!),
    );
    if (started.statusCode !== 201) throw new Error(`start answered ${started.statusCode}: ${started.body}`);
    waiting.push({ id: started.json().consultationId as string, person: personTokens[i]! });
  }

  // The takes: doctor d reaches for the consultations d, d + DOCTORS, … and for the next doctor's
  // as well, all at once; each consultation has two doctors after it, one wins.
  const base = new URL(await a.service.app.listen({ port: 0, host: '127.0.0.1' })).origin;
  const winner = new Map<string, string>();
  const counts = { won: 0, conflict: 0, fault: 0 };
  const takesStarted = performance.now();
  await Promise.all(
    waiting.flatMap((c, i) =>
      [doctors[i % DOCTORS]!, doctors[(i + 1) % DOCTORS]!].map(async (dr) => {
        const status = await post(base, `/v1/doctor/consultations/${c.id}/take`, dr.token, {});
        if (status === 200) {
          counts.won++;
          winner.set(c.id, dr.token);
        } else if (status === 409) counts.conflict++;
        else counts.fault++;
      }),
    ),
  );
  const takeSeconds = (performance.now() - takesStarted) / 1000;
  const deadlocks = a.logs.filter((l) => l.includes('deadlock detected')).length;
  console.log(
    `takes: ${waiting.length * 2} at once for ${waiting.length} consultations by ${DOCTORS} doctors in ${fmt(takeSeconds, 2)} s ` +
      `(${fmt((waiting.length * 2) / takeSeconds, 1)} /s): ${counts.won} taken, ${counts.conflict} told it was gone, ` +
      `${counts.fault} faults, ${deadlocks} deadlocks`,
  );
  if (counts.won !== waiting.length || counts.fault > 0 || deadlocks > 0) throw new Error('a take was lost or failed');
  const consultations = waiting.map((c) => ({ ...c, doctor: winner.get(c.id)! }));

  const b = await spawnService({ ...a.env, LOG_LEVEL: 'warn', CONSULT_HOURS: '00:00-23:59' }, ['--dev']);
  const requests: http.ClientRequest[] = [];
  try {
    for (let i = 0; i < 20; i++) await fetch(`${b.url}/v1/health`);
    await new Promise((r) => setTimeout(r, 500));
    const idle = rssKiB(b.proc.pid!);

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const arrived = (id: string, at: number) => {
      const s = sentAt.get(id);
      if (s === undefined) return;
      sentAt.delete(id);
      latencies.push(at - s);
    };
    for (const c of consultations) requests.push(stream(b.url, '/v1/events', c.person, arrived));
    for (const d of doctors) requests.push(stream(b.url, '/v1/doctor/events', d.token, arrived));
    await new Promise((r) => setTimeout(r, 2000));
    const withStreams = rssKiB(b.proc.pid!);

    let peak = withStreams;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(b.proc.pid!))), 250);
    let handled = 0;
    let failed = 0;
    let n = 0;
    const until = performance.now() + SECONDS * 1000;
    // Every consultation: the person at t, the doctor at t + 1 s, every 2 s, spread over the period.
    await Promise.all(
      consultations.map(async (c, i) => {
        await new Promise((r) => setTimeout(r, (i * EVERY_MS) / consultations.length));
        let turn = 0;
        while (performance.now() < until) {
          const side = turn++ % 2 === 0 ? 'person' : 'doctor';
          const clientMessageId = `bench-${i}-${n++}`;
          sentAt.set(clientMessageId, performance.now());
          const path =
            side === 'person' ? `/v1/consultations/${c.id}/messages` : `/v1/doctor/consultations/${c.id}/messages`;
          const status = await post(b.url, path, side === 'person' ? c.person : c.doctor, {
            clientMessageId,
            text: 'Pesan uji',
          });
          if (status === 201) handled++;
          else failed++;
          await new Promise((r) => setTimeout(r, EVERY_MS / 2));
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 2000));
    clearInterval(sampler);
    console.log(
      `teleconsultation: ${CONSULTATIONS} open consultations, ${DOCTORS} doctors, ${SECONDS} s, a message a side every 2 s`,
    );
    console.log(`messages handled      ${fmt(handled / SECONDS)} /s (${handled} sent, ${failed} refused)`);
    console.log(
      `delivery to the other side  p50 ${fmt(quantile(latencies, 0.5))} ms  p99 ${fmt(quantile(latencies, 0.99))} ms  (${latencies.length} of ${handled} arrived, ${sentAt.size} still out)`,
    );
    console.log(
      `instance RSS          idle ${fmt(idle / 1024)} MiB, with ${requests.length} streams ${fmt(withStreams / 1024)} MiB, peak ${fmt(peak / 1024)} MiB`,
    );
  } finally {
    for (const r of requests) r.destroy();
    await b.stop();
    await a.close();
  }
}
