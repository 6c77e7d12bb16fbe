import { useTranslation } from 'react-i18next';
import { DataCorrectionPayloadSchema } from '../../../../contract/api/requests';
import { DateField, Field, TextArea, yearsBack } from '../../../components/ui';
import type { FormStep } from '../../../forms/use-form-step';
import { longDate } from '../../../format';
import { requestForm } from './form-def';

interface Correction {
  fullName: string;
  dateOfBirth: string;
  idNumber: string;
  reason: string;
}

/** Only what is wrong is filled in; the document that shows it is sent on the request's page. */
function DataCorrectionFields({ form }: { form: FormStep<Correction> }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('requests.correctionLead')}</p>
      <Field name="fullName" label={t('requests.correctName')} maxLength={120} {...form.bind('fullName')} />
      <DateField
        name="dateOfBirth"
        label={t('requests.correctBirth')}
        {...yearsBack(120)}
        value={form.values.dateOfBirth}
        onChange={(v) => {
          form.update({ dateOfBirth: v });
          form.touch('dateOfBirth');
        }}
        error={form.error('dateOfBirth')}
      />
      <Field
        name="idNumber"
        label={t('requests.correctNik')}
        hint={t('requests.nikHint')}
        inputMode="numeric"
        maxLength={16}
        {...form.bind('idNumber')}
      />
      <TextArea name="reason" label={t('requests.correctReason')} maxLength={500} rows={3} {...form.bind('reason')} />
      <p className="hint">{t('requests.correctionDocument')}</p>
    </>
  );
}

export const dataCorrectionForm = requestForm<Correction>({
  initial: () => ({ fullName: '', dateOfBirth: '', idNumber: '', reason: '' }),
  schema: DataCorrectionPayloadSchema,
  payload: (v) => ({
    ...(v.fullName.trim() ? { fullName: v.fullName } : {}),
    ...(v.dateOfBirth ? { dateOfBirth: v.dateOfBirth } : {}),
    ...(v.idNumber.trim() ? { idNumber: v.idNumber } : {}),
    reason: v.reason,
  }),
  review: (v, _ctx, t, lang) =>
    [
      v.fullName.trim() ? `${t('requests.correctName')}: ${v.fullName}` : '',
      v.dateOfBirth ? `${t('requests.correctBirth')}: ${longDate(v.dateOfBirth, lang)}` : '',
      v.idNumber.trim() ? `${t('requests.correctNik')}: ${v.idNumber}` : '',
      `${t('requests.correctReason')}: ${v.reason}`,
    ].filter(Boolean),
  Fields: DataCorrectionFields,
});
