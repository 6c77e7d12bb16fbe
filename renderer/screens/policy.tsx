import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PolicyHistory } from './requests/requests-list';
import type { DocumentSummary, PolicyDetail } from '../../contract/api/policies';
import { useApp } from '../app-context';
import type { Benefits } from '../../contract/api/claims';
import { BenefitTable } from './claims/benefit-table';
import { AutodebitPanel } from './payments/autodebit-panel';
import { FundPanel } from './funds/fund-panel';
import { Outcome, StepHeading, useAction } from '../components/ui';
import { decimal4, fileSize, longDate, rupiah } from '../format';

/** Informasi Polis for one policy, and its Dokumen Polis. */
export function Policy() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { portal } = useApp();
  const { policyNumber = '' } = useParams();
  const [policy, setPolicy] = useState<PolicyDetail | null>(null);
  const [documents, setDocuments] = useState<DocumentSummary[] | null>(null);
  const [benefits, setBenefits] = useState<Benefits | null>(null);
  const action = useAction();

  useEffect(() => {
    void action.run(() => portal.policies.get({ policyNumber })).then((r) => r && setPolicy(r.policy));
    void portal.policies.documents({ policyNumber }).then((r) => r.ok && setDocuments(r.value.documents));
    void portal.claims.benefits({ policyNumber }).then((r) => setBenefits(r.ok ? r.value : null));
  }, [policyNumber]);

  if (!policy)
    return (
      <section>
        <Outcome of={action} />
        {/* A policy that failed to load still has a way up. */}
        <p>
          <Link to="/polis">{t('policy.back')}</Link>
        </p>
      </section>
    );
  const sharia = policy.policyType === 'sharia';
  return (
    <section>
      <StepHeading>{policy.productName}</StepHeading>
      <p>
        <Link to="/polis">{t('policy.back')}</Link>
      </p>
      <h2>{t('policy.summary')}</h2>
      <dl className="facts">
        <dt>{t('policy.number')}</dt>
        <dd>{policy.policyNumber}</dd>
        <dt>{t('policy.holder')}</dt>
        <dd>{policy.policyholderName}</dd>
        <dt>{t('policy.start')}</dt>
        <dd>{longDate(policy.startDate, lang)}</dd>
        <dt>{t('policy.sumAssured')}</dt>
        <dd>{rupiah(policy.sumAssured, lang)}</dd>
        <dt>{sharia ? t('policy.contribution') : t('policy.premium')}</dt>
        <dd>
          {rupiah(policy.premium.amount, lang)} ({t(`policy.frequency.${policy.premium.frequency}`)})
          {policy.premium.nextDueDate
            ? ` · ${t('home.nextDue', { date: longDate(policy.premium.nextDueDate, lang), context: sharia ? 'sharia' : undefined })}`
            : ''}
        </dd>
        {policy.tabarruAmount !== null && (
          <>
            <dt>{t('policy.tabarru')}</dt>
            <dd>{rupiah(policy.tabarruAmount, lang)}</dd>
          </>
        )}
        {policy.premium.paymentMethod && (
          <>
            <dt>{t('policy.paymentMethod')}</dt>
            <dd>{policy.premium.paymentMethod}</dd>
          </>
        )}
      </dl>
      <AutodebitPanel policyNumber={policy.policyNumber} />
      <h2>{t('policy.insured')}</h2>
      <ul>
        {policy.insured.map((i) => (
          <li key={i.fullName}>
            {i.fullName}
            {i.memberNumber ? ` (${i.memberNumber})` : ''}
          </li>
        ))}
      </ul>
      <h2>{t('policy.coverages')}</h2>
      <ul>
        {policy.coverages.map((c) => (
          <li key={c.name}>
            {c.name} — {t(`policy.${c.kind}`)}, {rupiah(c.sumAssured, lang)}
          </li>
        ))}
      </ul>
      <BenefitTable benefits={benefits} />
      {['active', 'grace_period'].includes(policy.status) && (
        <p>
          <Link to={`/klaim/baru?polis=${encodeURIComponent(policy.policyNumber)}`}>{t('claims.makeClaim')}</Link>
        </p>
      )}
      <PolicyHistory policyNumber={policy.policyNumber} />
      {policy.memberCard && (
        <p>
          <Link to={`/polis/${encodeURIComponent(policy.policyNumber)}/kartu`}>{t('card.open')}</Link>
        </p>
      )}
      {policy.beneficiaries.length > 0 && (
        <>
          <h2>{t('policy.beneficiaries')}</h2>
          <ul>
            {policy.beneficiaries.map((b) => (
              <li key={b.fullName}>
                {b.fullName} ({b.relationship}) — {b.sharePercent}%
              </li>
            ))}
          </ul>
        </>
      )}
      {policy.funds && <FundPanel policyNumber={policy.policyNumber} startDate={policy.startDate} />}
      {policy.funds && (
        <>
          <h2>{t('policy.funds')}</h2>
          <ul>
            {policy.funds.map((f) => (
              <li key={f.fundName}>
                {f.fundName}: {decimal4(f.units, lang)} {t('policy.units')} × {decimal4(f.unitPrice, lang)} ={' '}
                {rupiah(f.value, lang)} ({longDate(f.priceDate, lang)})
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('policy.documents')}</h2>
      {documents && documents.length === 0 && <p>{t('policy.noDocuments')}</p>}
      {documents && (
        <ul className="cards">
          {documents.map((d) => (
            <li key={d.documentId} className="card">
              <h3>
                <Link
                  to={`/polis/${encodeURIComponent(policy.policyNumber)}/dokumen/${d.documentId}`}
                  state={{ title: d.title }}
                  aria-label={t('policy.open', { title: d.title })}
                >
                  {d.title}
                </Link>
              </h3>
              <p>
                {t(`policy.category.${d.category}`)} · {longDate(d.issuedAt, lang)} ·{' '}
                {t('policy.pages', { count: d.pageCount })} · {fileSize(d.sizeBytes, lang)}
                {d.passwordProtected ? ` · ${t('policy.protected')}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
