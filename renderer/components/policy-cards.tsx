import { HeartPulse, Moon, ShieldCheck, Users } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PolicySummary } from '../../contract/api/policies';
import { Status } from './status';
import { longDate as date, rupiah } from '../format';

/** A policy's kind at a glance: a sharia one, a group's, a health cover (it has a member card), or life. */
function KindIcon({ p }: { p: PolicySummary }) {
  const Icon =
    p.policyType === 'sharia' ? Moon : p.policyType === 'group' ? Users : p.memberCard ? HeartPulse : ShieldCheck;
  return <Icon aria-hidden="true" size={22} />;
}

/** The person's policies as cards: product, number, status, the next premium (kontribusi). */
export function PolicyCards({ policies, level = 3 }: { policies: PolicySummary[]; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const { t, i18n } = useTranslation();
  if (policies.length === 0) return <p>{t('home.noPolicies')}</p>;
  return (
    <ul className="cards">
      {policies.map((p) => (
        <li key={p.policyNumber} className="card">
          <Heading className="policy-kind">
            <KindIcon p={p} />
            <Link to={`/polis/${p.policyNumber}`}>{p.productName}</Link>
          </Heading>
          <p>
            {p.policyNumber} <Status kind="policy" status={p.status} />
          </p>
          {p.sumAssured > 0 && (
            <>
              <p className="hint">{t('home.sumAssured')}</p>
              <p className="figure">{rupiah(p.sumAssured, i18n.language)}</p>
            </>
          )}
          {p.premium.nextDueDate && p.premium.amount > 0 && (
            <p>
              {t('home.nextDue', {
                date: date(p.premium.nextDueDate, i18n.language),
                context: p.policyType === 'sharia' ? 'sharia' : undefined,
              })}{' '}
              · {rupiah(p.premium.amount, i18n.language)}
            </p>
          )}
          {p.memberCard && (
            <p>
              <Link to={`/polis/${p.policyNumber}/kartu`} aria-label={t('card.openFor', { policy: p.policyNumber })}>
                {t('card.open')}
              </Link>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
