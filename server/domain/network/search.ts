import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ProviderHit, ProviderList, ProviderSearchQuery } from '../../../contract/api/network';
import type { StoreKind } from '../../store/connect';
import { trigramSchema } from '../../store/migrations/010-providers';
import type { Database } from '../../store/schema';
import { ServiceError } from '../errors';
import { providerFromRow, type ProviderRow } from './provider-rows';
import { fts5Match, oneEditAway, searchWords, tsQuery, TYPO_MIN_LENGTH } from './search-words';

/** Mean Earth radius (IUGG), km. */
const EARTH_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI * EARTH_KM) / 180;
/**
 * Radii of the bounding boxes tried, nearest first. Every place outside a box is farther
 * than its radius, so once a box holds a page whose last place lies within the radius,
 * the page is exact; otherwise the next, larger box is tried, and at last none.
 */
const BOX_RADII_KM = [10, 50, 200, 1000];

export type SearchQuery = Omit<ProviderSearchQuery, 'cashlessFor'>;

/** Offsets, opaque to the client (api-v1.md, Paging): results are ordered by rank or distance, not by a key. */
function encodeOffset(n: number): string {
  return Buffer.from(`o:${n}`).toString('base64url');
}
function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o:(\d{1,9})$/u.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new ServiceError('invalid_request', 'Unknown cursor.', { in: 'querystring', fields: ['cursor'] });
  return Number(m[1]);
}

type Text = { kind: 'exact' | 'typo'; words: string[]; match: string };

/**
 * Provider search (network.md): full text over name, address and city, the filters,
 * cashless for one plan, nearest first by great-circle distance, paged.
 */
export class ProviderSearch {
  private trigram?: Promise<string>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: StoreKind,
  ) {}

  /**
   * `plan`: the caller's plan when `cashlessFor` named a policy (undefined: none of its places
   * is cashless). On PostgreSQL one read-only transaction, so the total and the page see the
   * same rows, with planner costs for SSD storage set for it alone: with the defaults the
   * planner reads a whole table rather than the full-text index for a common word.
   */
  async search(q: SearchQuery, cashlessFor: { plan: string | undefined } | undefined): Promise<ProviderList> {
    if (this.kind === 'sqlite')
      return new SearchRun(this.db, this.kind, () => this.trigramOps()).search(q, cashlessFor);
    return this.db
      .transaction()
      .execute(async (trx) => new SearchRun(trx, this.kind, () => this.trigramOps()).search(q, cashlessFor));
  }

  private trigramOps(): Promise<string> {
    this.trigram ??= trigramSchema(this.db);
    return this.trigram;
  }
}

