import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { id } from './id';

import type { Language } from '../../contract/api/common';

/** Indonesian first; English as a choice, remembered by the main process. */
export async function initI18n(language: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { id: { translation: id }, en: { translation: en } },
    lng: language,
    fallbackLng: 'id',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  document.documentElement.lang = language;
}

export async function switchLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
