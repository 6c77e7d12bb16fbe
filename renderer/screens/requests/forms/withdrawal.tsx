import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { WithdrawalPayloadSchema } from '../../../../contract/api/requests';
import { MoneyField, Select } from '../../../components/ui';
import { AccountFields } from './account-fields';
import type { FormStep } from '../../../forms/use-form-step';
import { rupiah, typedAmount } from '../../../format';
import { requestForm, type RequestContext } from './form-def';

interface Withdrawal {
  amount: string;
  bankCode: string;
  accountNumber: string;
  accountHolder: string;
}

function WithdrawalFields({ form, ctx }: { form: FormStep<Withdrawal>; ctx: RequestContext }) {
  const { t } = useTranslation();
  const { bankCode } = form.values;
  // The banks arrive after the form opens: the first is chosen until the person picks one.
  useEffect(() => {
    if (!bankCode && ctx.banks[0]) form.update({ bankCode: ctx.banks[0].code });
  }, [bankCode, ctx.banks]);
  return (
    <>
      <MoneyField name="amount" label={t('requests.amount')} maxLength={21} {...form.bind('amount')} />
      <Select
        name="bank"
        label={t('requests.bank')}
        options={ctx.banks.map((b) => [b.code, b.name])}
        {...form.bind('bankCode')}
      />
      <AccountFields form={form} ctx={ctx} at="payout" numberLabel={t('requests.accountNumber')} maxLength={20} />
    </>
  );
}

export const withdrawalForm = requestForm<Withdrawal>({
  initial: (ctx) => ({ amount: '', bankCode: ctx.banks[0]?.code ?? '', accountNumber: '', accountHolder: ctx.holder }),
  schema: WithdrawalPayloadSchema,
  payload: (w) => ({
    amount: typedAmount(w.amount) ?? undefined,
    payout: { bankCode: w.bankCode, accountNumber: w.accountNumber, accountHolder: w.accountHolder },
  }),
  review: (w, ctx, t, lang) => [
    `${t('requests.amount')}: ${rupiah(typedAmount(w.amount) ?? 0, lang)}`,
    `${ctx.banks.find((b) => b.code === w.bankCode)?.name ?? w.bankCode} ${w.accountNumber} · ${w.accountHolder}`,
  ],
  Fields: WithdrawalFields,
});
