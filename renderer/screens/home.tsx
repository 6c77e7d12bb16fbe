import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { PolicySummary } from '../../contract/api/policies';
import { useApp } from '../app-context';
import { longDate as date, rupiah } from '../format';
import { ErrorMessage, Outcome, StepHeading, useAction } from '../components/ui';

/** Menu Utama: the person's name, the services that work so far, Keluar. */
export function Home() {
  const { t, i18n } = useTranslation();
  const app = useApp();
  const navigate = useNavigate();
  const [policies, setPolicies] = useState<PolicySummary[] | null>(null);
  const action = useAction();
  const logout = useAction();

  useEffect(() => {
    if (!app.user) {
      navigate('/');
      return;
    }
    void action.run(() => app.portal.policies.list()).then((r) => r && setPolicies(r.policies));
  }, [app.user]);

  if (!app.user) return null;
  const changed = app.notices.find((n) => n.code === 'username_changed');
  return (
    <section>
      <StepHeading>{t('home.title')}</StepHeading>
      <p className="hello">{t('home.hello', { name: app.user.fullName })}</p>
      {changed && (
        <p className="notice" role="status">
          {t('home.usernameChanged', { username: changed.newUsername })}
        </p>
      )}
      <h2>{t('home.policies')}</h2>
      <Outcome of={action} />
      {policies && policies.length === 0 && <p>{t('home.noPolicies')}</p>}
      {policies && (
        <ul className="cards">
          {policies.map((p) => (
            <li key={p.policyNumber} className="card">
              <h3>
                <Link to={`/polis/${p.policyNumber}`}>{p.productName}</Link>
              </h3>
              <p>{p.policyNumber}</p>
              <p>{t(`home.status.${p.status}`)}</p>
              {p.premium.nextDueDate && p.premium.amount > 0 && (
                <p>
                  {t('home.nextDue', {
                    date: date(p.premium.nextDueDate, i18n.language),
                    context: p.policyType === 'sharia' ? 'sharia' : undefined,
                  })}{' '}
                  · {rupiah(p.premium.amount, i18n.language)}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={logout.error} />
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          await logout.run(() => app.portal.session.logout());
        }}
      >
        {t('home.logout')}
      </button>
    </section>
  );
}
