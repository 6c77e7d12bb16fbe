import { RUNNER_DEFAULTS } from '../../server/jobs/runner';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jakartaDate } from '../../server/domain/clock';
import { DECREE_CHECK_JOB } from '../../server/areas/calendar';
import { OVERDUE_JOB } from '../../server/domain/complaints/complaint-jobs';
import { REMINDER_JOB } from '../../server/domain/payments/reminders';
import { YEARLY_STATEMENTS_JOB } from '../../server/domain/statements/statements';
import { newId } from '../../server/domain/identity/secrets';
import { midtransSignature } from '../../server/domain/payments/gateway';
import { reconcile } from '../../server/domain/payments/reconcile';
import { bearer } from '../helpers/flows';
import { startSmsGateway, startSmtpServer, waitFor } from '../helpers/mail-and-sms';
import { spawnService, type ServiceProcess } from '../helpers/process';
import { productionSettings } from '../helpers/production';
import { startTestBucket, type TestBucket } from '../helpers/s3';
import { startTestService, type TestService } from '../helpers/service';
import { startGatewaySimulator } from '../helpers/gateway';
import { startUnreliableProxy, type UnreliableProxy } from '../helpers/unreliable-proxy';

const PAYMENTS = 200;
const DUPLICATES = 40; // 20 % of the notifications come twice
const SENDERS = 8;
const serverKey = 'SB-Mid-server-uji-gangguan-2026';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fisher–Yates with a seeded generator: the same random order every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Faults on purpose (ARCHITECTURE.md, Transactions and side effects): two service processes in
 * production mode on one PostgreSQL and one S3 bucket, the gateway's own simulator behind a
 * line that can go dead. While 200 payments are settled and their notifications arrive (a fifth
 * of them twice, in random order) one instance after the other is killed with -9 and started
 * again, the document store stops for a while, the gateway stops answering for a while, and the
 * second instance is stopped with SIGTERM while it does.
 * At the end every payment the gateway settled is booked once, with its receipt; every job has
 * finished; reconciliation finds no difference; nothing answered 5xx but a dead instance.
 */
