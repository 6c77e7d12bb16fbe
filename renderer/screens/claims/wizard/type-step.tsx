import { useTranslation } from 'react-i18next';
import type { ClaimOptions, ClaimType } from '../../../../contract/api/claims';
import type { PortalError } from '../../../../contract/ipc';
import { Outcome } from '../../../components/ui';
import { RuleList } from '../claim-bits';
import { StepNav, type NavProps } from './step-nav';

/** Step 2: the kind of claim, among those the person's cover has. */
export function TypeStep(p: {
  nav: NavProps;
  types: ClaimOptions['types'];
  type: ClaimType | '';
  onType: (type: ClaimType) => void;
  saving: { error: PortalError | null; busy: boolean; running: boolean };
  onNext: () => void;
}) {
  const { t } = useTranslation();
  return (
    <form onSubmit={(e) => (e.preventDefault(), p.onNext())}>
      <fieldset>
        <legend>{t('claims.steps.type')}</legend>
        {p.types.map((x) => (
          <label key={x.type} className="choice">
            <input
              type="radio"
              name="type"
              value={x.type}
              checked={p.type === x.type}
              onChange={() => p.onType(x.type)}
            />
            {t(`claims.type.${x.type}`)}
          </label>
        ))}
      </fieldset>
      <RuleList error={p.saving.error} />
      <Outcome of={p.saving} />
      <StepNav {...p.nav} onNext={p.onNext} disabled={!p.type || p.saving.running} />
    </form>
  );
}
