import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicySummary } from '../../contract/api/policies';
import { useApp } from '../app-context';
import { BackLink } from '../components/back-link';
import { PolicyCards } from '../components/policy-cards';
import { Outcome, Skeleton, StepHeading, useAction } from '../components/ui';

/** Informasi Polis: every policy of the person; each opens its detail and documents. */
export function Policies() {
  const { t } = useTranslation();
  const app = useApp();
  const [policies, setPolicies] = useState<PolicySummary[] | null>(null);
  const action = useAction();
  useEffect(() => {
    void action.run(() => app.portal.policies.list()).then((r) => r && setPolicies(r.policies));
  }, [app.portal]);
  return (
    <section>
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('home.policies')}</StepHeading>
      <Outcome of={action} />
      {!policies && !action.error && <Skeleton />}
      {policies && <PolicyCards policies={policies} level={2} />}
    </section>
  );
}
