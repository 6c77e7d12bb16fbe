import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApp } from '../app-context';
import { StepHeading } from '../components/ui';
import { longDateTime } from '../format';

export function Welcome() {
  const { t, i18n } = useTranslation();
  const app = useApp();
  return (
    <section className="welcome">
      <StepHeading>{t('welcome.title')}</StepHeading>
      <p>{t('welcome.lead')}</p>
      {app.info.mode === 'kiosk' && app.info.lastWipe && (
        <div role="status" className="notice">
          <p>
            {t(app.info.branchName ? 'kiosk.wiped' : 'kiosk.wipedHere', {
              branch: app.info.branchName,
              when: longDateTime(app.info.lastWipe.at, i18n.language),
            })}
          </p>
          <p>{t('kiosk.staff')}</p>
        </div>
      )}
      {app.signedOut && !(app.info.mode === 'kiosk' && app.info.lastWipe) && (
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
