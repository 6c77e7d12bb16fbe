import { ClipboardPlus, IdCard, Stethoscope, Wallet, type LucideIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PolicySummary } from '../../../contract/api/policies';

/** Beranda's quick actions: the four things people come for most, one press away. */
export function QuickActions({ policies }: { policies: PolicySummary[] }) {
  const { t } = useTranslation();
  // The member card of the first policy that has one; none, no tile.
  const card = policies.find((p) => p.memberCard);
  const actions: Array<[string, LucideIcon, string]> = [
    ['/klaim/baru', ClipboardPlus, t('home.quickClaim')],
    ['/pembayaran', Wallet, t('home.quickPay')],
    ...(card
      ? [[`/polis/${card.policyNumber}/kartu`, IdCard, t('home.quickCard')] as [string, LucideIcon, string]]
      : []),
    ['/telekonsultasi', Stethoscope, t('home.quickConsult')],
  ];
  return (
    <nav className="quick" aria-label={t('home.quick')}>
      {actions.map(([to, Icon, label]) => (
        <Link key={to} to={to}>
          <Icon aria-hidden="true" size={22} />
          {label}
        </Link>
      ))}
    </nav>
  );
}
