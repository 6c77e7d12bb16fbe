import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  ProviderServiceSchema,
  ProviderTypeSchema,
  type ProviderHit,
  type Regions,
} from '../../../contract/api/network';
import type { PolicySummary } from '../../../contract/api/policies';
import { CITIES } from '../../../contract/cities';
import { useApp } from '../../app-context';
import { Outcome, Select, useAction } from '../../components/ui';
import { openAt } from './opening-hours';

const ProviderMap = lazy(() => import('./provider-map'));

/** Typing settles this long before the list asks again. */
const DEBOUNCE_MS = 300;

/** The search's state lives in the address, so going back to the list finds it as it was. */
const PARAMS = {
  q: 'q',
  province: 'provinsi',
  city: 'kota',
  type: 'jenis',
  service: 'layanan',
  cashlessFor: 'polis',
  cashlessOnly: 'cashless',
  near: 'dekat',
} as const;
type Filter = keyof typeof PARAMS;

/** One place in the list: what, where, how far, cashless, open now. */
function ProviderCard({ p, onPick }: { p: ProviderHit; onPick?: (p: ProviderHit) => void }) {
  const { t, i18n } = useTranslation();
  const open = openAt(p, new Date());
  const km = (n: number) =>
    new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }).format(n);
  return (
    <li className="claim-card provider-card">
      <p>
        <Link to={`/rumah-sakit/${p.providerId}`} state={{ cashless: p.cashless }}>
          <strong>{p.name}</strong>
        </Link>{' '}
        <span className="hint">{t(`network.types.${p.type}`)}</span>
        {p.cashless && <span className="status-badge cashless"> {t('network.cashless')}</span>}
      </p>
      <p className="hint">
        {p.address}, {p.city}
        {p.distanceKm !== undefined ? ` · ${t('network.distance', { km: km(p.distanceKm) })}` : ''}
        {open !== undefined
          ? ` · ${p.open24h ? t('network.open24h') : open ? t('network.openNow') : t('network.closedNow')}`
          : ''}
      </p>
      {onPick && (
        <p>
          <button type="button" onClick={() => onPick(p)} aria-label={`${t('network.pick')}: ${p.name}`}>
            {t('network.pick')}
          </button>
        </p>
      )}
    </li>
  );
}

/**
 * The provider search (network.md, The app): the box answers as one types, the filters,
 * "Di dekat" a city the person picks, cashless for one of their policies, paging, and the
 * map beside the list where tiles are configured. With `onPick`, each place can be chosen
 * (the claim wizard), and the search keeps its state to itself instead of the address.
 */
