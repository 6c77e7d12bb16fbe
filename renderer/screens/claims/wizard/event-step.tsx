import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClaimPatchSchema, type ClaimType } from '../../../../contract/api/claims';
import type { PortalError } from '../../../../contract/ipc';
import { DateField, Field, MoneyField, Outcome, yearsBack } from '../../../components/ui';
import { FormSummary } from '../../../forms/form-summary';
import { useFormStep } from '../../../forms/use-form-step';
import { longDate, typedAmount } from '../../../format';
import { ProviderFinder } from '../../network/provider-finder';
import { StepNav, type NavProps } from './step-nav';

export interface EventValues {
  date: string;
  admissionDate: string;
  dischargeDate: string;
  /** Picked from the network (network.md); cleared when the name is typed over. */
  providerId: string;
  providerName: string;
  diagnosis: string;
  icd10: string;
  amount: string;
}
export const emptyEvent: EventValues = {
  date: '',
  admissionDate: '',
  dischargeDate: '',
  providerId: '',
  providerName: '',
  diagnosis: '',
  icd10: '',
  amount: '',
};

/** An event's year: this one or an earlier one (the service refuses a late or a future claim itself). */
const EVENT_YEARS = yearsBack(50);
/** What this step changes of the draft, as the contract takes it. */
const EventPatchSchema = ClaimPatchSchema.pick({ event: true, amountClaimed: true });

/** The step's values as the draft's patch: nothing typed clears a field; a stay's first day is its date. */
export function eventPatch(e: EventValues, type: ClaimType | '') {
  const hospital = type === 'hospitalization';
  const opt = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    event: {
      date: opt(hospital ? e.admissionDate || e.date : e.date),
      admissionDate: hospital ? opt(e.admissionDate) : null,
      dischargeDate: hospital ? opt(e.dischargeDate) : null,
      providerId: opt(e.providerId),
      providerName: opt(e.providerName),
      diagnosis: opt(e.diagnosis),
      icd10: opt(e.icd10.toUpperCase()),
    },
    amountClaimed: typedAmount(e.amount),
  };
}

/** Step 3: when, where, what was found, and how much; a draft keeps whatever is there so far. */
export function EventStep(p: {
  nav: NavProps;
  type: ClaimType | '';
  values: EventValues;
  onValues: (v: EventValues) => void;
  submitDeadline?: string;
  saving: { error: PortalError | null; busy: boolean; running: boolean };
  onSave: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [picking, setPicking] = useState(false);
  const form = useFormStep({
    values: p.values,
    onValues: p.onValues,
    schema: EventPatchSchema,
    toPayload: (v) => eventPatch(v, p.type),
    rules: 'claims.rule',
  });
  const hospital = p.type === 'hospitalization';
  const date = (key: 'date' | 'admissionDate' | 'dischargeDate', label: string) => (
    <DateField
      name={key}
      label={label}
      value={form.values[key]}
      onChange={(iso) => form.update({ [key]: iso })}
      error={form.error(`event.${key}`)}
      {...EVENT_YEARS}
    />
  );
  const next = () => form.check() && p.onSave();
  return (
    <form onSubmit={(e) => (e.preventDefault(), next())} noValidate>
      {p.submitDeadline && (
        <p className="notice">{t('claims.deadline', { date: longDate(p.submitDeadline, i18n.language) })}</p>
      )}
      {hospital ? (
        <>
          {date('admissionDate', t('claims.admissionDate'))}
          {date('dischargeDate', t('claims.dischargeDate'))}
        </>
      ) : (
        date('date', t('claims.eventDate'))
      )}
      {(hospital || p.type === 'outpatient') && (
        <>
          <Field
            name="providerName"
            label={t('claims.provider')}
            hint={t('claims.providerHint')}
            maxLength={200}
            {...form.bind('providerName', 'event.providerName')}
            onChange={(v) => form.update({ providerName: v, providerId: '' })}
          />
          <div className="provider-pick">
            {form.values.providerId && (
              <p className="hint">{t('network.picked', { name: form.values.providerName })}</p>
            )}
            <button type="button" className="secondary" onClick={() => setPicking((x) => !x)} aria-expanded={picking}>
              {picking ? t('network.cancelPick') : t('network.pickFromList')}
            </button>
            {picking && (
              <ProviderFinder
                onPick={(x) => {
                  form.update({ providerId: x.providerId, providerName: x.name });
                  setPicking(false);
                }}
              />
            )}
          </div>
        </>
      )}
      <Field
        name="diagnosis"
        label={t('claims.diagnosis')}
        maxLength={500}
        {...form.bind('diagnosis', 'event.diagnosis')}
      />
      <Field
        name="icd10"
        label={t('claims.icd10')}
        hint={t('claims.icd10Hint')}
        maxLength={8}
        {...form.bind('icd10', 'event.icd10')}
      />
      <MoneyField
        name="amount"
        label={t('claims.amount')}
        hint={t('claims.amountHint')}
        maxLength={21}
        {...form.bind('amount', 'amountClaimed')}
      />
      <FormSummary form={form} />
      <Outcome of={p.saving} />
      <StepNav {...p.nav} onNext={next} disabled={p.saving.running} />
    </form>
  );
}
