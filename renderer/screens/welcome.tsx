import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApp } from '../app-context';
import { StepHeading } from '../components/ui';

export function Welcome() {
  const { t } = useTranslation();
  const app = useApp();
  return (
    <section className="welcome">
      <StepHeading>{t('welcome.title')}</StepHeading>
      <p>{t('welcome.lead')}</p>
      {app.signedOut && (
        <p role="status" className="notice">
          {t(`home.signedOut.${app.signedOut}`)}
        </p>
      )}
      <div className="actions">
        <Link className="button" to="/masuk">
          {t('welcome.login')}
        </Link>
        <Link className="button secondary" to="/daftar">
          {t('welcome.register')}
        </Link>
      </div>
    </section>
  );
}
