import { useTranslation } from 'react-i18next';
import { PolicyBookPayloadSchema } from '../../../../contract/api/requests';
import { Select } from '../../../components/ui';
import type { FormStep } from '../../../forms/use-form-step';
import { requestForm } from './form-def';

interface PolicyBook {
  delivery: 'email' | 'post';
}

function PolicyBookFields({ form }: { form: FormStep<PolicyBook> }) {
  const { t } = useTranslation();
  return (
    <Select
      name="delivery"
      label={t('requests.delivery')}
      value={form.values.delivery}
      onChange={(v) => form.update({ delivery: v as PolicyBook['delivery'] })}
      options={[
        ['email', t('requests.deliveries.email')],
        ['post', t('requests.deliveries.post')],
      ]}
    />
  );
}

export const policyBookForm = requestForm<PolicyBook>({
  initial: () => ({ delivery: 'email' }),
  schema: PolicyBookPayloadSchema,
  payload: (v) => v,
  review: ({ delivery }, _ctx, t) => [t(`requests.deliveries.${delivery}`)],
  Fields: PolicyBookFields,
});
