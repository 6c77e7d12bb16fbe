/**
 * Network benchmark (network.md): for each engine and for 10,000 and 100,000 providers,
 *
 * 1. the import of a provider file of that size (`providers import`'s own code, from a file
 *    on disk: parse, validate, one transaction), in seconds;
 * 2. search latency p50 / p95 over 200 queries each, in the service's search module:
 *    text (words, prefixes, and a typing error that takes the fallback), filter (city,
 *    type, service), and near (a city's centre, nearest first).
 *
 * `BENCH_NETWORK_SIZES=10000,100000`, `BENCH_NETWORK_QUERIES=200` and `BENCH_NETWORK_ENGINES=sqlite,postgres`
 * change the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProviderSearchQuery } from '../contract/api/network';
import { CITIES } from '../contract/cities';
import { seeded } from '../server/domain/network/demo-providers';
import { importProviders } from '../server/domain/network/provider-import';
import { ProviderSearch } from '../server/domain/network/search';
import type { StoreKind } from '../server/store/connect';
import { providerCsv, type CsvRow } from '../tests/helpers/providers';
import { startTestService } from '../tests/helpers/service';
import { fmt, quantile } from './stats';

const SIZES = (process.env.BENCH_NETWORK_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_NETWORK_QUERIES ?? 200);
const ENGINES = (process.env.BENCH_NETWORK_ENGINES ?? 'sqlite,postgres').split(',') as StoreKind[];

const NAMES = ['Medika', 'Sehat', 'Sentosa', 'Harapan', 'Kasih', 'Bunda', 'Husada', 'Prima', 'Mulia', 'Citra', 'Insan'];
const MORE = ['Sejahtera', 'Utama', 'Abadi', 'Permata', 'Cahaya', 'Anugerah', 'Mutiara', 'Nusa', 'Pelita', 'Dharma'];
const STREETS = ['Merdeka', 'Diponegoro', 'Ahmad Yani', 'Gajah Mada', 'Pahlawan', 'Veteran', 'Pemuda', 'Kartini'];
const TYPES = ['hospital', 'clinic', 'clinic', 'lab', 'pharmacy', 'optical', 'dental'] as const;
const SERVICES: Record<(typeof TYPES)[number], string> = {
  hospital: 'inpatient;outpatient;emergency',
  clinic: 'outpatient;mcu',
  lab: 'mcu',
  pharmacy: 'outpatient',
  optical: 'optical',
  dental: 'dental;outpatient',
};

/** A provider file of `n` invented rows around the gazetteer's cities. */
async function providerFile(n: number, file: string): Promise<void> {
  const rnd = seeded(n);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out = fs.createWriteStream(file);
  const rows: CsvRow[] = [];
  const flush = (header: boolean) => {
    const text = providerCsv(rows);
    out.write(header ? `${text}\n` : `${text.slice(text.indexOf('\n') + 1)}\n`);
    rows.length = 0;
  };
  let first = true;
  for (let i = 0; i < n; i++) {
    const c = pick(CITIES);
    const type = pick(TYPES);
    rows.push({
      code: `B-${String(i).padStart(7, '0')}`,
      name: `${type === 'hospital' ? 'RS' : type === 'pharmacy' ? 'Apotek' : 'Klinik'} ${pick(NAMES)} ${pick(MORE)} ${i % 997}`,
      type,
      address: `Jl. ${pick(STREETS)} No. ${1 + Math.floor(rnd() * 300)}, ${c.name}`,
      city: c.name,
      province: c.province,
      latitude: (c.lat + (rnd() - 0.5) * 0.6).toFixed(6),
      longitude: (c.lon + (rnd() - 0.5) * 0.6).toFixed(6),
      services: SERVICES[type],
      open_24h: type === 'hospital' ? 'ya' : 'tidak',
      opening_hours: type === 'hospital' ? '' : '1-5 08:00-20:00; 6 08:00-14:00',
      cashless_plans: rnd() < 0.4 ? 'KKK' : '',
    });
    if (rows.length === 5000) {
      flush(first);
      first = false;
    }
  }
  if (rows.length) flush(first);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function queries(kind: 'text' | 'filter' | 'near', rnd: () => number): Array<Omit<ProviderSearchQuery, 'cashlessFor'>> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: QUERIES }, (_, i) => {
    const base = { limit: 20 };
    if (kind === 'text') {
      const q = [
        pick(NAMES).toLowerCase(),
        `${pick(NAMES)} ${pick(MORE)}`.toLowerCase(),
        pick(NAMES).slice(0, 3).toLowerCase(),
        `jl ${pick(STREETS)}`.toLowerCase(),
        // One letter wrong in every tenth: the typing-error fallback.
        i % 10 === 0 ? 'sejahtrea' : pick(CITIES).name.toLowerCase(),
      ][i % 5]!;
      return { ...base, q };
    }
    if (kind === 'filter') {
      const c = pick(CITIES);
      return { ...base, city: c.name, type: pick(TYPES), ...(i % 2 ? { service: 'outpatient' as const } : {}) };
    }
    const c = pick(CITIES);
    return { ...base, near: { lat: c.lat, lon: c.lon }, ...(i % 3 === 0 ? { type: 'hospital' as const } : {}) };
  });
}

async function run(kind: StoreKind, size: number): Promise<string[]> {
  const t = await startTestService(kind, { seed: false, env: { LOG_LEVEL: 'warn' } });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-providers-')), 'providers.csv');
  try {
    await providerFile(size, file);
    const started = performance.now();
    const report = await importProviders(
      t.service.store.db,
      t.service.store.kind,
      fs.createReadStream(file),
      Date.now(),
    );
    const importS = (performance.now() - started) / 1000;
    if (!report.written || report.rejected.length)
      throw new Error(`import failed: ${JSON.stringify(report).slice(0, 300)}`);
    const lines = [`${kind.padEnd(8)} ${String(size).padStart(7)}  import ${fmt(importS)} s`];
    const finder = new ProviderSearch(t.service.store.db, kind);
    for (const k of ['text', 'filter', 'near'] as const) {
      const qs = queries(k, seeded(size + k.length));
      // A few to warm the caches (statements, pages), as a running service has them warm.
      for (const q of qs.slice(0, 10)) await finder.search(q, undefined);
      const ms: number[] = [];
      for (const q of qs) {
        const s = performance.now();
        await finder.search(q, undefined);
        ms.push(performance.now() - s);
      }
      lines.push(
        `${kind.padEnd(8)} ${String(size).padStart(7)}  ${k.padEnd(6)} p50 ${fmt(quantile(ms, 0.5))} ms  p95 ${fmt(quantile(ms, 0.95))} ms`,
      );
    }
    return lines;
  } finally {
    await t.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  console.log(`network search: ${QUERIES} queries per kind, 20 a page; import of the same file`);
  for (const size of SIZES) {
    for (const kind of ENGINES) {
      for (const line of await run(kind, size)) console.log(line);
    }
  }
}
