import type { Kysely } from 'kysely';
import type { Provider, ProviderList, ProviderSearchQuery, Regions } from '../../../contract/api/network';
import type { StoreKind } from '../../store/connect';
import type { Database } from '../../store/schema';
import { coverOf } from '../claims/catalogue';
import { ServiceError } from '../errors';
import type { Principal } from '../identity/sessions';
import type { ClaimantView, Policies } from '../policies/policies';
import { providerFromRow } from './provider-rows';
import { ProviderSearch } from './search';

/** The health plan a policy's basic cover is, if any: the code the provider file lists for cashless. */
export function planOf(view: Pick<ClaimantView, 'productName'>): { code: string; name: string } | undefined {
  const code = coverOf(view.productName)?.planCode;
  return code ? { code, name: view.productName } : undefined;
}

/** Daftar Rumah Sakit & Klinik Rekanan (network.md): search, one provider, the regions present. */
export class Network {
  private readonly finder: ProviderSearch;

  constructor(
    private readonly db: Kysely<Database>,
    kind: StoreKind,
    private readonly policies: Policies,
  ) {
    this.finder = new ProviderSearch(db, kind);
  }

  /** `cashlessFor` must be one of the caller's own policies; another's answers as a missing one. */
  async search(p: Principal, q: ProviderSearchQuery): Promise<ProviderList> {
    const { cashlessFor, ...rest } = q;
    let plan: { plan: string | undefined } | undefined;
    if (cashlessFor !== undefined) {
      const view = await this.policies.claimantView(p.customerId, cashlessFor);
      if (!view) throw new ServiceError('not_found', 'No such policy.');
      plan = { plan: planOf(view)?.code };
    }
    return this.finder.search(rest, plan);
  }

  /** One provider, an inactive one too (an old claim still names it). */
  async get(providerId: string): Promise<Provider> {
    const row = await this.db.selectFrom('providers').selectAll().where('id', '=', providerId).executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such provider.');
    const plans = await this.db
      .selectFrom('provider_plans')
      .select('plan_code')
      .where('provider_seq', '=', row.seq)
      .orderBy('plan_code')
      .execute();
    return providerFromRow(
      row,
      plans.map((x) => x.plan_code),
    );
  }

  /** Provinces and their cities where an active provider is, in alphabetical order. */
  async regions(): Promise<Regions> {
    const rows = await this.db
      .selectFrom('providers')
      .select(['province', 'city'])
      .distinct()
      .where('active', '=', 1)
      .orderBy('province')
      .orderBy('city')
      .execute();
    const provinces: Regions['provinces'] = [];
    for (const r of rows) {
      const last = provinces.at(-1);
      if (last?.name === r.province) last.cities.push(r.city);
      else provinces.push({ name: r.province, cities: [r.city] });
    }
    return { provinces };
  }
}
