/**
 * Data Saya and Pengaduan benchmark (complaints-privacy.md), on SQLite and PostgreSQL:
 *
 * - complaint lists with 10,000 complaints in the database (one person holding 2,000 of them):
 *   the person's list (first page, and a page deep in it by its cursor) and the back office's
 *   lists (newest first, overdue, by category), p50 / p95 over repeated calls (in-process
 *   `inject`: the service's own time, without a network);
 * - the copy of a person's data: a person with 500 claims (2,000 files of 64 KiB), 2,000 inbox
 *   messages and 200 payments asks for it; the time from the ask to the ZIP being ready (the
 *   runner looks for new jobs each second: up to a second of it is waiting), its size, and the
 *   service's peak memory over what it used before the ask (RSS and JavaScript heap, sampled
 *   every 20 ms; the service runs in this process).
 *
 * `BENCH_COMPLAINTS=10000`, `BENCH_READS=300`, `BENCH_EXPORT_ENGINES=sqlite,postgres` and
 * `BENCH_DATA_PARTS=lists,export` change the run.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { jakartaDate } from '../server/domain/clock';
import { newId } from '../server/domain/identity/secrets';
import type { StoreKind } from '../server/store/connect';
import { ClaimsDriver } from '../tests/helpers/claims';
import { backOffice } from '../tests/helpers/flows';
import { startTestService } from '../tests/helpers/service';
import { fmt, quantile } from './stats';

const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? 10_000);
const READS = Number(process.env.BENCH_READS ?? 300);
const CATEGORIES = ['claim', 'payment', 'policy_change', 'service', 'product', 'personal_data', 'other'] as const;
const STATUSES = ['received', 'in_progress', 'extended', 'answered', 'closed', 'escalated', 'withdrawn'] as const;

async function lists(kind: StoreKind): Promise<void> {
  const t = await startTestService(kind, { env: { LOG_LEVEL: 'warn' } });
  try {
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    const db = t.service.store.db;
    const account = await db
      .selectFrom('accounts')
      .select(['id', 'customer_id'])
      .where('username', '=', budi.username)
      .executeTakeFirstOrThrow();
    const others = await db.selectFrom('customers').select('id').where('id', '!=', account.customer_id).execute();
    const now = t.clock.now();
    const started = performance.now();
    for (let from = 0; from < COMPLAINTS; from += 500) {
      const rows = Array.from({ length: Math.min(500, COMPLAINTS - from) }, (_, j) => {
        const n = from + j;
        // One in five is Budi's: 2,000 of 10,000.
        const mine = n % 5 === 0;
        const at = now - n * 600_000;
        const day = jakartaDate(at);
        return {
          id: newId(),
          complaint_number: `ADU-2025-${String(n + 1).padStart(6, '0')}`,
          customer_id: mine ? account.customer_id : others[n % others.length]!.id,
          account_id: mine ? account.id : null,
          category: CATEGORIES[n % CATEGORIES.length]!,
          subject_kind: null,
          subject_id: null,
          description: `Pengaduan uji nomor ${n}, cukup panjang untuk memenuhi aturan dua puluh huruf.`,
          channel: null,
          language: 'id' as const,
          status: STATUSES[n % STATUSES.length]!,
          received_at: at,
          received_on: day,
          due_date: t.service.workingDays.addWorkingDays(day, 20),
          extension_reason: null,
          extended_at: null,
          answer: null,
          outcome: null,
          answered_at: null,
          answered_on: null,
          feedback_satisfied: null,
          feedback_reason: null,
          feedback_at: null,
          closed_at: null,
          receipt_document_id: null,
          receipt_size_bytes: null,
          created_at: at,
          updated_at: at,
        };
      });
      await db.insertInto('complaints').values(rows).execute();
    }
    // After a bulk load, as autovacuum would soon do: the planner's statistics of the new rows.
    if (kind === 'postgres') await sql`analyze complaints`.execute(db);
    console.log(`${kind}: ${COMPLAINTS} complaints loaded in ${fmt((performance.now() - started) / 1000, 1)} s`);
    const admin = backOffice(t.service.devAdminKey!);
    const time = async (url: string, who: 'person' | 'back office') => {
      const ms: number[] = [];
      for (let i = 0; i < READS; i++) {
        const s = performance.now();
        const res = who === 'person' ? await budi.call('GET', url) : await t.call('GET', url, undefined, admin);
        ms.push(performance.now() - s);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      }
      return `p50 ${fmt(quantile(ms, 0.5), 2)} ms, p95 ${fmt(quantile(ms, 0.95), 2)} ms`;
    };
    const page = (await budi.call('GET', '/v1/complaints?limit=100')).json();
    let cursor = page.nextCursor as string;
    for (let i = 0; i < 9; i++)
      cursor = (await budi.call('GET', `/v1/complaints?limit=100&cursor=${cursor}`)).json().nextCursor;
    console.log(`${kind}: the person's list, first page of 20        ${await time('/v1/complaints', 'person')}`);
    console.log(
      `${kind}: the person's list, page after 1,000        ${await time(`/v1/complaints?cursor=${cursor}`, 'person')}`,
    );
    console.log(
      `${kind}: back office, newest first                  ${await time('/v1/admin/complaints', 'back office')}`,
    );
    console.log(
      `${kind}: back office, overdue                       ${await time('/v1/admin/complaints?overdue=true', 'back office')}`,
    );
    console.log(
      `${kind}: back office, category=payment&status=received ${await time('/v1/admin/complaints?category=payment&status=received', 'back office')}`,
    );
  } finally {
    await t.close();
  }
}

const EXPORT_CLAIMS = 500;
const EXPORT_MESSAGES = 2_000;
const EXPORT_PAYMENTS = 200;
const FILE_BYTES = 64 * 1024;
const EXPORT_ENGINES = (process.env.BENCH_EXPORT_ENGINES ?? 'sqlite,postgres').split(',') as StoreKind[];

/** One submitted claim made through the API, then copied (rows and files) to 500 with 2,000 files. */
async function manyClaims(t: Awaited<ReturnType<typeof startTestService>>, budi: ClaimsDriver): Promise<void> {
  const db = t.service.store.db;
  const store = t.service.documentStore;
  const first = await budi.readyHospitalClaim('IND-2021-004567');
  await budi.call('POST', `/v1/claims/${first}/submit`);
  const claim = await db.selectFrom('claims').selectAll().where('id', '=', first).executeTakeFirstOrThrow();
  const files = await db.selectFrom('claim_files').selectAll().where('claim_id', '=', first).execute();
  const timeline = await db.selectFrom('claim_timeline').selectAll().where('claim_id', '=', first).execute();
  for (let n = 1; n < EXPORT_CLAIMS; n++) {
    const id = newId();
    const copies = files.map((f) => ({
      ...f,
      id: newId(),
      claim_id: id,
      storage_key: newId(),
      size_bytes: FILE_BYTES,
    }));
    // Each file its own bytes in the store, as uploads are.
    for (const f of copies) await store.put(f.storage_key, crypto.randomBytes(FILE_BYTES));
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('claims')
        .values({
          ...claim,
          id,
          claim_number: `KLM-2025-${String(n).padStart(6, '0')}`,
          // One claim per stay: each copy another hospital.
          provider_key: `${claim.provider_key}-${n}`,
          created_at: claim.created_at - n,
        })
        .execute();
      await trx.insertInto('claim_files').values(copies).execute();
      await trx
        .insertInto('claim_timeline')
        .values(timeline.map((x) => ({ ...x, claim_id: id })))
        .execute();
    });
  }
}

