import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOption, OtpChannel } from '../../contract/api/identity';
import type { OtpCountdown, PortalResult } from '../../contract/ipc';
import { CancelButton, Outcome, StepHeading, useAction } from './ui';

/** Metode Verifikasi: SMS or e-mail, with the masked destinations; the code is sent at once. */
export function ChannelStep(props: {
  channels: ChannelOption[];
  send: (channel: OtpChannel) => Promise<PortalResult<OtpCountdown>>;
  onSent: (sent: OtpCountdown) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<OtpChannel>(props.channels[0]?.channel ?? 'sms');
  const action = useAction();
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const sent = await action.run(() => props.send(channel));
    if (sent) props.onSent(sent);
  }
  return (
    <form onSubmit={submit}>
      <StepHeading>{t('otp.channelTitle')}</StepHeading>
      <fieldset>
        <legend>{t('otp.channelLead')}</legend>
        {props.channels.map((c) => (
          <label key={c.channel} className="choice">
            <input
              type="radio"
              name="channel"
              value={c.channel}
              checked={channel === c.channel}
              onChange={() => setChannel(c.channel)}
            />
            {t(`otp.${c.channel}`, { destination: c.destination })}
          </label>
        ))}
      </fieldset>
      <Outcome of={action} />
      <div className="actions">
        <button type="submit" disabled={action.running}>
          {t('otp.send')}
        </button>
        <CancelButton onCancel={props.onCancel} />
      </div>
    </form>
  );
}
