/**
 * Fund values and statements (statements.md): a unit-linked policy with ten years of working-day
 * prices for four funds and 500 unit movements (Rudi Hartono's demo policy, filled so).
 *
 * 1. The value series for five years, `GET /v1/policies/{n}/value` through the service (inject),
 *    p50 / p95 of 40 calls, on SQLite and on PostgreSQL (aim: p95 ≤ 50 ms).
 * 2. A twelve-month statement's PDF, facts read and rendered in this process: the time, and the
 *    process's peak RSS and JS heap above what they were before.
 * 3. The chart's first draw in the renderer (Chromium, the built app against a live service):
 *    "since the start", five years capped, about 1,300 points × 5 series (aim ≤ 100 ms), from the
 *    chart's own performance measure.
 */
import type { Kysely } from 'kysely';
import { addDays } from '../server/domain/calendar/working-days';
import type { Database } from '../server/store/schema';
import { newId } from '../server/domain/identity/secrets';
import { renderStatement } from '../server/domain/statements/statement-pdf';
import { ClaimsDriver } from '../tests/helpers/claims';
import { customerNamed, register } from '../tests/helpers/flows';
import { launchChromium, signInViaUi, startApp } from '../tests/helpers/harness';
import { startLiveService } from '../tests/helpers/live-service';
import { startTestService } from '../tests/helpers/service';
import { fmt, quantile } from './stats';

const POLICY = 'IND2015000888';
const FUNDS = [
  { code: 'SAHAM', name: 'Dana Saham Indonesia', start: 20_000_000 },
  { code: 'PENDAPATAN', name: 'Dana Pendapatan Tetap', start: 12_000_000 },
  { code: 'PASAR_UANG', name: 'Dana Pasar Uang', start: 10_000_000 },
  { code: 'CAMPURAN', name: 'Dana Campuran', start: 15_000_000 },
];
const MOVEMENTS = 500;
const CALLS = 40;

/** Ten years of working-day prices up to `today`, four funds holding units, and 500 movements in them. */
async function fill(db: Kysely<Database>, today: string, now: number): Promise<void> {
  await db.deleteFrom('fund_prices').execute();
  await db.deleteFrom('unit_movements').where('policy_number', '=', POLICY).execute();
  await db.deleteFrom('policy_funds').where('policy_number', '=', POLICY).execute();
  const first = addDays(today, -3652);
  const dates: string[] = [];
  for (let d = first; d <= today; d = addDays(d, 1))
    if (![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) dates.push(d);
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const f of FUNDS) {
    let price = f.start;
    const rows = dates.map((d) => {
      price = Math.max(10_000, Math.round(price * (1 + 0.0002 + (rnd() - 0.5) * 0.01)));
      return { fund_code: f.code, price_date: d, price_e4: price };
    });
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('fund_prices')
        .values(rows.slice(i, i + 500))
        .execute();
    await db
      .insertInto('policy_funds')
      .values({
        policy_number: POLICY,
        fund_name: f.name,
        units_e4: 200_000_000,
        unit_price_e4: price,
        price_date: today,
      })
      .execute();
  }
  const step = Math.floor(dates.length / MOVEMENTS);
  const rows = Array.from({ length: MOVEMENTS }, (_, i) => {
    const f = FUNDS[i % FUNDS.length]!;
    return {
      id: newId(),
      policy_number: POLICY,
      price_date: dates[i * step]!,
      kind: 'premium_allocation' as const,
      fund_code: f.code,
      amount: 1_000_000,
      units_e4: 300_000,
      price_e4: f.start,
      request_id: null,
      bill_id: null,
      created_at: now,
    };
  });
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('unit_movements')
      .values(rows.slice(i, i + 200))
      .execute();
}

