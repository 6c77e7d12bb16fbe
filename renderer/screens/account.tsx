import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AccountSession, SignIn } from '../../contract/api/account';
import type { Language } from '../../contract/api/common';
import type { Me } from '../../contract/api/identity';
import { useApp } from '../app-context';
import { BackLink } from '../components/back-link';
import { Field, Outcome, PasswordField, StepHeading, useAction } from '../components/ui';
import { longDateTime, networkPlace } from '../format';

/** Akun Saya: profile, language, notifications, password, devices and sessions, recent sign-ins. */
export function Account() {
  const { t } = useTranslation();
  const app = useApp();
  const [me, setMe] = useState<Me | null>(null);
  const load = useAction();
  useEffect(() => {
    void load.run(() => app.portal.account.get()).then((r) => r && setMe(r));
  }, [app.portal]);

  return (
    <section className="account">
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('account.title')}</StepHeading>
      <Outcome of={load} />
      {me && (
        <>
          <Profile me={me} />
          <Preferences me={me} onChange={setMe} />
          <ContactChange onChanged={setMe} />
          <PasswordChange />
          <Sessions />
          <SignIns />
          <section aria-labelledby="data-saya-h">
            <h2 id="data-saya-h">{t('privacy.title')}</h2>
            <p>{t('privacy.accountLead')}</p>
            <p>
              <Link to="/akun/data-saya">{t('privacy.open')}</Link>
            </p>
          </section>
        </>
      )}
    </section>
  );
}