describe('faults, on purpose: two instances, a killed one, a stopped one, a stopped store, a silent gateway', () => {
  let gateway: Awaited<ReturnType<typeof startGatewaySimulator>>;
  let line: UnreliableProxy;
  let bucket: TestBucket;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sms: Awaited<ReturnType<typeof startSmsGateway>>;
  let seeded: TestService;
  let env: Record<string, string>;
  const instances: Array<{ svc: ServiceProcess | null; name: string }> = [
    { svc: null, name: 'a' },
    { svc: null, name: 'b' },
  ];

  beforeAll(async () => {
    gateway = await startGatewaySimulator(serverKey, { systemClock: true });
    line = await startUnreliableProxy(gateway.url);
    bucket = await startTestBucket();
    smtp = await startSmtpServer();
    sms = await startSmsGateway();
    const production = productionSettings({
      ...bucket.env,
      SMTP_URL: smtp.url,
      SMS_GATEWAY_URL: sms.url,
      PAYMENT_GATEWAY: 'midtrans',
      MIDTRANS_SERVER_KEY: serverKey,
      MIDTRANS_BASE_URL: `${line.url}/dev/gateway`,
      OTP_HMAC_KEY: crypto.randomBytes(32).toString('hex'),
      // A killed instance's jobs are taken over within seconds.
      JOB_LEASE_SECONDS: '3',
      // A stopped one cuts what still waits after 5 s (its clients send again elsewhere).
      SHUTDOWN_GRACE_SECONDS: '5',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    });
    // The test's own instance seeds and looks; the two spawned ones do the work, jobs included.
    seeded = await startTestService('postgres', {
      mode: 'production',
      systemClock: true,
      env: { ...production, RUN_JOBS: 'false' },
    });
    env = { ...seeded.env, ...production };
    await Promise.all(
      instances.map(async (i) => {
        i.svc = await spawnService(env);
      }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const i of instances) await i.svc?.stop();
    await seeded?.close();
    await gateway?.close();
    await line?.close();
    await bucket?.close();
    await smtp?.close();
    await sms?.close();
  });

  const alive = () => instances.filter((i) => i.svc !== null);
  const anyAlive = () => {
    const up = alive();
    return up[Math.floor(Math.random() * up.length)]!;
  };
  /** Kill -9, then a new process on the same data a moment later. */
  async function killAndRestart(i: (typeof instances)[number], downMs: number) {
    const proc = i.svc!.proc;
    i.svc = null;
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    await sleep(downMs);
    i.svc = await spawnService(env);
  }
  /**
   * SIGTERM, as an orchestrator stops an instance: it takes no more requests, cuts those still
   * waiting after its grace (a confirmation waiting on the silent gateway), hands back its jobs
   * and exits 0; a new process on the same data a moment later.
   */
  async function stopAndRestart(i: (typeof instances)[number], downMs: number) {
    const svc = i.svc!;
    i.svc = null;
    expect(await svc.stop()).toBe(0);
    await sleep(downMs);
    i.svc = await spawnService(env);
  }

  it('books every settled payment once with its receipt, whatever fails meanwhile', async () => {
    const db = seeded.service.store.db;
    // Agus Wijaya (an account of the old system, resources/demo/legacy-accounts.json) owes 200 premiums.
    const login = await fetch(`${instances[0]!.svc!.url}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'agus.w70',
        password: 'Kopi-Tubruk-2009',
        device: { kind: 'personal', name: 'x' },
      }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const now = seeded.clock.now();
    const bills = Array.from({ length: PAYMENTS }, (_, i) => {
      const day = new Date(now + (40 + i) * 86_400_000).toISOString().slice(0, 10);
      return {
        id: newId(),
        policy_number: 'IND2010000321',
        kind: 'premium' as const,
        period_from: day,
        period_to: day,
        due_date: day,
        amount: 6_000_000,
        paid_at: null,
        payment_id: null,
        created_at: now,
        voided_at: null,
      };
    });
    await db.insertInto('bills').values(bills).execute();
    const payments: string[] = [];
    for (let i = 0; i < PAYMENTS; i += SENDERS) {
      const made = await Promise.all(
        bills.slice(i, i + SENDERS).map(async (b, k) => {
          const res = await fetch(`${instances[k % 2]!.svc!.url}/v1/bills/${b.id}/payments`, {
            method: 'POST',
            headers: { ...bearer(token), 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
            body: JSON.stringify({ method: 'va_bca' }),
          });
          expect(res.status, await res.clone().text()).toBe(201);
          return ((await res.json()) as { paymentId: string }).paymentId;
        }),
      );
      payments.push(...made);
    }

    // The notifications: each payment once, a fifth of them twice, in a random order.
    const queue = shuffled([...payments, ...shuffled(payments, 7).slice(0, DUPLICATES)], 2026);
    const answers: Array<{ status: number; instance: string; verdict?: string; at: number }> = [];
    const started = Date.now();
    const refusals: string[] = [];
    const notify = async (paymentId: string) => {
      // Settled at the gateway first, as a person paying at the bank does.
      await gateway.service.store.db
        .updateTable('sim_transactions')
        .set({ transaction_status: 'settlement' })
        .where('order_id', '=', paymentId)
        .execute();
      const body = {
        order_id: paymentId,
        status_code: '200',
        gross_amount: '6000000.00',
        transaction_status: 'settlement',
        signature_key: midtransSignature(paymentId, '200', '6000000.00', serverKey),
      };
      // The gateway tries again (another address of the service) while an instance is dead.
      for (let attempt = 0; attempt < 50; attempt++) {
        const target = anyAlive();
        try {
          const res = await fetch(`${target.svc!.url}/v1/gateway/midtrans/notifications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          answers.push({
            status: res.status,
            instance: target.name,
            at: Date.now() - started,
            ...(res.status === 200 ? { verdict: (JSON.parse(text) as { verdict: string }).verdict } : {}),
          });
          if (res.status >= 500 && target.svc !== null) refusals.push(`${res.status} ${text}`);
          if (res.status === 200) return;
        } catch {
          // The instance died under the request: the gateway sends it again elsewhere.
        }
        await sleep(200);
      }
      throw new Error(`notification of ${paymentId} never accepted`);
    };

    // Spread over the faults' quarter of a minute, as payments come in through a day.
    let next = 0;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (next < queue.length) {
        await notify(queue[next++]!);
        await sleep(300 + Math.random() * 300);
      }
    });
    // The faults, overlapping: an instance killed, the store stopped, the gateway silent long
    // enough that confirmations wait for it (its client gives up after three tries of 5 s, about
    // 16 s; on a starved CI machine the instances' timers run late, so the silence lasts 30 s to be
    // sure a notification's every try falls in it), the other instance killed meanwhile.
    const at = (ms: number, fault: () => Promise<void>) => sleep(ms).then(fault);
    const chaos = Promise.all([
      at(1_500, () => killAndRestart(instances[0]!, 1_000)),
      at(3_000, async () => {
        await bucket.stop();
        await sleep(5_000);
        await bucket.start();
      }),
      at(5_000, async () => {
        line.blackhole = true;
        await sleep(30_000);
        line.blackhole = false;
      }),
      at(12_000, () => killAndRestart(instances[1]!, 1_000)),
      // The second, started again, stopped the orderly way while its confirmations wait on the
      // silent gateway (the first's, waiting since the silence began, answer `confirming` meanwhile).
      at(26_000, () => stopAndRestart(instances[1]!, 1_000)),
    ]);
    await Promise.all([...senders, chaos]);

    // Everything that followed the bookings finishes once the faults are over (the daily checks
    // are schedules, always waiting for their next day).
    await waitFor(async () => {
      const open = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .where('kind', 'not in', [OVERDUE_JOB, DECREE_CHECK_JOB, REMINDER_JOB, YEARLY_STATEMENTS_JOB])
        .executeTakeFirstOrThrow();
      return Number(open.n) === 0 ? true : undefined;
    }, 60_000).catch(async (err: unknown) => {
      // Which jobs are left, and why, says more than a timeout.
      const left = await db
        .selectFrom('jobs')
        .select(['kind', 'attempts', 'last_error'])
        .where('status', '=', 'pending')
        .where('kind', 'not in', [OVERDUE_JOB, DECREE_CHECK_JOB, REMINDER_JOB, YEARLY_STATEMENTS_JOB])
        .execute();
      throw new Error(`${left.length} jobs still pending: ${JSON.stringify(left.slice(0, 10))}`, { cause: err });
    });

    expect(refusals).toEqual([]);
    const rows = await db
      .selectFrom('payments')
      .select(['id', 'status', 'receipt_document_id'])
      .where('id', 'in', payments)
      .execute();
    expect(rows.filter((r) => r.status !== 'paid')).toEqual([]);
    const ledger = await db
      .selectFrom('ledger_entries')
      .select(['payment_id', 'bill_id'])
      .where('payment_id', 'in', payments)
      .execute();
    expect(ledger).toHaveLength(PAYMENTS);
    expect(new Set(ledger.map((l) => l.bill_id)).size).toBe(PAYMENTS);
    // Every receipt exists, its bytes in the bucket.
    expect(rows.filter((r) => !r.receipt_document_id)).toEqual([]);
    for (const r of rows.slice(0, 20)) {
      const pdf = await fetch(`${anyAlive().svc!.url}/v1/payments/${r.id}/receipt`, { headers: bearer(token) });
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
    const failed = await db.selectFrom('jobs').select(['kind', 'last_error']).where('status', '=', 'failed').execute();
    expect(failed).toEqual([]);
    // The gateway and the ledger agree.
    const differences = await reconcile(db, seeded.service.payments.booking, jakartaDate(now));
    expect(differences).toEqual([]);
    // Each payment's e-mail with its receipt went out: once, or again with the same Message-ID when an
    // instance was killed after the server took it and before its job was marked done (at least once).
    const receiptMails = smtp.mails.filter((m) => /kuitansi-/u.test(m.raw));
    const ids = receiptMails.map((m) => /^Message-ID:\s*(<[^>]+>)/imu.exec(m.raw)?.[1]);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(PAYMENTS);
    // At most what the two killed instances had in hand (a runner runs RUNNER_DEFAULTS.concurrency jobs at once).
    expect(receiptMails.length - PAYMENTS).toBeLessThanOrEqual(2 * RUNNER_DEFAULTS.concurrency);
    expect(answers.filter((a) => a.status === 200).length).toBe(queue.length);
    // The faults did meet the notifications: some waited for the silent gateway, the copies changed nothing.
    const verdicts = answers.map((a) => a.verdict).filter(Boolean);
    expect(
      verdicts.filter((v) => v === 'paid').length + verdicts.filter((v) => v === 'confirming').length,
    ).toBeGreaterThanOrEqual(PAYMENTS - DUPLICATES);
    expect(verdicts).toContain('confirming');
    expect(verdicts).toContain('already_paid');
  }, 150_000);

  it('twenty doctors’ takes at once over both instances: no deadlock, one doctor for each consultation', async () => {
    const db = seeded.service.store.db;
    const now = seeded.clock.now();
    // Ten people, each with an account of their own and a consultation waiting.
    const people = await db
      .selectFrom('policy_parties')
      .select(['customer_id', 'policy_number'])
      .where('role', 'in', ['holder', 'member'])
      .execute();
    // The demo has nine people: a tenth joins the group policy.
    const tenth = newId();
    await db
      .insertInto('customers')
      .values({
        id: tenth,
        full_name: 'Wayan Sudirta',
        date_of_birth: '1991-03-03',
        email: 'wayan@example.com',
        phone: '+6281299990000',
        created_at: now,
      })
      .execute();
    await db
      .insertInto('policy_parties')
      .values({ policy_number: 'KMP2022000045', customer_id: tenth, role: 'member', member_number: 'PTMB-0010' })
      .execute();
    people.push({ customer_id: tenth, policy_number: 'KMP2022000045' });
    const distinct = [...new Map(people.map((p) => [p.customer_id, p])).values()].slice(0, 10);
    expect(distinct).toHaveLength(10);
    const consultations: string[] = [];
    for (const [i, p] of distinct.entries()) {
      const accountId = newId();
      await db
        .insertInto('accounts')
        .values({
          id: accountId,
          customer_id: p.customer_id,
          username: `pasien-${i}-${newId().slice(0, 6)}`,
          password_hash: 'x',
          language: 'id',
          legacy_username: null,
          legacy_username_until: null,
          created_at: now,
          password_changed_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const account =
        (await db.selectFrom('accounts').select('id').where('customer_id', '=', p.customer_id).executeTakeFirst())
          ?.id ?? accountId;
      const id = newId();
      consultations.push(id);
      await db
        .insertInto('consultations')
        .values({
          id,
          number: `TK-UJI-${String(i).padStart(4, '0')}`,
          policy_number: p.policy_number,
          customer_id: p.customer_id,
          account_id: account,
          topic: 'Demam',
          symptoms: 'Demam',
          status: 'waiting',
          doctor_id: null,
          last_seq: 0,
          created_at: now + i,
          started_at: null,
          closed_at: null,
          summary_text: null,
          advice: null,
          follow_up: null,
          summary_document_id: null,
        })
        .execute();
    }
    // Ten doctors signed in (their codes by e-mail), each reaching for two consultations at once.
    const tokens: string[] = [];
    for (let d = 0; d < 10; d++) {
      const who = {
        name: `dr. Jaga ${d}`,
        license: `STR-31710088${String(d).padStart(2, '0')}`,
        email: `jaga${d}@klinik.example`,
        username: `dr.jaga${d}`,
      };
      await seeded.service.doctors.add({ ...who, password: 'Stetoskop di meja jaga' });
      const started = await seeded.call('POST', '/v1/doctor/sessions', {
        username: who.username,
        password: 'Stetoskop di meja jaga',
      });
      expect(started.statusCode, started.body).toBe(200);
      const mail = await waitFor(() => smtp.mails.find((m) => m.to.includes(who.email)));
      const code = /\b(\d{6})\b/u.exec(mail.raw.replace(/=\r?\n/gu, ''))![1];
      const verified = await seeded.call('POST', '/v1/doctor/sessions/verify', { flowId: started.json().flowId, code });
      expect(verified.statusCode, verified.body).toBe(201);
      tokens.push(verified.json().token as string);
    }
    const takes = tokens.flatMap((token, d) =>
      [consultations[d]!, consultations[(d + 1) % 10]!].map((id, k) =>
        fetch(`${instances[(d + k) % 2]!.svc!.url}/v1/doctor/consultations/${id}/take`, {
          method: 'POST',
          headers: bearer(token),
        }).then(async (res) => ({ status: res.status, id, body: await res.text() })),
      ),
    );
    const answers = await Promise.all(takes);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(10);
    const rows = await db
      .selectFrom('consultations')
      .select(['id', 'status', 'doctor_id'])
      .where('id', 'in', consultations)
      .execute();
    expect(rows.every((r) => r.status === 'active' && r.doctor_id !== null)).toBe(true);
    for (const id of consultations) expect(answers.filter((a) => a.id === id && a.status === 200)).toHaveLength(1);
  }, 60_000);
});
