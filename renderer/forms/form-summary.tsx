import { useTranslation } from 'react-i18next';
import type { FormStep } from './use-form-step';

/** What stopped the person going on: one line to look at the marked fields, and each problem once. */
export function FormSummary({ form }: { form: Pick<FormStep<object>, 'stopped'> }) {
  const { t } = useTranslation();
  if (!form.stopped) return null;
  return (
    <div className="error" role="alert">
      <p>{t('form.fixMarked')}</p>
      {form.stopped.length > 0 && (
        <ul>
          {form.stopped.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
