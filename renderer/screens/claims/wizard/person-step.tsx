import { useTranslation } from 'react-i18next';
import type { ClaimOptions } from '../../../../contract/api/claims';
import type { PolicySummary } from '../../../../contract/api/policies';
import { StepNav, type NavProps } from './step-nav';

/** Step 1: the policy (fixed once a draft exists) and the insured person the claim is for. */
export function PersonStep(p: {
  nav: NavProps;
  policies: PolicySummary[] | null;
  policyNumber: string;
  onPolicy: (policyNumber: string) => void;
  locked: boolean;
  options: ClaimOptions | null;
  personId: string;
  onPerson: (personId: string) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const { options } = p;
  return (
    <form onSubmit={(e) => (e.preventDefault(), p.onNext())}>
      <div className="field">
        <label htmlFor="claim-policy">{t('claims.policy')}</label>
        <select
          id="claim-policy"
          value={p.policyNumber}
          disabled={p.locked}
          onChange={(e) => p.onPolicy(e.target.value)}
        >
          <option value="">—</option>
          {p.policies?.map((x) => (
            <option key={x.policyNumber} value={x.policyNumber}>
              {x.productName} ({x.policyNumber})
            </option>
          ))}
        </select>
      </div>
      {options && (
        <div className="field">
          <label htmlFor="claim-person">{t('claims.person')}</label>
          <select id="claim-person" value={p.personId} onChange={(e) => p.onPerson(e.target.value)}>
            {options.people.map((x) => (
              <option key={x.personId} value={x.personId}>
                {x.fullName}
              </option>
            ))}
          </select>
        </div>
      )}
      {options && options.types.length === 0 && <p className="notice">{t('claims.noTypes')}</p>}
      <StepNav {...p.nav} onNext={p.onNext} disabled={!options || options.types.length === 0 || !p.personId} />
    </form>
  );
}
