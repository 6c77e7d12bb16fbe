/**
 * Data Saya and Pengaduan benchmark (complaints-privacy.md), on SQLite and PostgreSQL:
 *
 * - complaint lists with 10,000 complaints in the database (one person holding 2,000 of them):
 *   the person's list (first page, and a page deep in it by its cursor) and the back office's
 *   lists (newest first, overdue, by category), p50 / p95 over repeated calls (in-process
 *   `inject`: the service's own time, without a network);
 * - the copy of a person's data (export) is not built yet: this prints so.
 *
 * `BENCH_COMPLAINTS=10000` and `BENCH_READS=300` change the run.
 */
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

export async function main(): Promise<void> {
  console.log(`complaint lists: ${COMPLAINTS} complaints (2,000 of one person), ${READS} calls each, in-process`);
  for (const kind of ['sqlite', 'postgres'] as const) await lists(kind);
  console.log("export of a person's data (ZIP and PDF summary): not built yet — nothing to measure");
}