/** One search, on one connection (a transaction on PostgreSQL). */
class SearchRun {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: StoreKind,
    private readonly trigramOps: () => Promise<string>,
  ) {}

  async search(q: SearchQuery, cashlessFor: { plan: string | undefined } | undefined): Promise<ProviderList> {
    const offset = decodeOffset(q.cursor);
    const words = q.q === undefined ? [] : searchWords(q.q);
    if (q.q !== undefined && words.length === 0) {
      throw new ServiceError('invalid_request', 'Search with letters or digits.', {
        in: 'querystring',
        fields: ['q'],
      });
    }
    if (q.cashlessOnly && !cashlessFor) {
      throw new ServiceError('invalid_request', 'cashlessOnly needs cashlessFor.', {
        in: 'querystring',
        fields: ['cashlessOnly'],
      });
    }
    const plan = cashlessFor?.plan;
    if (q.cashlessOnly && plan === undefined) return { providers: [], total: 0 };
    if (this.kind === 'postgres') {
      // For this transaction alone, in one round trip: SSD costs (see ProviderSearch.search), and
      // on the narrow table no whole-table read — the planner prices `@@` as a comparison and
      // would test every row (3x the index's time at 100,000); its full-text index is the way in.
      await sql`select set_config('random_page_cost', '1.1', true),
        set_config('enable_seqscan', ${this.readsNarrow(q, words) ? 'off' : 'on'}, true)`.execute(this.db);
    }

    let text: Text | undefined =
      words.length > 0
        ? { kind: 'exact', words, match: this.kind === 'sqlite' ? fts5Match(words) : tsQuery(words) }
        : undefined;
    let rows: Array<ProviderRow & { distance_km?: number | null }>;
    let total: number;
    if (!q.near) {
      // Nothing as typed: the same words with one typing error each.
      let page = await this.ranked(q, text, plan, offset);
      if (page.length === 0 && text && offset === 0) {
        text = await this.typoText(words);
        page = text ? await this.ranked(q, text, plan, offset) : [];
      }
      // Words that match nothing, not even with a typing error: no provider, none counted.
      if (words.length > 0 && !text) return { providers: [], total: 0 };
      rows = page;
      const counted = page[0]?.total_rows;
      total =
        counted !== undefined
          ? Number(counted)
          : page.length === 0 && offset === 0
            ? 0
            : await this.count(q, text, plan);
    } else {
      total = await this.count(q, text, plan);
      if (total === 0 && text) {
        text = await this.typoText(words);
        total = text ? await this.count(q, text, plan) : 0;
      }
      if (total === 0 || offset >= total) return { providers: [], total };
      rows = await this.nearest(q, text, plan, offset);
    }
    const hasMore = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const plans = await this.plansOf(page.map((r) => r.seq));
    const providers: ProviderHit[] = page.map((r) => {
      const p = providerFromRow(r, plans.get(r.seq) ?? []);
      return {
        ...p,
        ...(cashlessFor ? { cashless: plan !== undefined && p.cashlessPlans.includes(plan) } : {}),
        ...(r.distance_km !== null && r.distance_km !== undefined
          ? { distanceKm: Math.round(r.distance_km * 100) / 100 }
          : {}),
      };
    });
    return { providers, total, ...(hasMore ? { nextCursor: encodeOffset(offset + q.limit) } : {}) };
  }

  /**
   * PostgreSQL: text alone, or with filters that need only a provider's key, reads the narrow
   * provider_search (key, name, active, tsvector: migration 014) in place of the wide rows.
   */
  private readsNarrow(q: SearchQuery, text: Text | string[] | undefined): boolean {
    const hasText = Array.isArray(text) ? text.length > 0 : text !== undefined;
    return this.kind === 'postgres' && hasText && !q.province && !q.city && !q.type && !q.near;
  }

  /** The same words, each with the providers' terms one typing error away; undefined when none is. */
  private async typoText(words: string[]): Promise<Text | undefined> {
    const alternatives = new Map<string, string[]>();
    for (const w of words) {
      if (w.length < TYPO_MIN_LENGTH) continue;
      alternatives.set(w, oneEditAway(w, await this.candidates(w)));
    }
    if ([...alternatives.values()].every((a) => a.length === 0)) return undefined;
    return {
      kind: 'typo',
      words,
      match: this.kind === 'sqlite' ? fts5Match(words, alternatives) : tsQuery(words, alternatives),
    };
  }

  /**
   * Terms a single edit may reach. PostgreSQL: by trigram similarity (a GIN index), with a
   * threshold low enough for one letter changed in a short word; SQLite: by length.
   */
  private async candidates(word: string): Promise<string[]> {
    if (this.kind === 'sqlite') {
      const { rows } = await sql<{ term: string }>`select term from provider_terms
        where length(term) >= ${word.length - 1}`.execute(this.db);
      return rows.map((r) => r.term);
    }
    const ops = await this.trigramOps();
    // For the rest of this search's transaction; only `%` reads it.
    await sql`set local pg_trgm.similarity_threshold = 0.2`.execute(this.db);
    const { rows } = await sql<{ term: string }>`select term from provider_terms
      where term ${sql.raw(`OPERATOR("${ops}".%)`)} ${word}`.execute(this.db);
    return rows.map((r) => r.term);
  }

  /** FROM and WHERE of a search: every filter, the text, and the box around `near` when given. */
  private where(
    q: SearchQuery,
    text: Text | undefined,
    plan: string | undefined,
    boxKm?: number,
  ): { from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
    const conditions: RawBuilder<unknown>[] = [sql`p.active = 1`];
    let from: RawBuilder<unknown> = this.readsNarrow(q, text) ? sql`provider_search p` : sql`providers p`;
    if (q.province) conditions.push(sql`lower(p.province) = lower(${q.province})`);
    if (q.city) conditions.push(sql`lower(p.city) = lower(${q.city})`);
    if (q.type) conditions.push(sql`p.type = ${q.type}`);
    if (q.service) {
      conditions.push(
        sql`exists (select 1 from provider_services s where s.provider_seq = p.seq and s.service = ${q.service})`,
      );
    }
    if (q.cashlessOnly && plan !== undefined) {
      conditions.push(
        sql`exists (select 1 from provider_plans c where c.provider_seq = p.seq and c.plan_code = ${plan})`,
      );
    }
    if (text && this.kind === 'sqlite') {
      from = sql`providers p join providers_fts on providers_fts.rowid = p.seq`;
      conditions.push(sql`providers_fts match ${text.match}`);
    } else if (text) {
      conditions.push(sql`p.search @@ to_tsquery('simple', ${text.match})`);
    }
    if (q.near && boxKm !== undefined) {
      const dLat = boxKm / KM_PER_DEGREE;
      const cosLat = Math.cos((Math.min(89, Math.abs(q.near.lat)) * Math.PI) / 180);
      const dLon = boxKm / (KM_PER_DEGREE * cosLat);
      conditions.push(sql`p.lat between ${q.near.lat - dLat} and ${q.near.lat + dLat}`);
      // A box across the antimeridian would need two ranges; there it is left to the distance alone.
      if (q.near.lon - dLon >= -180 && q.near.lon + dLon <= 180) {
        conditions.push(sql`p.lon between ${q.near.lon - dLon} and ${q.near.lon + dLon}`);
      }
    }
    return { from, where: sql.join(conditions, sql` and `) };
  }

  private async count(q: SearchQuery, text: Text | undefined, plan: string | undefined): Promise<number> {
    const { from, where } = this.where(q, text, plan);
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${from} where ${where}`.execute(
      this.db,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Without `near`: by rank (text), then name. A text search ranks every match anyway, so its
   * total comes in the same query (a window count over the ranked rows); a list without text
   * walks an index in name order, and is counted apart. Only a match's key, name and rank are
   * carried through the count and the sort (a whole row each spilled the sort to disk at
   * 10,000 matches); the page's rows are read after.
   */
  private async ranked(
    q: SearchQuery,
    text: Text | undefined,
    plan: string | undefined,
    offset: number,
  ): Promise<Array<ProviderRow & { total_rows?: number | string }>> {
    const { from, where } = this.where(q, text, plan);
    const page = sql`limit ${q.limit + 1} offset ${offset}`;
    if (!text) {
      const { rows } = await sql<ProviderRow>`select p.* from ${from} where ${where}
        order by p.name, p.seq ${page}`.execute(this.db);
      return rows;
    }
    // bm25() may not stand beside a window function (SQLite): it is computed a level down.
    const rank =
      this.kind === 'sqlite'
        ? sql`bm25(providers_fts, 10.0, 1.0, 4.0)`
        : sql`-ts_rank(p.search, to_tsquery('simple', ${text.match}))`;
    // PostgreSQL: `offset 0` keeps the subquery whole, so the rank is computed in it and the
    // window's store holds key, name and rank; flattened, it held each match's tsvector and
    // ranked above it, and a backend's memory churn doubled the time (26 → 14 ms, 12,000 matches).
    const fence = this.kind === 'postgres' ? sql`offset 0` : sql``;
    const { rows } = await sql<ProviderRow & { total_rows: number | string }>`select p.*, t.total_rows
      from (select r.seq, r.name, r.rank_value, count(*) over () as total_rows
        from (select p.seq, p.name, ${rank} as rank_value from ${from} where ${where} ${fence}) r
        order by r.rank_value, r.name, r.seq ${page}) t
      join providers p on p.seq = t.seq
      order by t.rank_value, t.name, t.seq`.execute(this.db);
    return rows;
  }

  /** With `near`: by great-circle distance, in the database, inside growing boxes. */
  private async nearest(q: SearchQuery, text: Text | undefined, plan: string | undefined, offset: number) {
    const { lat, lon } = q.near!;
    const least = this.kind === 'sqlite' ? 'min' : 'least';
    const la = sql`cast(${lat} as double precision)`;
    const lo = sql`cast(${lon} as double precision)`;
    const distance = sql`(2 * ${sql.raw(String(EARTH_KM))} * asin(${sql.raw(least)}(1.0, sqrt(
      power(sin(radians(p.lat - ${la}) / 2), 2) +
      cos(radians(${la})) * cos(radians(p.lat)) * power(sin(radians(p.lon - ${lo}) / 2), 2)))))`;
    const wanted = offset + q.limit + 1;
    for (const km of BOX_RADII_KM) {
      const { from, where } = this.where(q, text, plan, km);
      const { rows } = await sql<ProviderRow & { distance_km: number }>`select p.*, ${distance} as distance_km
        from ${from} where ${where} order by distance_km, p.seq limit ${wanted}`.execute(this.db);
      if (rows.length === wanted && rows[wanted - 1]!.distance_km <= km) return rows.slice(offset);
    }
    // No box was enough: all of them, and those without a location last.
    const { from, where } = this.where(q, text, plan);
    const { rows } = await sql<ProviderRow & { distance_km: number | null }>`select p.*,
      case when p.lat is null or p.lon is null then null else ${distance} end as distance_km
      from ${from} where ${where}
      order by case when p.lat is null or p.lon is null then 1 else 0 end, distance_km, p.seq
      limit ${q.limit + 1} offset ${offset}`.execute(this.db);
    return rows;
  }

  private async plansOf(seqs: number[]): Promise<Map<number, string[]>> {
    const plans = new Map<number, string[]>();
    if (seqs.length === 0) return plans;
    const rows = await this.db
      .selectFrom('provider_plans')
      .select(['provider_seq', 'plan_code'])
      .where('provider_seq', 'in', seqs)
      .orderBy('plan_code')
      .execute();
    for (const r of rows) {
      const seq = Number(r.provider_seq);
      plans.set(seq, [...(plans.get(seq) ?? []), r.plan_code]);
    }
    return plans;
  }
}