async function serviceSide(kind: 'sqlite' | 'postgres'): Promise<void> {
  const t = await startTestService(kind, { env: { LOG_LEVEL: 'warn' } });
  try {
    const today = '2026-11-24';
    await fill(t.service.store.db, today, t.clock.now());
    const rudi = await ClaimsDriver.signIn(t, 'Rudi Hartono');
    const from = addDays(today, -1826);
    const times: number[] = [];
    let points = 0;
    for (let i = 0; i < CALLS + 3; i++) {
      const started = performance.now();
      const res = await rudi.call('GET', `/v1/policies/IND-2015-000888/value?from=${from}&to=${today}`);
      const ms = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`value answered ${res.statusCode}: ${res.body}`);
      points = res.json().points.length;
      // The first calls warm the statement cache and the JIT: not counted.
      if (i >= 3) times.push(ms);
    }
    console.log(
      `${kind.padEnd(8)} value series, 5 years (${points} points × ${FUNDS.length} funds, ${MOVEMENTS} movements): ` +
        `p50 ${fmt(quantile(times, 0.5), 1)} ms, p95 ${fmt(quantile(times, 0.95), 1)} ms (aim ≤ 50 ms)`,
    );
    if (kind === 'sqlite') {
      // A twelve-month statement: its facts and its PDF, with the process's memory sampled meanwhile.
      // The process's peak RSS so far (the kernel's count) before and after, and the JS heap sampled
      // meanwhile and at each step (rendering keeps the event loop busy: a timer alone misses it).
      const maxRss0 = process.resourceUsage().maxRSS * 1024;
      const heap0 = process.memoryUsage().heapUsed;
      let heap = heap0;
      const sample = () => (heap = Math.max(heap, process.memoryUsage().heapUsed));
      const sampler = setInterval(sample, 5);
      const started = performance.now();
      const facts = await t.service.statements.facts({
        policy_number: POLICY,
        period_from: '2025-12-01',
        period_to: '2026-11-23',
        language: 'id',
      });
      sample();
      const bytes = await renderStatement(facts);
      sample();
      const ms = performance.now() - started;
      clearInterval(sampler);
      const maxRss = process.resourceUsage().maxRSS * 1024;
      console.log(
        `statement PDF, 12 months (${facts.movements.length} movements, ${facts.opening.length} funds): ${fmt(ms, 0)} ms, ` +
          `${fmt(bytes.length / 1024, 0)} KiB; the process's peak RSS +${fmt((maxRss - maxRss0) / 2 ** 20, 1)} MiB (${fmt(maxRss / 2 ** 20, 0)} MiB), JS heap +${fmt((heap - heap0) / 2 ** 20, 1)} MiB`,
      );
    }
  } finally {
    await t.close();
  }
}

async function chartSide(): Promise<void> {
  const browser = await launchChromium();
  const svc = await startLiveService();
  try {
    await fill(svc.service.store.db, '2026-11-24', svc.clock.now());
    const username = await register(svc, customerNamed('Rudi Hartono'));
    const app = await startApp(browser, svc);
    await app.page.setViewportSize({ width: 1024, height: 800 });
    await signInViaUi(app.page, username);
    const draws: number[] = [];
    for (let i = 0; i < 7; i++) {
      await app.page.goto(`${app.preview.url}#/polis/IND-2015-000888`);
      await app.page.reload();
      const panel = app.page.getByRole('region', { name: 'Perkembangan Dana' });
      await panel.getByRole('img').waitFor({ timeout: 30_000 });
      await panel.getByRole('button', { name: 'Sejak awal' }).click();
      // The "since the start" draw is the second measure of the page.
      await app.page.waitForFunction(() => performance.getEntriesByName('fund-chart-draw').length >= 2, undefined, {
        timeout: 30_000,
      });
      const ms = (await app.page.evaluate(
        () => performance.getEntriesByName('fund-chart-draw')[1]!.duration,
      )) as number;
      draws.push(ms);
    }
    console.log(
      `chart's first draw, since the start (5 years capped, ~1,300 points × 5 series), 7 loads: ` +
        `p50 ${fmt(quantile(draws, 0.5), 1)} ms, max ${fmt(Math.max(...draws), 1)} ms (aim ≤ 100 ms)`,
    );
    await app.close();
  } finally {
    await browser.close();
    await svc.close();
  }
}

export async function main(): Promise<void> {
  const parts = (process.env.BENCH_STATEMENTS_PARTS ?? 'service,chart').split(',');
  if (parts.includes('service')) for (const kind of ['sqlite', 'postgres'] as const) await serviceSide(kind);
  if (parts.includes('chart')) await chartSide();
}
