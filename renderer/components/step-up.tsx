import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortalResult } from '../../contract/ipc';
import { PasswordField, useAction } from './ui';

/**
 * A sensitive call that may ask for the password again (api-v1.md, Step-up): the first refusal
 * shows the password field; the next try proves it first, then calls again. What was typed
 * elsewhere on the page stays as it was.
 */
export function useStepUp(portal: { account: { stepUp(i: { password: string }): Promise<PortalResult<unknown>> } }) {
  const { t } = useTranslation();
  const action = useAction();
  const [needed, setNeeded] = useState(false);
  const [password, setPassword] = useState('');
  async function run<T>(call: () => Promise<PortalResult<T>>): Promise<T | undefined> {
    if (needed && !(await action.run(() => portal.account.stepUp({ password })))) return undefined;
    const value = await action.run(async () => {
      const answer = await call();
      if (!answer.ok && answer.error.code === 'step_up_required') setNeeded(true);
      return answer;
    });
    if (value !== undefined) {
      setNeeded(false);
      setPassword('');
    }
    return value;
  }
  const field = (name: string) =>
    needed ? (
      <PasswordField
        name={name}
        label={t('account.stepUp')}
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
      />
    ) : null;
  return { run, field, action, needed };
}