function Profile({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="profile-h">
      <h2 id="profile-h">{t('account.profile')}</h2>
      <dl className="facts">
        <dt>{t('account.name')}</dt>
        <dd>{me.fullName}</dd>
        <dt>{t('account.username')}</dt>
        <dd>{me.username}</dd>
        <dt>{t('account.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('account.phone')}</dt>
        <dd>{me.phone}</dd>
      </dl>
    </section>
  );
}

function Preferences({ me, onChange }: { me: Me; onChange: (me: Me) => void }) {
  const { t } = useTranslation();
  const app = useApp();
  const save = useAction();
  const [saved, setSaved] = useState(false);
  // The box shows the choice at once; it goes back if the service did not take it.
  const notify = async (channel: 'email' | 'sms', on: boolean) => {
    setSaved(false);
    onChange({ ...me, notifications: { ...me.notifications, [channel]: on } });
    const r = await save.run(() => app.portal.account.update({ notifications: { [channel]: on } }));
    onChange(r ?? me);
    if (r) setSaved(true);
  };
  return (
    <section aria-labelledby="prefs-h">
      <h2 id="prefs-h">{t('account.preferences')}</h2>
      <div className="field">
        <label htmlFor="account-language">{t('account.language')}</label>
        <select
          id="account-language"
          value={app.info.language}
          onChange={(e) => void app.setLanguage(e.target.value as Language)}
        >
          <option value="id">Bahasa Indonesia</option>
          <option value="en">English</option>
        </select>
      </div>
      <fieldset>
        <legend>{t('account.notifications')}</legend>
        <p className="hint">{t('account.notificationsHint')}</p>
        <label className="check">
          <input
            type="checkbox"
            checked={me.notifications.email}
            onChange={(e) => void notify('email', e.target.checked)}
          />
          {t('account.byEmail')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={me.notifications.sms}
            onChange={(e) => void notify('sms', e.target.checked)}
          />
          {t('account.bySms')}
        </label>
      </fieldset>
      <Outcome of={save} />
      {saved && (
        <p className="notice" role="status">
          {t('account.saved')}
        </p>
      )}
    </section>
  );
}

/**
 * Ubah kontak: the new e-mail address or mobile number, the password again where the
 * session has not proved it lately (step-up), then the code sent to the new contact.
 */
function ContactChange({ onChanged }: { onChanged: (me: Me) => void }) {
  const { t } = useTranslation();
  const app = useApp();
  const action = useAction();
  const [channel, setChannel] = useState<'email' | 'sms'>('email');
  const [value, setValue] = useState('');
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendIn, setResendIn] = useState(0);
  const [code, setCode] = useState('');
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (resendIn <= 0) return;
    const timer = setTimeout(() => setResendIn(0), resendIn);
    return () => clearTimeout(timer);
  }, [resendIn]);

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    setDone(false);
    if (needsPassword && !(await action.run(() => app.portal.account.stepUp({ password })))) return;
    const r = await action.run(async () => {
      const answer = await app.portal.account.startContactChange({ channel, value });
      // The service asks for the password first: the field appears, and nothing typed is lost.
      if (!answer.ok && answer.error.code === 'step_up_required') setNeedsPassword(true);
      return answer;
    });
    if (!r) return;
    setNeedsPassword(false);
    setPassword('');
    setSentTo(r.destination);
    setResendIn(r.resendInMs);
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    const me = await action.run(() => app.portal.account.verifyContactChange({ code }));
    if (!me) return;
    onChanged(me);
    setSentTo(null);
    setCode('');
    setValue('');
    setDone(true);
  };

  return (
    <section aria-labelledby="contact-h">
      <h2 id="contact-h">{t('account.contact')}</h2>
      {!sentTo && (
        <form onSubmit={(e) => void send(e)} noValidate>
          <fieldset>
            <legend>{t('account.contactWhich')}</legend>
            <label className="check">
              <input
                type="radio"
                name="contact-channel"
                checked={channel === 'email'}
                onChange={() => setChannel('email')}
              />
              {t('account.email')}
            </label>
            <label className="check">
              <input
                type="radio"
                name="contact-channel"
                checked={channel === 'sms'}
                onChange={() => setChannel('sms')}
              />
              {t('account.phone')}
            </label>
          </fieldset>
          <Field
            name="new-contact"
            label={channel === 'email' ? t('account.newEmail') : t('account.newPhone')}
            value={value}
            onChange={setValue}
            type={channel === 'email' ? 'email' : 'tel'}
            inputMode={channel === 'email' ? 'email' : 'tel'}
          />
          {needsPassword && (
            <PasswordField
              name="step-up-password"
              label={t('account.stepUp')}
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
            />
          )}
          <Outcome of={action} passwordOnly />
          <button type="submit" disabled={action.running}>
            {t('account.sendCode')}
          </button>
        </form>
      )}
      {sentTo && (
        <form onSubmit={(e) => void verify(e)} noValidate>
          <p>{t('otp.sentTo', { destination: sentTo })}</p>
          <Field
            name="contact-code"
            label={t('otp.code')}
            value={code}
            onChange={setCode}
            inputMode="numeric"
            maxLength={6}
          />
          <Outcome of={action} passwordOnly />
          <button type="submit" disabled={action.running}>
            {t('otp.verify')}
          </button>{' '}
          <button type="button" className="secondary" disabled={resendIn > 0} onClick={() => void send()}>
            {t('otp.resend')}
          </button>
        </form>
      )}
      {done && (
        <p className="notice" role="status">
          {t('account.contactChanged')}
        </p>
      )}
    </section>
  );
}

