import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/ui';
import type { FormStep } from '../../../forms/use-form-step';
import type { RequestContext } from './form-def';

/**
 * A bank account of the policyholder's: its number (digits only) and the holder's name, with the
 * name it must be. `at` is where the contract's payload keeps them (`payout`, `account`), for the
 * service's field errors to land on them.
 */
export function AccountFields<V extends { accountNumber: string; accountHolder: string }>(p: {
  form: FormStep<V>;
  ctx: RequestContext;
  at: 'payout' | 'account';
  numberLabel: string;
  maxLength: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        name="accountNumber"
        label={p.numberLabel}
        inputMode="numeric"
        maxLength={p.maxLength}
        {...p.form.bind('accountNumber', `${p.at}.accountNumber`)}
        onChange={(v) => p.form.update({ accountNumber: v.replace(/\D/gu, '') } as Partial<V>)}
      />
      <Field
        name="accountHolder"
        label={t('requests.accountHolder')}
        hint={t('requests.holderHint', { name: p.ctx.holder })}
        maxLength={120}
        {...p.form.bind('accountHolder', `${p.at}.accountHolder`)}
      />
    </>
  );
}
