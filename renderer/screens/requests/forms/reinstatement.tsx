import { useTranslation } from 'react-i18next';
import { ReinstatementPayloadSchema } from '../../../../contract/api/requests';
import { Field } from '../../../components/ui';
import type { FormStep } from '../../../forms/use-form-step';
import { requestForm } from './form-def';

interface Health {
  hospitalizedLast12Months: boolean;
  underTreatment: boolean;
  notes: string;
}

function ReinstatementFields({ form }: { form: FormStep<Health> }) {
  const { t } = useTranslation();
  const check = (key: 'hospitalizedLast12Months' | 'underTreatment', label: string) => (
    <label className="check">
      <input type="checkbox" checked={form.values[key]} onChange={(e) => form.update({ [key]: e.target.checked })} />
      {label}
    </label>
  );
  return (
    <fieldset>
      <legend>{t('requests.healthDeclaration')}</legend>
      {check('hospitalizedLast12Months', t('requests.hospitalized'))}
      {check('underTreatment', t('requests.underTreatment'))}
      <Field name="notes" label={t('requests.notes')} maxLength={1000} {...form.bind('notes')} />
    </fieldset>
  );
}

export const reinstatementForm = requestForm<Health>({
  initial: () => ({ hospitalizedLast12Months: false, underTreatment: false, notes: '' }),
  schema: ReinstatementPayloadSchema,
  payload: (h) => ({
    healthDeclaration: {
      hospitalizedLast12Months: h.hospitalizedLast12Months,
      underTreatment: h.underTreatment,
      ...(h.notes ? { notes: h.notes } : {}),
    },
  }),
  review: (h, _ctx, t) => [
    `${t('requests.hospitalized')}: ${h.hospitalizedLast12Months ? t('requests.yes') : t('requests.no')}`,
    `${t('requests.underTreatment')}: ${h.underTreatment ? t('requests.yes') : t('requests.no')}`,
    ...(h.notes ? [h.notes] : []),
  ],
  Fields: ReinstatementFields,
});
