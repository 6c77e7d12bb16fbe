import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AddressPayloadSchema } from '../../../../contract/api/requests';
import { CITIES } from '../../../../contract/cities';
import { PROVINCES } from '../../../../contract/provinces';
import { Field, Select } from '../../../components/ui';
import type { FormStep } from '../../../forms/use-form-step';
import { requestForm } from './form-def';

interface Address {
  line1: string;
  line2: string;
  city: string;
  province: string;
  postalCode: string;
}

function AddressFields({ form }: { form: FormStep<Address> }) {
  const { t } = useTranslation();
  const citiesId = useId();
  return (
    <>
      <Field name="line1" label={t('requests.line1')} maxLength={200} {...form.bind('line1')} />
      <Field name="line2" label={t('requests.line2')} maxLength={200} {...form.bind('line2')} />
      <Select
        name="province"
        label={t('requests.province')}
        options={PROVINCES.map((p) => [p, p])}
        {...form.bind('province')}
      />
      {/* A picker of the province's cities, and any other typed in. */}
      <Field name="city" label={t('requests.city')} maxLength={100} list={citiesId} {...form.bind('city')} />
      <datalist id={citiesId}>
        {CITIES.filter((c) => c.province === form.values.province).map((c) => (
          <option key={c.name} value={c.name} />
        ))}
      </datalist>
      <Field
        name="postalCode"
        label={t('requests.postalCode')}
        inputMode="numeric"
        maxLength={5}
        {...form.bind('postalCode')}
      />
    </>
  );
}

export const addressForm = requestForm<Address>({
  initial: () => ({ line1: '', line2: '', city: '', province: 'DKI Jakarta', postalCode: '' }),
  schema: AddressPayloadSchema,
  payload: (a) => ({ ...a, line2: a.line2 || undefined }),
  review: (a) => [[a.line1, a.line2, a.city, `${a.province} ${a.postalCode}`].filter(Boolean).join(', ')],
  Fields: AddressFields,
});
