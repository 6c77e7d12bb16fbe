import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app-context';

/** Header with the product name and the language switch, the page's main landmark, the care line. */
export function Frame({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const app = useApp();
  return (
    <>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <label className="lang">
          {t('app.language')}{' '}
          <select value={i18n.language} onChange={(e) => void app.setLanguage(e.target.value as 'id' | 'en')}>
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <main className="page">{children}</main>
      <footer className="care">
        {t('welcome.care')}: {app.info.care.phone} · {app.info.care.email}
      </footer>
    </>
  );
}