export function ProviderFinder({ onPick }: { onPick?: (p: ProviderHit) => void }) {
  const { t } = useTranslation();
  const { portal, info } = useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  latest.current = params;
  const fromAddress = () =>
    Object.fromEntries((Object.keys(PARAMS) as Filter[]).map((f) => [f, params.get(PARAMS[f]) ?? '']));
  // What the controls show, at once: the address follows (a router update may come a moment later).
  const [local, setLocal] = useState<Record<string, string>>(() => (onPick ? {} : fromAddress()));
  const addressKey = params.toString();
  // The addresses this screen wrote and the router has not reported yet, oldest first.
  const written = useRef<string[]>([]);
  useEffect(() => {
    if (onPick) return;
    // The router catching up with what was chosen here: the controls are ahead of it already.
    // (Taking such an address back would undo, for a moment, what was chosen after it.)
    const mine = written.current.indexOf(addressKey);
    if (mine >= 0) {
      written.current.splice(0, mine + 1);
      return;
    }
    // Back and forward move the address: the controls follow it.
    written.current = [];
    setLocal(fromAddress());
  }, [addressKey]);
  const value = (f: Filter) => local[f] ?? '';
  const set = (f: Filter, v: string) => {
    setLocal((l) => ({ ...l, [f]: v }));
    if (onPick) return;
    // From the newest address (a ref: the box's delayed write runs in an older render's
    // closure, and must not undo a filter chosen meanwhile).
    const next = new URLSearchParams(latest.current);
    if (v) next.set(PARAMS[f], v);
    else next.delete(PARAMS[f]);
    latest.current = next;
    written.current.push(next.toString());
    // Typing replaces the entry; a filter is a step back can return to.
    setParams(next, { replace: f === 'q' });
  };

  const [regions, setRegions] = useState<Regions | null>(null);
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [typed, setTyped] = useState(value('q'));
  const [results, setResults] = useState<{ providers: ProviderHit[]; total: number; nextCursor?: string } | null>(null);
  const search = useAction();
  const more = useAction();
  const asked = useRef(0);

  useEffect(() => {
    void portal.network.regions().then((r) => r.ok && setRegions(r.value));
    void portal.policies.list().then((r) => r.ok && setPolicies(r.value.policies));
  }, [portal]);

  // The box: the address (or the picker's state) follows what is typed once typing settles.
  useEffect(() => {
    const timer = setTimeout(() => {
      const q = typed.trim();
      if (q.length === 1 || q === value('q')) return;
      set('q', q);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const query = () => {
    const near = CITIES.find((c) => c.name === value('near'));
    const cashlessFor = value('cashlessFor');
    return {
      ...(value('q') ? { q: value('q') } : {}),
      ...(value('province') ? { province: value('province') } : {}),
      ...(value('city') ? { city: value('city') } : {}),
      ...(value('type') ? { type: ProviderTypeSchema.parse(value('type')) } : {}),
      ...(value('service') ? { service: ProviderServiceSchema.parse(value('service')) } : {}),
      ...(cashlessFor ? { cashlessFor } : {}),
      ...(cashlessFor && value('cashlessOnly') === 'ya' ? { cashlessOnly: true } : {}),
      ...(near ? { near: { lat: near.lat, lon: near.lon } } : {}),
    };
  };
  const key = JSON.stringify(query());

  useEffect(() => {
    // Only the newest question's answer is shown: an older one may arrive after it.
    const mine = ++asked.current;
    void search
      .run(() => portal.network.search(JSON.parse(key)))
      .then((r) => {
        if (r && mine === asked.current) setResults(r);
      });
  }, [portal, key]);

  const loadMore = async () => {
    if (!results?.nextCursor) return;
    const r = await more.run(() => portal.network.search({ ...query(), cursor: results.nextCursor }));
    if (r) setResults({ ...r, providers: [...results.providers, ...r.providers] });
  };

  const provinces = regions?.provinces ?? [];
  const cities = (value('province') ? provinces.filter((p) => p.name === value('province')) : provinces).flatMap(
    (p) => p.cities,
  );
  const searchId = useId();
  return (
    <div className="finder">
      <div className="field">
        <label htmlFor={searchId}>{t('network.search')}</label>
        <input
          id={searchId}
          name="q"
          type="search"
          value={typed}
          maxLength={200}
          onChange={(e) => setTyped(e.target.value)}
          // Inside another form (the claim wizard) Enter must not send that form.
          onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
          aria-describedby={`${searchId}-hint`}
        />
        <p className="hint" id={`${searchId}-hint`}>
          {t('network.searchHint')}
        </p>
      </div>
      <fieldset className="filters">
        <legend>{t('network.filters')}</legend>
        <Select
          name="province"
          label={t('network.province')}
          none={t('network.any')}
          value={value('province')}
          onChange={(v) => set('province', v)}
          options={provinces.map((p) => [p.name, p.name])}
        />
        <Select
          name="city"
          label={t('network.city')}
          none={t('network.any')}
          value={value('city')}
          onChange={(v) => set('city', v)}
          options={cities.map((c) => [c, c])}
        />
        <Select
          name="type"
          label={t('network.type')}
          none={t('network.any')}
          value={value('type')}
          onChange={(v) => set('type', v)}
          options={ProviderTypeSchema.options.map((x) => [x, t(`network.types.${x}`)])}
        />
        <Select
          name="service"
          label={t('network.service')}
          none={t('network.any')}
          value={value('service')}
          onChange={(v) => set('service', v)}
          options={ProviderServiceSchema.options.map((x) => [x, t(`network.serviceNames.${x}`)])}
        />
        <Select
          name="near"
          label={t('network.near')}
          none={t('network.nearNone')}
          value={value('near')}
          onChange={(v) => set('near', v)}
          options={CITIES.map((c) => [c.name, c.name])}
        />
        <Select
          name="cashlessFor"
          label={t('network.cashlessFor')}
          none={t('network.cashlessNone')}
          value={value('cashlessFor')}
          onChange={(v) => set('cashlessFor', v)}
          options={policies.map((p) => [p.policyNumber, `${p.productName} (${p.policyNumber})`])}
        />
        {value('cashlessFor') && (
          <div className="check">
            <input
              id={`${searchId}-cashless`}
              type="checkbox"
              checked={value('cashlessOnly') === 'ya'}
              onChange={(e) => set('cashlessOnly', e.target.checked ? 'ya' : '')}
            />
            <label htmlFor={`${searchId}-cashless`}>{t('network.cashlessOnly')}</label>
          </div>
        )}
      </fieldset>
      <Outcome of={search} />
      <p role="status" aria-live="polite" className="found">
        {results && (results.total === 0 ? t('network.none') : t('network.found', { count: results.total }))}
      </p>
      <div className={info.mapTileUrl ? 'finder-results with-map' : 'finder-results'}>
        {results && results.providers.length > 0 && (
          <ul className="claims">
            {results.providers.map((p) => (
              <ProviderCard key={p.providerId} p={p} onPick={onPick} />
            ))}
          </ul>
        )}
        {info.mapTileUrl && results && results.providers.length > 0 && (
          <Suspense fallback={null}>
            <ProviderMap
              tileUrl={info.mapTileUrl}
              attribution={info.mapAttribution}
              providers={results.providers}
              label={t('network.map')}
              onOpen={(id) => !onPick && navigate(`/rumah-sakit/${id}`)}
            />
          </Suspense>
        )}
      </div>
      {results?.nextCursor && (
        <p>
          <button type="button" className="secondary" onClick={() => void loadMore()} disabled={more.running}>
            {t('network.more')}
          </button>
        </p>
      )}
      <Outcome of={more} />
    </div>
  );
}
