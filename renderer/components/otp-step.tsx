import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OtpCountdown, PortalResult } from '../../contract/ipc';
import { CancelButton, Field, Outcome, StepHeading, useAction } from './ui';

const mmss = (ms: number) => {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Six-digit code entry with a countdown from the main process's durations;
 * "Kirim ulang" is enabled only once the code has expired.
 */
export function OtpStep(props: {
  sent: OtpCountdown;
  verify: (code: string) => Promise<PortalResult<unknown>>;
  resend: () => Promise<PortalResult<OtpCountdown>>;
  onVerified: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [sent, setSent] = useState(props.sent);
  const [since, setSince] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [code, setCode] = useState('');
  const action = useAction();
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, sent.expiresInMs - (now - since));
  const resendLeft = Math.max(0, sent.resendInMs - (now - since));
  const dead = action.error?.code === 'otp_attempts_exceeded';
  // An expired or spent code can only be replaced: then "Kirim ulang" is the one action, and the primary one.
  const usable = left > 0 && !dead;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const r = await action.run(() => props.verify(code));
    if (r !== undefined) props.onVerified();
  }
  async function resend() {
    const r = await action.run(props.resend);
    if (r) {
      setSent(r);
      setSince(Date.now());
      setCode('');
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <StepHeading>{t('otp.title')}</StepHeading>
      <p>{t('otp.sentTo', { destination: sent.destination })}</p>
      <Field
        name="otp"
        label={t('otp.code')}
        value={code}
        onChange={(v) => setCode(v.replace(/\D/gu, '').slice(0, 6))}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        required
      />
      <p className="countdown" aria-live="polite" aria-atomic="true">
        {left > 0 ? t('otp.validFor', { time: mmss(left) }) : t('otp.expired')}
      </p>
      <Outcome of={action} />
      <div className="actions">
        {usable && (
          <button type="submit" disabled={code.length !== 6 || action.running}>
            {t('otp.verify')}
          </button>
        )}
        <button
          type="button"
          className={usable ? 'secondary' : undefined}
          onClick={resend}
          disabled={(resendLeft > 0 && !dead) || action.running}
        >
          {t('otp.resend')}
        </button>
        <CancelButton onCancel={props.onCancel} />
      </div>
      {resendLeft > 0 && !dead && <p className="hint">{t('otp.resendAfter')}</p>}
    </form>
  );
}
