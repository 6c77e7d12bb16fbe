import { useTranslation } from 'react-i18next';
import { PayoutInputSchema, type BankList, type Claim } from '../../../../contract/api/claims';
import type { PortalError } from '../../../../contract/ipc';
import { Field, Outcome, PasswordField, Select } from '../../../components/ui';
import { FormSummary } from '../../../forms/form-summary';
import { useFormStep } from '../../../forms/use-form-step';
import { RuleList } from '../claim-bits';
import { StepNav, type NavProps } from './step-nav';

export interface PayoutValues {
  bankCode: string;
  accountNumber: string;
  accountHolder: string;
}

/** Step 5: the account the money goes to; the password again when the service asks (a step-up). */
export function PayoutStep(p: {
  nav: NavProps;
  claim: Claim | null;
  banks: BankList['banks'];
  values: PayoutValues;
  onValues: (v: PayoutValues) => void;
  needsPassword: boolean;
  password: string;
  onPassword: (v: string) => void;
  saving: { error: PortalError | null; busy: boolean; running: boolean };
  onSave: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormStep({
    values: p.values,
    onValues: p.onValues,
    schema: PayoutInputSchema,
    toPayload: (v) => v,
    rules: 'claims.rule',
  });
  const next = () => form.check() && p.onSave();
  return (
    <form onSubmit={(e) => (e.preventDefault(), next())} noValidate>
      <Select
        name="bankCode"
        label={t('claims.bank')}
        none={t('claims.chooseBank')}
        options={p.banks.map((b) => [b.code, b.name])}
        {...form.bind('bankCode')}
      />
      <Field
        name="accountNumber"
        inputMode="numeric"
        label={t('claims.accountNumber')}
        maxLength={20}
        hint={p.claim?.payout ? p.claim.payout.accountNumberMasked : undefined}
        {...form.bind('accountNumber')}
        onChange={(v) => form.update({ accountNumber: v.replace(/\D/gu, '') })}
      />
      <Field
        name="accountHolder"
        label={t('claims.accountHolder')}
        hint={t('claims.accountHolderHint')}
        maxLength={100}
        {...form.bind('accountHolder')}
      />
      {p.needsPassword && (
        <PasswordField
          name="current-password"
          autoComplete="current-password"
          label={t('claims.password')}
          value={p.password}
          onChange={p.onPassword}
        />
      )}
      <FormSummary form={form} />
      <RuleList error={p.saving.error} />
      <Outcome of={p.saving} passwordOnly />
      <StepNav {...p.nav} onNext={next} disabled={p.saving.running} />
    </form>
  );
}
