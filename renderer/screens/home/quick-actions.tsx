import { ClipboardPlus, IdCard, Stethoscope, Wallet } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PolicySummary } from '../../../contract/api/policies';

/** Beranda's quick actions: the four things people come for most, one press away. */
export function QuickActions({ policies }: { policies: PolicySummary[] }) {
  const { t } = useTranslation();
  // The member card of the first policy that has one; none, no tile.
  const card = policies.find((p) => p.memberCard);
  return (
    <nav className="quick" aria-label={t('home.quick')}>
      <Link to="/klaim/baru">
        <ClipboardPlus aria-hidden="true" size={22} />
        {t('home.quickClaim')}
      </Link>
      <Link to="/pembayaran">
        <Wallet aria-hidden="true" size={22} />
        {t('home.quickPay')}
      </Link>
      {card && (
        <Link to={`/polis/${card.policyNumber}/kartu`}>
          <IdCard aria-hidden="true" size={22} />
          {t('home.quickCard')}
        </Link>
      )}
      <Link to="/telekonsultasi">
        <Stethoscope aria-hidden="true" size={22} />
        {t('home.quickConsult')}
      </Link>
    </nav>
  );
}
