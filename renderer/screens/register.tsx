import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import { IsoDateSchema, PolicyNumberSchema, type PolicyType } from '../../contract/api/common';
import { EmailSchema, PhoneSchema, type ChannelOption, type Eula } from '../../contract/api/identity';
import type { OtpCountdown } from '../../contract/ipc';
import { useApp } from '../app-context';
import { ChannelStep } from '../components/channel-step';
import { NewPasswordStep } from '../components/new-password-step';
import { OtpStep } from '../components/otp-step';
import { CancelButton, DateField, Field, Outcome, StepHeading, useAction, yearsBack } from '../components/ui';

type Step =
  | { at: 'type' }
  | { at: 'form' }
  | { at: 'eula'; eula: Eula }
  | { at: 'channel'; channels: ChannelOption[] }
  | { at: 'otp'; sent: OtpCountdown }
  | { at: 'username'; username: string }
  | { at: 'password'; username: string }
  | { at: 'done'; username: string };

/** The contract's own rules, so the form refuses exactly what the service would. */
const valid = (schema: z.ZodType, value: string) => schema.safeParse(value).success;

/** Daftar: the guide's steps, each on its own screen, the typed data kept through errors. */
export function Register() {
  const { t } = useTranslation();
  const { portal } = useApp();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>({ at: 'type' });
  const [policyType, setPolicyType] = useState<PolicyType>('individual');
  const [form, setForm] = useState({ policyNumber: '', memberNumber: '', dateOfBirth: '', email: '', phone: '' });
  const [checked, setChecked] = useState(false);
  const [eulaAccepted, setEulaAccepted] = useState(false);
  const [copied, setCopied] = useState(false);
  const action = useAction();

  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const fieldErrors = {
    policyNumber: !form.policyNumber
      ? t('fields.required')
      : valid(PolicyNumberSchema, form.policyNumber)
        ? null
        : t('fields.policyNumber'),
    memberNumber: policyType === 'group' && !form.memberNumber.trim() ? t('fields.required') : null,
    dateOfBirth: valid(IsoDateSchema, form.dateOfBirth) ? null : t('fields.date'),
    email: valid(EmailSchema, form.email) ? null : t('fields.email'),
    phone: valid(PhoneSchema, form.phone) ? null : t('fields.phone'),
  };
  const shown = (k: keyof typeof fieldErrors) => (checked ? fieldErrors[k] : null);

  async function submitForm(e: React.FormEvent) {
    e.preventDefault();
    setChecked(true);
    if (Object.values(fieldErrors).some(Boolean)) return;
    const r = await action.run(() =>
      portal.registration.start({
        policyType,
        policyNumber: form.policyNumber,
        ...(policyType === 'group' ? { memberNumber: form.memberNumber } : {}),
        dateOfBirth: form.dateOfBirth,
        email: form.email,
        phone: form.phone,
      }),
    );
    if (r) setStep({ at: 'eula', eula: r.eula });
  }

  async function acceptEula(eula: Eula) {
    const r = await action.run(() => portal.registration.acceptEula({ version: eula.version }));
    if (r) setStep({ at: 'channel', channels: r.channels });
  }

  const cancel = () => {
    void portal.registration.cancel();
    navigate('/');
  };

  switch (step.at) {
    case 'type':
      return (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setStep({ at: 'form' });
          }}
        >
          <StepHeading>{t('register.title')}</StepHeading>
          <fieldset>
            <legend>{t('register.chooseType')}</legend>
            {(['individual', 'group', 'sharia'] as const).map((pt) => (
              <label key={pt} className="choice">
                <input
                  type="radio"
                  name="policyType"
                  value={pt}
                  checked={policyType === pt}
                  onChange={() => setPolicyType(pt)}
                />
                {t(`register.${pt}`)}
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit">{t('register.submit')}</button>
            <button type="button" className="secondary" onClick={cancel}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      );
    case 'form':
      return (
        <form onSubmit={submitForm} noValidate>
          <StepHeading>
            {t('register.title')}: {t(`register.${policyType}`)}
          </StepHeading>
          <p>{t('register.dataHint')}</p>
          <Field
            name="policyNumber"
            label={t('register.policyNumber')}
            value={form.policyNumber}
            onChange={set('policyNumber')}
            error={shown('policyNumber')}
            required
          />
          {policyType === 'group' && (
            <Field
              name="memberNumber"
              label={t('register.memberNumber')}
              value={form.memberNumber}
              onChange={set('memberNumber')}
              error={shown('memberNumber')}
              required
            />
          )}
          <DateField
            name="dateOfBirth"
            label={t('register.dateOfBirth')}
            value={form.dateOfBirth}
            onChange={set('dateOfBirth')}
            error={shown('dateOfBirth')}
            {...yearsBack(120)}
          />
          <Field
            name="email"
            type="email"
            label={t('register.email')}
            value={form.email}
            onChange={set('email')}
            error={shown('email')}
            autoComplete="email"
            inputMode="email"
            required
          />
          <Field
            name="phone"
            type="tel"
            label={t('register.phone')}
            hint={t('register.phoneHint')}
            value={form.phone}
            onChange={set('phone')}
            error={shown('phone')}
            autoComplete="tel"
            inputMode="tel"
            required
          />
          <Outcome of={action} />
          <div className="actions">
            <button type="submit" disabled={action.running}>
              {t('register.submit')}
            </button>
            <button type="button" className="secondary" onClick={() => setStep({ at: 'type' })}>
              {t('app.back')}
            </button>
          </div>
        </form>
      );
    case 'eula':
      return (
        <section>
          <StepHeading>{t('register.eulaTitle')}</StepHeading>
          <h2>{step.eula.title}</h2>
          <div className="eula" tabIndex={0} role="region" aria-label={step.eula.title}>
            {step.eula.text.split('\n').map((line, i) => (line ? <p key={i}>{line}</p> : null))}
          </div>
          <label className="choice">
            <input type="checkbox" checked={eulaAccepted} onChange={(e) => setEulaAccepted(e.target.checked)} />
            {t('register.eulaAccept')}
          </label>
          <Outcome of={action} />
          <div className="actions">
            <button type="button" disabled={!eulaAccepted || action.running} onClick={() => void acceptEula(step.eula)}>
              {t('register.agree')}
            </button>
            <button type="button" className="secondary" onClick={cancel}>
              {t('app.cancel')}
            </button>
          </div>
        </section>
      );
    case 'channel':
      return (
        <ChannelStep
          channels={step.channels}
          send={(channel) => portal.registration.sendOtp({ channel })}
          onSent={(sent) => setStep({ at: 'otp', sent })}
          onCancel={cancel}
        />
      );
    case 'otp':
      return (
        <OtpStep
          sent={step.sent}
          verify={async (code) => {
            const r = await portal.registration.verifyOtp({ code });
            if (r.ok) setStep({ at: 'username', username: r.value.username });
            return r;
          }}
          resend={() => portal.registration.sendOtp({ channel: step.sent.channel })}
          onVerified={() => {}}
          onCancel={cancel}
        />
      );
    case 'username':
      return (
        <section>
          <StepHeading>{t('register.usernameTitle')}</StepHeading>
          <p>{t('register.usernameLead')}</p>
          <p className="username" data-testid="username">
            {step.username}
          </p>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void navigator.clipboard?.writeText(step.username).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {t('register.copy')}
            </button>
            <button type="button" onClick={() => setStep({ at: 'password', username: step.username })}>
              {t('register.createPassword')}
            </button>
            <CancelButton onCancel={cancel} />
          </div>
          <p role="status">{copied ? t('register.copied') : ''}</p>
        </section>
      );
    case 'password':
      return (
        <NewPasswordStep
          save={(password, passwordConfirmation) => portal.registration.setPassword({ password, passwordConfirmation })}
          // The username that was made: another registration may have taken the one shown before.
          onSaved={(done) => setStep({ at: 'done', username: done.username })}
          onCancel={cancel}
        />
      );
    case 'done':
      return (
        <section>
          <StepHeading>{t('register.doneTitle')}</StepHeading>
          <p>{t('register.doneLead')}</p>
          <p className="username">{step.username}</p>
          <Link className="button" to="/masuk">
            {t('welcome.login')}
          </Link>
        </section>
      );
  }
}
