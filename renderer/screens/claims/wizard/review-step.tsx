import { useTranslation } from 'react-i18next';
import type { BankList, Benefits, Claim } from '../../../../contract/api/claims';
import type { PortalError } from '../../../../contract/ipc';
import { Outcome } from '../../../components/ui';
import { longDate, rupiah } from '../../../format';
import { BenefitTable } from '../benefit-table';
import { RuleList } from '../claim-bits';
import { StepNav, type NavProps } from './step-nav';

/** Step 6: the whole claim to check, what is left of the benefits, and Kirim; a refusal says where to fix. */
export function ReviewStep(p: {
  nav: NavProps;
  claim: Claim;
  banks: BankList['banks'];
  benefits: Benefits | null;
  saving: { error: PortalError | null; busy: boolean; running: boolean };
  onSubmit: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { claim } = p;
  return (
    <div>
      <dl className="facts">
        <dt>{t('claims.policy')}</dt>
        <dd>{claim.policyNumber}</dd>
        <dt>{t('claims.person')}</dt>
        <dd>{claim.person.fullName}</dd>
        <dt>{t('claims.steps.type')}</dt>
        <dd>{t(`claims.type.${claim.type}`)}</dd>
        <dt>{t('claims.event')}</dt>
        <dd>
          {[
            claim.event.admissionDate && claim.event.dischargeDate
              ? `${longDate(claim.event.admissionDate, lang)} – ${longDate(claim.event.dischargeDate, lang)}`
              : claim.event.date && longDate(claim.event.date, lang),
            claim.event.providerName,
            claim.event.diagnosis,
          ]
            .filter(Boolean)
            .join(' · ') || '—'}
        </dd>
        <dt>{t('claims.claimedAmount')}</dt>
        <dd>{claim.amountClaimed === undefined ? '—' : rupiah(claim.amountClaimed, lang)}</dd>
        <dt>{t('claims.files')}</dt>
        <dd>{claim.files.map((f) => `${t(`claims.kind.${f.kind}`)}: ${f.fileName}`).join('; ') || '—'}</dd>
        <dt>{t('claims.payoutTo')}</dt>
        <dd>
          {claim.payout
            ? `${p.banks.find((b) => b.code === claim.payout!.bankCode)?.name ?? claim.payout.bankCode} ${claim.payout.accountNumberMasked} · ${claim.payout.accountHolder}`
            : '—'}
        </dd>
      </dl>
      <BenefitTable benefits={p.benefits} />
      <RuleList error={p.saving.error} onFix={p.nav.onBack} />
      <Outcome of={p.saving} />
      <StepNav {...p.nav} onNext={p.onSubmit} nextLabel={t('claims.submit')} disabled={p.saving.running} />
    </div>
  );
}
