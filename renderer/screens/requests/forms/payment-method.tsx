import { useTranslation } from 'react-i18next';
import { DEBIT_DAYS, PaymentMethodPayloadSchema } from '../../../../contract/api/requests';
import { Select } from '../../../components/ui';
import { AccountFields } from './account-fields';
import type { FormStep } from '../../../forms/use-form-step';
import { requestForm, type RequestContext } from './form-def';

type Method = keyof typeof DEBIT_DAYS;
interface PaymentMethodValues {
  method: Method;
  debitDay: string;
  /** A BCA autodebit's account: the policyholder's own. */
  accountNumber: string;
  accountHolder: string;
}
const METHODS: Method[] = ['auto_debit_card', 'auto_debit_bca', 'virtual_account'];

function PaymentMethodFields({ form, ctx }: { form: FormStep<PaymentMethodValues>; ctx: RequestContext }) {
  const { t } = useTranslation();
  const { method, debitDay } = form.values;
  return (
    <>
      <Select
        name="method"
        label={t('requests.method')}
        value={method}
        // A new method offers its own debit days: the first of them is picked.
        onChange={(v) => {
          const days = DEBIT_DAYS[v as Method];
          form.update({ method: v as Method, debitDay: days.length ? String(days[0]) : '' });
        }}
        options={METHODS.map((m) => [m, t(`requests.methods.${m}`)])}
      />
      {method !== 'virtual_account' && (
        <Select
          name="debitDay"
          label={t('requests.debitDay')}
          value={debitDay}
          onChange={(v) => form.update({ debitDay: v })}
          options={DEBIT_DAYS[method].map((d) => [String(d), String(d)])}
        />
      )}
      {method === 'auto_debit_bca' && (
        <AccountFields form={form} ctx={ctx} at="account" numberLabel={t('requests.bcaAccountNumber')} maxLength={10} />
      )}
    </>
  );
}

export const paymentMethodForm = requestForm<PaymentMethodValues>({
  initial: (ctx) => ({ method: 'auto_debit_card', debitDay: '5', accountNumber: '', accountHolder: ctx.holder }),
  schema: PaymentMethodPayloadSchema,
  payload: ({ method, debitDay, accountNumber, accountHolder }) => ({
    method,
    ...(method === 'virtual_account' ? {} : { debitDay: Number(debitDay) }),
    ...(method === 'auto_debit_bca' ? { account: { accountNumber, accountHolder } } : {}),
  }),
  review: ({ method, debitDay, accountNumber, accountHolder }, _ctx, t) => [
    `${t(`requests.methods.${method}`)}${method === 'virtual_account' ? '' : ` · ${t('requests.debitDay')} ${debitDay}`}`,
    ...(method === 'auto_debit_bca' ? [`BCA ${accountNumber} · ${accountHolder}`] : []),
  ],
  Fields: PaymentMethodFields,
});
