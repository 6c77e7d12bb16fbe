/**
 * Claims benchmark.
 *
 * 1. Uploads: the service as its own process (SQLite), 4 concurrent clients sending 20
 *    files of 5 MiB in all (5 each, one claim each), once as PDFs and once as JPEG photos.
 *    It prints the throughput (MB/s of file bytes accepted) and the process's resident
 *    size: before, and its peak (`VmHWM`, the kernel's high-water mark) after each round.
 * 2. Reading: 10,000 claims of one person in the database, on SQLite and PostgreSQL; the
 *    claim list's first page and one claim's page, p50 / p95 over repeated calls
 *    (in-process `inject`, so the figures are the service's own time without a network).
 */
import fs from 'node:fs';
import http from 'node:http';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { newId } from '../server/domain/identity/secrets';
import type { StoreKind } from '../server/store/connect';
import { ClaimsDriver } from '../tests/helpers/claims';
import { spawnService } from '../tests/helpers/process';
import { startTestService } from '../tests/helpers/service';
import { fmt, quantile } from './stats';

const MiB = 1024 * 1024;
const CLIENTS = 4;
const FILES = Number(process.env.BENCH_FILES ?? 20);
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 10_000);
const READS = Number(process.env.BENCH_READS ?? 300);

function memKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`, 'u').exec(status)![1]);
}

/** A photo-like JPEG of about `bytes` (noise does not compress). */
async function noiseJpeg(bytes: number): Promise<Buffer> {
  let side = 1600;
  for (;;) {
    const raw = Buffer.alloc(side * side * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (Math.random() * 256) | 0;
    const jpeg = await sharp(raw, { raw: { width: side, height: side, channels: 3 } })
      .jpeg({ quality: 92 })
      .toBuffer();
    if (jpeg.length >= bytes * 0.95) return jpeg;
    side = Math.ceil(side * Math.sqrt(bytes / jpeg.length) * 1.02);
  }
}

/** A scanned-document-like PDF of about 5 MiB: one page holding the photo. */
async function scanPdf(jpeg: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpeg);
  doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return Buffer.from(await doc.save());
}

function post(base: string, path: string, token: string, body: Buffer, type: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': type, 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function uploads(): Promise<void> {
  // The process runs on the system's clock: the seeding service too, so it takes its tokens.
  const seeded = await startTestService('sqlite', { systemClock: true });
  const svc = await spawnService({ ...seeded.env, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }, ['--dev']);
  try {
    const budi = await ClaimsDriver.signIn(seeded, 'Budi Santoso');
    const personId = await budi.personId('IND-2021-004567');
    const photo = await noiseJpeg(5 * MiB);
    const pdf = await scanPdf(photo);
    console.log(
      `files: PDF ${fmt(pdf.length / MiB, 2)} MiB, JPEG ${fmt(photo.length / MiB, 2)} MiB; ${FILES} files, ${CLIENTS} clients`,
    );
    for (const [label, bytes, type] of [
      ['PDF', pdf, 'application/pdf'],
      ['JPEG', photo, 'image/jpeg'],
    ] as const) {
      const rssBefore = memKiB(svc.proc.pid!, 'VmRSS');
      const claims = await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          const r = await budi.call('POST', '/v1/claims', {
            policyNumber: 'IND-2021-004567',
            personId,
            type: 'outpatient',
          });
          return r.json().claimId as string;
        }),
      );
      let peakSampled = rssBefore;
      const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memKiB(svc.proc.pid!, 'VmRSS'))), 10);
      const started = performance.now();
      let refused = 0;
      await Promise.all(
        claims.map(async (claimId, c) => {
          for (let i = c; i < FILES; i += CLIENTS) {
            const status = await post(svc.url, `/v1/claims/${claimId}/files?kind=other`, budi.token, bytes, type);
            if (status !== 201) refused++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      if (refused > 0) throw new Error(`${refused} uploads refused`);
      console.log(
        `${label}: ${fmt((FILES * bytes.length) / MiB / seconds, 1)} MiB/s (${fmt(seconds, 2)} s); ` +
          `RSS before ${fmt(rssBefore / 1024)} MiB, peak while streaming ${fmt(peakSampled / 1024)} MiB ` +
          `(process high-water mark so far ${fmt(memKiB(svc.proc.pid!, 'VmHWM') / 1024)} MiB)`,
      );
    }
  } finally {
    await svc.stop();
    await seeded.close();
  }
}

async function reads(kind: StoreKind): Promise<void> {
  const t = await startTestService(kind);
  try {
    const budi = await ClaimsDriver.signIn(t, 'Budi Santoso');
    const personId = await budi.personId('IND-2021-004567');
    const account = await t.service.store.db
      .selectFrom('accounts')
      .select(['id', 'customer_id'])
      .where('username', '=', budi.username)
      .executeTakeFirstOrThrow();
    const now = t.clock.now();
    const loadStarted = performance.now();
    const ids: string[] = [];
    for (let from = 0; from < CLAIMS; from += 500) {
      const rows = Array.from({ length: Math.min(500, CLAIMS - from) }, (_, j) => {
        const n = from + j;
        const id = newId();
        ids.push(id);
        return {
          id,
          claim_number: `KLM-2020-${String(n + 1).padStart(6, '0')}`,
          policy_number: 'IND2021004567',
          customer_id: personId,
          filed_by_customer_id: account.customer_id,
          filed_by_account_id: account.id,
          type: 'outpatient' as const,
          method: 'reimbursement' as const,
          status: (['submitted', 'paid', 'rejected', 'withdrawn'] as const)[n % 4]!,
          event_date: new Date(now - n * 3_600_000).toISOString().slice(0, 10),
          provider_name: `Klinik ${n}`,
          provider_key: `name:klinik ${n}`,
          diagnosis: 'ISPA',
          amount_claimed: 100_000 + n,
          created_at: now - n * 60_000,
          updated_at: now - n * 60_000,
          submitted_at: now - n * 60_000,
        };
      });
      await t.service.store.db.insertInto('claims').values(rows).execute();
      await t.service.store.db
        .insertInto('claim_timeline')
        .values(
          rows.flatMap((r) => [
            { claim_id: r.id, seq: 1, status: 'draft' as const, at: r.created_at, note: null },
            { claim_id: r.id, seq: 2, status: 'submitted' as const, at: r.created_at, note: null },
          ]),
        )
        .execute();
    }
    // After a bulk load, as autovacuum would soon do: the planner's statistics of the new rows.
    if (kind === 'postgres') await sql`analyze claims, claim_timeline`.execute(t.service.store.db);
    console.log(`${kind}: ${CLAIMS} claims loaded in ${fmt((performance.now() - loadStarted) / 1000, 1)} s`);
    const time = async (url: string) => {
      const ms: number[] = [];
      for (let i = 0; i < READS; i++) {
        const started = performance.now();
        const res = await budi.call('GET', url);
        ms.push(performance.now() - started);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
      }
      return `p50 ${fmt(quantile(ms, 0.5), 2)} ms, p95 ${fmt(quantile(ms, 0.95), 2)} ms`;
    };
    console.log(`${kind}: claim list (first page of 20)     ${await time('/v1/claims')}`);
    console.log(`${kind}: claim list, status=paid            ${await time('/v1/claims?status=paid')}`);
    console.log(`${kind}: one claim's page                   ${await time(`/v1/claims/${ids[CLAIMS >> 1]}`)}`);
  } finally {
    await t.close();
  }
}

export async function main(): Promise<void> {
  // BENCH_PART=uploads or reads runs one half.
  if (process.env.BENCH_PART !== 'reads') await uploads();
  if (process.env.BENCH_PART === 'uploads') return;
  for (const kind of ['sqlite', 'postgres'] as const) await reads(kind);
}
