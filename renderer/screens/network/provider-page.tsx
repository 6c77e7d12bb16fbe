import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import type { Provider } from '../../../contract/api/network';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { Outcome, StepHeading, useAction } from '../../components/ui';
import { openAt } from './opening-hours';

/** A provider's page: address, hours on its own clock, services, cashless, and calls and directions opened outside. */
export function ProviderPage() {
  const { t } = useTranslation();
  const { portal, info } = useApp();
  const { providerId = '' } = useParams();
  const cashless = (useLocation().state as { cashless?: boolean } | null)?.cashless;
  const [p, setP] = useState<Provider | null>(null);
  const load = useAction();
  const leave = useAction();

  useEffect(() => {
    void load.run(() => portal.network.get({ providerId })).then((r) => r && setP(r));
  }, [portal, providerId]);

  const open = p ? openAt(p, new Date()) : undefined;
  const zone = p ? t(`network.zone.${p.timeZone}`) : '';
  const days = t('network.days', { returnObjects: true }) as string[];
  return (
    <section>
      <BackLink to="/rumah-sakit" label={t('network.back')} history />
      <Outcome of={load} />
      {p && (
        <>
          <StepHeading>{p.name}</StepHeading>
          <p>
            {t(`network.types.${p.type}`)}
            {cashless && <span className="status-badge cashless"> {t('network.cashless')}</span>}
            {open !== undefined && (
              <span className={open ? 'status-badge open' : 'status-badge closed'}>
                {' '}
                {p.open24h ? t('network.open24h') : open ? t('network.openNow') : t('network.closedNow')} ({zone})
              </span>
            )}
          </p>
          {!p.active && <p className="notice">{t('network.inactive')}</p>}
          <dl className="facts">
            <dt>{t('network.address')}</dt>
            <dd>
              {p.address}, {p.city}, {p.province}
              {p.postalCode ? ` ${p.postalCode}` : ''}
            </dd>
            {p.phone && (
              <>
                <dt>{t('network.phone')}</dt>
                <dd>{p.phone}</dd>
              </>
            )}
            <dt>{t('network.services')}</dt>
            <dd>{p.services.map((s) => t(`network.serviceNames.${s}`)).join(', ')}</dd>
          </dl>
          {!p.open24h && p.openingHours && (
            <>
              <h2>
                {t('network.hours')} ({zone})
              </h2>
              <table className="hours">
                <tbody>
                  {days.map((name, i) => {
                    const slots = p.openingHours!.filter((h) => h.day === i + 1);
                    return (
                      <tr key={name}>
                        <th scope="row">{name}</th>
                        <td>
                          {slots.length ? slots.map((h) => `${h.opens}–${h.closes}`).join(', ') : t('network.closed')}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
          {info.mode === 'kiosk' ? (
            <p className="hint">{t('network.kioskCall')}</p>
          ) : (
            <p className="actions">
              {p.phone && (
                <button type="button" onClick={() => void leave.run(() => portal.network.call({ providerId }))}>
                  {t('network.call')}
                </button>
              )}
              <button
                type="button"
                className="secondary"
                onClick={() => void leave.run(() => portal.network.directions({ providerId }))}
              >
                {t('network.directions')}
              </button>
            </p>
          )}
          <Outcome of={leave} />
        </>
      )}
    </section>
  );
}
