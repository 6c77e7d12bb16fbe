import { useTranslation } from 'react-i18next';
import { BeneficiaryPayloadSchema, RELATIONSHIPS } from '../../../../contract/api/requests';
import { DateField, yearsBack } from '../../../components/ui';
import type { FormStep } from '../../../forms/use-form-step';
import { longDate } from '../../../format';
import { requestForm } from './form-def';

interface Beneficiary {
  fullName: string;
  relationship: string;
  dateOfBirth: string;
  sharePercent: string;
}
interface Beneficiaries {
  rows: Beneficiary[];
}
const empty: Beneficiary = { fullName: '', relationship: 'Anak', dateOfBirth: '', sharePercent: '' };
const totalOf = (rows: Beneficiary[]) => rows.reduce((sum, b) => sum + (Number(b.sharePercent) || 0), 0);

/** Up to ten rows of name, relationship, date of birth and share, with the total live beside them. */
function BeneficiaryFields({ form }: { form: FormStep<Beneficiaries> }) {
  const { t } = useTranslation();
  const { rows } = form.values;
  const setRows = (next: Beneficiary[]) => form.update({ rows: next });
  const total = totalOf(rows);
  return (
    <>
      <table className="beneficiaries">
        <thead>
          <tr>
            <th scope="col">{t('requests.bName')}</th>
            <th scope="col">{t('requests.bRelationship')}</th>
            <th scope="col">{t('requests.bBirth')}</th>
            <th scope="col">{t('requests.bShare')}</th>
            <th scope="col">
              <span className="sr-only">{t('requests.bRemove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b, i) => {
            const set = (patch: Partial<Beneficiary>) =>
              setRows(rows.map((x, j) => (j === i ? { ...x, ...patch } : x)));
            const row = i + 1;
            const path = (key: keyof Beneficiary) => `beneficiaries.${i}.${key}`;
            const nameError = form.error(path('fullName'));
            return (
              <tr key={i}>
                <td>
                  <input
                    aria-label={`${t('requests.bName')} ${row}`}
                    value={b.fullName}
                    maxLength={120}
                    onChange={(e) => set({ fullName: e.target.value })}
                    onBlur={() => form.touch(path('fullName'))}
                    aria-invalid={nameError ? true : undefined}
                  />
                  {nameError && <p className="field-error">{nameError}</p>}
                </td>
                <td>
                  <select
                    aria-label={`${t('requests.bRelationship')} ${row}`}
                    value={b.relationship}
                    onChange={(e) => set({ relationship: e.target.value })}
                  >
                    {RELATIONSHIPS.map((r) => (
                      <option key={r} value={r}>
                        {t(`requests.relationship.${r}`, { defaultValue: r })}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <DateField
                    compact
                    name={`beneficiary-${row}-birth`}
                    label={`${t('requests.bBirth')} ${row}`}
                    value={b.dateOfBirth}
                    onChange={(iso) => {
                      set({ dateOfBirth: iso });
                      if (iso) form.touch(path('dateOfBirth'));
                    }}
                    error={form.error(path('dateOfBirth'))}
                    {...yearsBack(120)}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${t('requests.bShare')} ${row}`}
                    inputMode="numeric"
                    value={b.sharePercent}
                    maxLength={3}
                    onChange={(e) => set({ sharePercent: e.target.value.replace(/\D/gu, '') })}
                  />
                </td>
                <td>
                  {rows.length > 1 && (
                    <button type="button" className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                      {t('requests.bRemove')} {row}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p role="status" className={total === 100 ? 'hint' : 'error'}>
        {t('requests.total', { total })}
      </p>
      {rows.length < 10 && (
        <button type="button" className="secondary" onClick={() => setRows([...rows, { ...empty }])}>
          {t('requests.bAdd')}
        </button>
      )}
    </>
  );
}

export const beneficiariesForm = requestForm<Beneficiaries>({
  initial: () => ({ rows: [{ ...empty }] }),
  schema: BeneficiaryPayloadSchema,
  payload: ({ rows }) => ({ beneficiaries: rows.map((b) => ({ ...b, sharePercent: Number(b.sharePercent) })) }),
  review: ({ rows }, _ctx, t, lang) =>
    rows.map(
      (b) =>
        `${b.fullName} (${t(`requests.relationship.${b.relationship}`, { defaultValue: b.relationship })}), ${b.dateOfBirth ? longDate(b.dateOfBirth, lang) : ''}: ${b.sharePercent}%`,
    ),
  Fields: BeneficiaryFields,
});
