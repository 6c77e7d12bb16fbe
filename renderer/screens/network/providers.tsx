import { useTranslation } from 'react-i18next';
import { BackLink } from '../../components/back-link';
import { StepHeading } from '../../components/ui';
import { ProviderFinder } from './provider-finder';

/** Rumah Sakit & Klinik Rekanan in the frame. */
export function ProvidersScreen() {
  const { t } = useTranslation();
  return (
    <section>
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('network.title')}</StepHeading>
      <ProviderFinder />
    </section>
  );
}
