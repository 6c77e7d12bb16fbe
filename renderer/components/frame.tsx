import type { Language } from '../../contract/api/common';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app-context';
import { ConnectionBanner } from './feedback';
import { FinishButton, KioskIdle, KioskUpdating, useNoDropsAtKiosk } from './kiosk';

/** Header with the product name and the language switch, the page's main landmark, the care line. */
export function Frame({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const app = useApp();
  useNoDropsAtKiosk(app.info.mode === 'kiosk');
  return (
    <>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        {app.info.mode === 'kiosk' && app.info.branchName && (
          <span className="branch">{t('kiosk.branch', { branch: app.info.branchName })}</span>
        )}
        {app.info.mode === 'kiosk' && app.user && <FinishButton />}
        <label className="lang">
          {t('app.language')}{' '}
          <select value={i18n.language} onChange={(e) => void app.setLanguage(e.target.value as Language)}>
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <ConnectionBanner />
      <main className="screen">{children}</main>
      {app.info.mode === 'kiosk' && <KioskIdle />}
      {app.info.mode === 'kiosk' && <KioskUpdating />}
      <footer className="care">
        {t('welcome.care')}: {app.info.care.phone} · {app.info.care.email}
      </footer>
    </>
  );
}