function PasswordChange() {
  const { t } = useTranslation();
  const app = useApp();
  const change = useAction();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [endOthers, setEndOthers] = useState(true);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const r = await change.run(() =>
      app.portal.account.changePassword({
        currentPassword: current,
        newPassword: next,
        newPasswordConfirmation: confirm,
        endOtherSessions: endOthers,
      }),
    );
    if (!r) return;
    setCurrent('');
    setNext('');
    setConfirm('');
    setDone(true);
  };
  return (
    <section aria-labelledby="password-h">
      <h2 id="password-h">{t('account.password')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <PasswordField
          name="current-password"
          label={t('account.currentPassword')}
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
        />
        <PasswordField
          name="new-password"
          label={t('account.newPassword')}
          value={next}
          onChange={setNext}
          autoComplete="new-password"
          hint={t('newPassword.rules')}
        />
        <PasswordField
          name="confirm-password"
          label={t('account.confirmPassword')}
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
        />
        <label className="check">
          <input type="checkbox" checked={endOthers} onChange={(e) => setEndOthers(e.target.checked)} />
          {t('account.endOthers')}
        </label>
        <Outcome of={change} passwordOnly />
        {done && (
          <p className="notice" role="status">
            {t('account.passwordChanged')}
          </p>
        )}
        <button type="submit" disabled={change.running}>
          {t('account.changePassword')}
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const { t, i18n } = useTranslation();
  const app = useApp();
  const [sessions, setSessions] = useState<AccountSession[] | null>(null);
  const load = useAction();
  const end = useAction();
  const refresh = () => void load.run(() => app.portal.account.sessions()).then((r) => r && setSessions(r.sessions));
  useEffect(refresh, [app.portal]);
  return (
    <section aria-labelledby="sessions-h">
      <h2 id="sessions-h">{t('account.sessions')}</h2>
      <Outcome of={load} />
      <Outcome of={end} />
      {sessions && (
        <ul className="list">
          {sessions.map((s) => (
            <li key={s.sessionId}>
              <strong>{s.deviceName}</strong> {s.current && <span className="tag">{t('account.thisDevice')}</span>}
              <br />
              <span className="hint">
                {t(`account.kind.${s.deviceKind}`)} · {t(`account.place.${networkPlace(s.address)}`)} ·{' '}
                {t('account.lastActive', { when: longDateTime(s.lastActiveAt, i18n.language) })}
              </span>{' '}
              <AddressDetail address={s.address} />{' '}
              <button
                type="button"
                className="secondary small"
                onClick={async () => {
                  if ((await end.run(() => app.portal.account.endSession({ sessionId: s.sessionId }))) && !s.current)
                    refresh();
                }}
              >
                {s.current ? t('home.logout') : t('account.endSession', { device: s.deviceName })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The network address, for whoever needs it (the care line, an IT person), folded away. */
function AddressDetail({ address }: { address: string }) {
  const { t } = useTranslation();
  return (
    <details className="address-detail">
      <summary>{t('account.details')}</summary>
      {t('account.address')}: {address}
    </details>
  );
}

function SignIns() {
  const { t, i18n } = useTranslation();
  const app = useApp();
  const [signIns, setSignIns] = useState<SignIn[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const load = useAction();
  const page = async (cursor?: string) => {
    const r = await load.run(() => app.portal.account.signIns(cursor ? { cursor } : {}));
    if (!r) return;
    setSignIns((old) => [...(cursor ? (old ?? []) : []), ...r.signIns]);
    setNext(r.nextCursor);
  };
  useEffect(() => void page(), [app.portal]);
  return (
    <section aria-labelledby="signins-h">
      <h2 id="signins-h">{t('account.signIns')}</h2>
      <Outcome of={load} />
      {signIns && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('account.when')}</th>
              <th scope="col">{t('account.result')}</th>
              <th scope="col">{t('account.device')}</th>
              <th scope="col">{t('account.placeHeading')}</th>
            </tr>
          </thead>
          <tbody>
            {signIns.map((s, i) => (
              <tr key={`${s.at}-${i}`}>
                <td>{longDateTime(s.at, i18n.language)}</td>
                <td>{t(`account.results.${s.result}`)}</td>
                <td>
                  {s.deviceName}
                  <br />
                  <span className="hint">{t(`account.kind.${s.deviceKind}`)}</span>
                </td>
                <td>
                  {t(`account.place.${networkPlace(s.address)}`)}
                  <AddressDetail address={s.address} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" className="secondary" onClick={() => void page(next)}>
          {t('inbox.more')}
        </button>
      )}
    </section>
  );
}