async function exportBench(kind: StoreKind): Promise<void> {
  const t = await startTestService(kind, { env: { LOG_LEVEL: 'warn' } });
  try {
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    const db = t.service.store.db;
    const account = await db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', budi.username)
      .executeTakeFirstOrThrow();
    const seeded = performance.now();
    await manyClaims(t, budi);
    const now = t.clock.now();
    for (let from = 0; from < EXPORT_MESSAGES; from += 500) {
      await db
        .insertInto('inbox_messages')
        .values(
          Array.from({ length: 500 }, (_, j) => ({
            id: newId(),
            account_id: account.id,
            category: 'claim' as const,
            template: 'claim_status',
            params: JSON.stringify({ claimNumber: `KLM-2025-${String(j).padStart(6, '0')}`, status: 'verifying' }),
            link_kind: null,
            link_id: null,
            created_at: now - (from + j) * 60_000,
            read_at: null,
          })),
        )
        .execute();
    }
    const bill = (await budi.call('GET', '/v1/bills?policyNumber=IND-2019-000123')).json().bills[0];
    await db
      .insertInto('payments')
      .values(
        Array.from({ length: EXPORT_PAYMENTS }, (_, j) => ({
          id: newId(),
          bill_id: bill.billId,
          account_id: account.id,
          idempotency_key: crypto.randomUUID(),
          method: 'va_bca',
          amount: bill.amount,
          status: 'expired' as const,
          va_number: `1234${String(j).padStart(8, '0')}`,
          bank_code: 'bca',
          qr_string: null,
          redirect_url: null,
          expires_at: now - j * 86_400_000,
          gateway_transaction_id: null,
          failure_reason: null,
          created_at: now - j * 86_400_000 - 3_600_000,
          updated_at: now - j * 86_400_000,
          paid_at: null,
          receipt_document_id: null,
        })),
      )
      .execute();
    console.log(`${kind}: seeded in ${fmt((performance.now() - seeded) / 1000, 1)} s`);

    // Twice: the first also loads pdfkit and parses the app's font for the summary (once per
    // process, as any first receipt does); the second is an export in a service already running.
    for (const run of ['first', 'second'] as const) {
      global.gc?.();
      const before = process.memoryUsage();
      let peak = { rss: before.rss, heap: before.heapUsed };
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak = { rss: Math.max(peak.rss, m.rss), heap: Math.max(peak.heap, m.heapUsed) };
      }, 20);
      await budi.stepUp();
      const started = performance.now();
      const asked = (await budi.call('POST', '/v1/me/data-exports')).json();
      let ready: { status: string; sizeBytes?: number } = asked;
      while (ready.status !== 'ready') {
        await new Promise((r) => setTimeout(r, 50));
        ready = (await budi.call('GET', `/v1/me/data-exports/${asked.exportId}`)).json();
        if (performance.now() - started > 600_000) throw new Error('the export took over 10 minutes');
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const mib = (n: number) => fmt(n / 1024 / 1024, 1);
      console.log(
        `${kind}: ${run} export of ${EXPORT_CLAIMS} claims (${EXPORT_CLAIMS * 4} files), ${EXPORT_MESSAGES} messages, ` +
          `${EXPORT_PAYMENTS} payments: ready in ${fmt(seconds, 1)} s, ${mib(ready.sizeBytes ?? 0)} MiB; ` +
          `peak over before: RSS +${mib(peak.rss - before.rss)} MiB, heap +${mib(peak.heap - before.heapUsed)} MiB`,
      );
    }
  } finally {
    await t.close();
  }
}

const PARTS = (process.env.BENCH_DATA_PARTS ?? 'lists,export').split(',');

export async function main(): Promise<void> {
  if (PARTS.includes('lists')) await listsBench();
  if (!PARTS.includes('export')) return;
  console.log("the copy of a person's data (aim: streamed, peak under +50 MiB, ready in under a minute)");
  for (const kind of EXPORT_ENGINES) await exportBench(kind);
}

async function listsBench(): Promise<void> {
  console.log(`complaint lists: ${COMPLAINTS} complaints (2,000 of one person), ${READS} calls each, in-process`);
  for (const kind of ['sqlite', 'postgres'] as const) await lists(kind);
}
