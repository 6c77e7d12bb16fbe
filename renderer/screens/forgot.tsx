import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ChannelOption } from '../../contract/api/identity';
import type { OtpCountdown } from '../../contract/ipc';
import { BackLink } from '../components/back-link';
import { useApp } from '../app-context';
import { ChannelStep } from '../components/channel-step';
import { NewPasswordStep } from '../components/new-password-step';
import { OtpStep } from '../components/otp-step';
import { Field, Outcome, StepHeading, useAction } from '../components/ui';

type Step =
  | { at: 'username' }
  | { at: 'channel'; channels: ChannelOption[] }
  | { at: 'otp'; sent: OtpCountdown }
  | { at: 'password' }
  | { at: 'done' };

/** Lupa Password: username, channel, code, new password twice, done. */
export function Forgot() {
  const { t } = useTranslation();
  const { portal } = useApp();
  const [step, setStep] = useState<Step>({ at: 'username' });
  const [username, setUsername] = useState('');
  const action = useAction();
  const navigate = useNavigate();
  const cancel = () => {
    void portal.recovery.cancel();
    navigate('/masuk');
  };

  switch (step.at) {
    case 'username':
      return (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await action.run(() => portal.recovery.start({ username }));
            if (r) setStep({ at: 'channel', channels: r.channels });
          }}
        >
          <BackLink to="/masuk" label={t('forgot.backToLogin')} />
          <StepHeading>{t('forgot.title')}</StepHeading>
          <p>{t('forgot.lead')}</p>
          <Field
            name="username"
            label={t('login.username')}
            value={username}
            onChange={setUsername}
            autoComplete="username"
            required
          />
          <Outcome of={action} />
          <div className="actions">
            <button type="submit" disabled={!username.trim() || action.running}>
              {t('forgot.next')}
            </button>
          </div>
        </form>
      );
    case 'channel':
      return (
        <ChannelStep
          channels={step.channels}
          send={(channel) => portal.recovery.sendOtp({ channel })}
          onSent={(sent) => setStep({ at: 'otp', sent })}
          onCancel={cancel}
        />
      );
    case 'otp':
      return (
        <OtpStep
          sent={step.sent}
          verify={(code) => portal.recovery.verifyOtp({ code })}
          resend={() => portal.recovery.sendOtp({ channel: step.sent.channel })}
          onVerified={() => setStep({ at: 'password' })}
          onCancel={cancel}
        />
      );
    case 'password':
      return (
        <NewPasswordStep
          save={(password, passwordConfirmation) => portal.recovery.setPassword({ password, passwordConfirmation })}
          onSaved={() => setStep({ at: 'done' })}
          onCancel={cancel}
        />
      );
    case 'done':
      return (
        <section>
          <StepHeading>{t('forgot.doneTitle')}</StepHeading>
          <p>{t('forgot.doneLead')}</p>
          <Link className="button" to="/masuk">
            {t('welcome.login')}
          </Link>
        </section>
      );
  }
}
