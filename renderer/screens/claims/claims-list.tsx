import { Plus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ClaimStatusSchema, type ClaimStatus, type ClaimSummary } from '../../../contract/api/claims';
import type { PolicySummary } from '../../../contract/api/policies';
import { EmptyState } from '../../components/feedback';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { Outcome, Skeleton, StepHeading, useAction } from '../../components/ui';
import { longDate, longDay, rupiah } from '../../format';
import { StatusBadge } from './claim-bits';
import { ClaimTracker } from './claim-tracker';

/** One claim in a list: number, type, person, status, money, and where it leads. */
export function ClaimCard({ c, tracker }: { c: ClaimSummary; tracker?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const to = c.status === 'draft' ? `/klaim/${c.claimId}/ubah` : `/klaim/${c.claimId}`;
  return (
    <li className="claim-card">
      <p>
        <Link to={to}>{c.status === 'draft' ? t('claims.continue') : t('claims.open', { number: c.claimNumber })}</Link>{' '}
        <StatusBadge status={c.status} />
      </p>
      {tracker && <ClaimTracker claim={c} compact />}
      <p className="hint">
        {c.claimNumber} · {t(`claims.type.${c.type}`)} · {c.person.fullName} · {c.policyNumber}
        {c.providerName ? ` · ${c.providerName}` : ''}
      </p>
      <p className="hint">
        {c.submittedAt
          ? t('claims.submittedOn', { date: longDay(c.submittedAt, lang) })
          : t('claims.createdOn', { date: longDay(c.createdAt, lang) })}
        {c.amountClaimed !== undefined ? ` · ${t('claims.claimedAmount')} ${rupiah(c.amountClaimed, lang)}` : ''}
        {c.paidAmount !== undefined ? ` · ${t('claims.paidAmount')} ${rupiah(c.paidAmount, lang)}` : ''}
        {c.expectedDecisionDate && !c.paidAmount
          ? ` · ${t('claims.expected')}: ${longDate(c.expectedDecisionDate, lang)}`
          : ''}
      </p>
    </li>
  );
}

/** Klaim: every claim with its status, filtered by status and policy; moves arrive live. */
export function ClaimsList() {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [claims, setClaims] = useState<ClaimSummary[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [status, setStatus] = useState<ClaimStatus | ''>('');
  const [policy, setPolicy] = useState('');
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const [tick, setTick] = useState(0);
  const load = useAction();

  useEffect(() => {
    void portal.policies.list().then((r) => r.ok && setPolicies(r.value.policies));
    return portal.claims.onUpdated(() => setTick((n) => n + 1));
  }, [portal]);

  useEffect(() => {
    void load
      .run(() => portal.claims.list({ ...(status ? { status } : {}), ...(policy ? { policyNumber: policy } : {}) }))
      .then((r) => {
        if (!r) return;
        setClaims(r.claims);
        setNext(r.nextCursor);
      });
  }, [portal, status, policy, tick]);

  const more = async () => {
    const r = await load.run(() =>
      portal.claims.list({ ...(status ? { status } : {}), ...(policy ? { policyNumber: policy } : {}), cursor: next }),
    );
    if (!r) return;
    setClaims((old) => [...(old ?? []), ...r.claims]);
    setNext(r.nextCursor);
  };

  return (
    <section>
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('claims.title')}</StepHeading>
      <p>
        <Link to="/klaim/baru" className="button">
          <Plus aria-hidden="true" size={16} /> {t('claims.new')}
        </Link>
      </p>
      <div className="filters">
        <div className="field">
          <label htmlFor="claims-status">{t('claims.filterStatus')}</label>
          <select id="claims-status" value={status} onChange={(e) => setStatus(e.target.value as ClaimStatus | '')}>
            <option value="">{t('claims.all')}</option>
            {ClaimStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {t(`claims.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="claims-policy">{t('claims.filterPolicy')}</label>
          <select id="claims-policy" value={policy} onChange={(e) => setPolicy(e.target.value)}>
            <option value="">{t('claims.all')}</option>
            {policies.map((p) => (
              <option key={p.policyNumber} value={p.policyNumber}>
                {p.policyNumber}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Outcome of={load} />
      {!claims && !load.error && <Skeleton />}
      {claims && claims.length === 0 && <EmptyState text={t('claims.empty')} next={t('claims.emptyNext')} />}
      {claims && claims.length > 0 && (
        <ul className="claims">
          {claims.map((c) => (
            <ClaimCard key={c.claimId} c={c} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className="secondary" onClick={() => void more()}>
          {t('claims.more')}
        </button>
      )}
    </section>
  );
}
