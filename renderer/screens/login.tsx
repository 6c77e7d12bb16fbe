import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApp } from '../app-context';
import { BackLink } from '../components/back-link';
import { Field, Outcome, PasswordField, StepHeading, useAction } from '../components/ui';
import { loadSignedIn } from '../signed-in-chunk';

/** Masuk: username, password, "Ingat saya" where a keychain works and not on a kiosk. */
export function Login() {
  const { t } = useTranslation();
  const app = useApp();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const action = useAction();
  const canRemember = app.info.mode === 'personal' && app.info.keychainAvailable;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    // Beranda's scripts load while the password is checked.
    void loadSignedIn();
    const r = await action.run(() =>
      app.portal.session.login({ username, password, remember: canRemember && remember }),
    );
    if (r) {
      app.signedIn(r.user, r.notices);
      navigate('/beranda');
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <BackLink to="/" label={t('app.back')} />
      <StepHeading>{t('login.title')}</StepHeading>
      <Field
        name="username"
        label={t('login.username')}
        value={username}
        onChange={setUsername}
        autoComplete="username"
        required
      />
      <PasswordField
        name="password"
        label={t('login.password')}
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
        required
      />
      {canRemember ? (
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="remember" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            {t('login.remember')}
          </label>
          <p className="hint">{t('login.rememberHint')}</p>
        </div>
      ) : (
        app.info.mode === 'personal' && <p className="hint">{t('login.noKeychain')}</p>
      )}
      <Outcome of={action} />
      <div className="actions">
        <button type="submit" disabled={action.running || !username || !password}>
          {t('login.submit')}
        </button>
        <Link to="/lupa-password">{t('login.forgot')}</Link>
      </div>
    </form>
  );
}
