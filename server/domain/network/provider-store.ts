import { sql, type Kysely, type Transaction } from 'kysely';
import type { StoreKind } from '../../store/connect';
import type { Database } from '../../store/schema';
import { newId } from '../identity/secrets';
import type { ProviderInput } from './provider-input';
import { providerTerms } from './search-words';

/** Rows per statement: well inside both engines' parameter limits (17 columns). */
const BATCH = 500;

export interface WriteResult {
  created: number;
  updated: number;
  deactivated: number;
}

/**
 * Writes providers by code inside the caller's transaction: new ones inserted, known ones
 * updated (their id kept, so claims and links keep pointing at them), their services and
 * plans replaced. With `deactivateOthers`, every active provider not written now is marked
 * inactive, never deleted.
 */
export async function writeProviders(
  trx: Transaction<Database> | Kysely<Database>,
  rows: ProviderInput[],
  stamp: number,
  { demo, deactivateOthers }: { demo: boolean; deactivateOthers: boolean },
): Promise<WriteResult> {
  const count = async () =>
    Number(
      (
        await trx
          .selectFrom('providers')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await count();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const written = await trx
      .insertInto('providers')
      .values(
        batch.map((r) => ({
          id: newId(),
          code: r.code,
          name: r.name,
          type: r.type,
          address: r.address,
          city: r.city,
          province: r.province,
          postal_code: r.postal_code ?? null,
          phone: r.phone ?? null,
          lat: r.latitude ?? null,
          lon: r.longitude ?? null,
          services: r.services.join(','),
          opening_hours: r.opening_hours ? JSON.stringify(r.opening_hours) : null,
          open_24h: r.open_24h ? 1 : 0,
          active: 1,
          demo: demo ? 1 : 0,
          updated_at: stamp,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          type: eb.ref('excluded.type'),
          address: eb.ref('excluded.address'),
          city: eb.ref('excluded.city'),
          province: eb.ref('excluded.province'),
          postal_code: eb.ref('excluded.postal_code'),
          phone: eb.ref('excluded.phone'),
          lat: eb.ref('excluded.lat'),
          lon: eb.ref('excluded.lon'),
          services: eb.ref('excluded.services'),
          opening_hours: eb.ref('excluded.opening_hours'),
          open_24h: eb.ref('excluded.open_24h'),
          active: 1,
          demo: eb.ref('excluded.demo'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returning(['seq', 'code'])
      .execute();
    const seqOf = new Map(written.map((w) => [w.code, Number(w.seq)]));
    const seqs = [...seqOf.values()];
    await trx.deleteFrom('provider_services').where('provider_seq', 'in', seqs).execute();
    await trx.deleteFrom('provider_plans').where('provider_seq', 'in', seqs).execute();
    const services = batch.flatMap((r) => r.services.map((service) => ({ provider_seq: seqOf.get(r.code)!, service })));
    const plans = batch.flatMap((r) =>
      r.cashless_plans.map((plan_code) => ({ provider_seq: seqOf.get(r.code)!, plan_code })),
    );
    for (let j = 0; j < services.length; j += BATCH * 2) {
      await trx
        .insertInto('provider_services')
        .values(services.slice(j, j + BATCH * 2))
        .execute();
    }
    for (let j = 0; j < plans.length; j += BATCH * 2) {
      await trx
        .insertInto('provider_plans')
        .values(plans.slice(j, j + BATCH * 2))
        .execute();
    }
  }
  // The words a query with a typing error is compared with (kept when a provider goes: harmless).
  const terms = [...new Set(rows.flatMap((r) => providerTerms(r.name, r.address, r.city)))];
  for (let j = 0; j < terms.length; j += BATCH * 4) {
    await trx
      .insertInto('provider_terms')
      .values(terms.slice(j, j + BATCH * 4).map((term) => ({ term })))
      .onConflict((oc) => oc.column('term').doNothing())
      .execute();
  }
  const created = (await count()) - before;
  let deactivated = 0;
  if (deactivateOthers) {
    const r = await trx
      .updateTable('providers')
      .set({ active: 0, updated_at: stamp })
      .where('active', '=', 1)
      .where('updated_at', '<>', stamp)
      .executeTakeFirst();
    deactivated = Number(r.numUpdatedRows);
  }
  return { created, updated: rows.length - created, deactivated };
}

/**
 * Fresh planner statistics after a bulk write: without them SQLite walks the name index for
 * `active = 1` instead of the location or city index, and a near search reads every row.
 * Outside any transaction (PostgreSQL's VACUUM cannot run inside one).
 */
export async function refreshProviderStatistics(db: Kysely<Database>, kind: StoreKind): Promise<void> {
  const tables = ['providers', 'provider_services', 'provider_plans', 'provider_terms'];
  if (kind === 'postgres') {
    // VACUUM too: its visibility map lets a count read the narrow index instead of every row,
    // and it merges the full-text indexes' pending entries (a search read them all, unsorted:
    // 6.9 ms of a 100,000-provider search's index scan before, 2.6 after).
    await sql`vacuum (analyze) ${sql.join([...tables, 'provider_search'].map((t) => sql.table(t)))}`.execute(db);
    return;
  }
  for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
}
