import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortalResult } from '../../contract/ipc';
import { CancelButton, Outcome, PasswordField, StepHeading, useAction } from './ui';

/** Buat Password: the rules as the field's hint (said before, never as an error), then password twice. */
export function NewPasswordStep<T>(props: {
  save: (password: string, passwordConfirmation: string) => Promise<PortalResult<T>>;
  onSaved: (saved: T) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [touched, setTouched] = useState(false);
  const action = useAction();
  const mismatch = touched && confirmation.length > 0 && password !== confirmation;
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (password !== confirmation) return;
    const r = await action.run(() => props.save(password, confirmation));
    if (r !== undefined) props.onSaved(r);
  }
  return (
    <form onSubmit={submit} noValidate>
      <StepHeading>{t('newPassword.title')}</StepHeading>
      <PasswordField
        name="new-password"
        label={t('newPassword.password')}
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
        hint={t('newPassword.rules')}
        required
      />
      <PasswordField
        name="confirm-password"
        label={t('newPassword.confirmation')}
        value={confirmation}
        onChange={(v) => {
          setConfirmation(v);
          setTouched(true);
        }}
        autoComplete="new-password"
        error={mismatch ? t('newPassword.mismatch') : null}
        required
      />
      <Outcome of={action} />
      <div className="actions">
        <button type="submit" disabled={action.running || password.length === 0}>
          {t('newPassword.submit')}
        </button>
        <CancelButton onCancel={props.onCancel} />
      </div>
    </form>
  );
}
