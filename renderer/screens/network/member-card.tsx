import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import type { MemberCard } from '../../../contract/api/network';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { ErrorMessage, StepHeading, useAction } from '../../components/ui';
import { longDate } from '../../format';

/**
 * Kartu Peserta: the member's card with the QR code of its signed token, which a front
 * desk checks offline. Shown from the kept copy when there is no network (never on a kiosk).
 */
export function MemberCardScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { portal } = useApp();
  const { policyNumber = '' } = useParams();
  const [search] = useSearchParams();
  const personId = search.get('orang') ?? undefined;
  const [card, setCard] = useState<(MemberCard & { fromCache: boolean }) | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const load = useAction();

  useEffect(() => {
    void load
      .run(() => portal.policies.card({ policyNumber, ...(personId ? { personId } : {}) }))
      .then(async (c) => {
        if (!c) return;
        setCard(c);
        // Error correction M: a phone camera at a front desk reads it through a scratched screen.
        setQr(await QRCode.toDataURL(c.qr, { errorCorrectionLevel: 'M', margin: 2, width: 320 }));
      });
  }, [portal, policyNumber, personId]);

  const rules = Array.isArray(load.error?.details?.rules) ? (load.error.details.rules as string[]) : [];
  return (
    <section>
      <BackLink to={`/polis/${encodeURIComponent(policyNumber)}`} label={t('card.back')} />
      <StepHeading>{t('card.title')}</StepHeading>
      {rules.includes('policy_not_active') ? (
        <p className="error" role="alert">
          {t('card.rule.policy_not_active')}
        </p>
      ) : (
        <ErrorMessage error={load.error} />
      )}
      {card && (
        <>
          {card.fromCache && (
            <p className="notice" role="status">
              {t('card.offline', { date: longDate(card.validUntil, lang) })}
            </p>
          )}
          <div className="member-card">
            <dl className="facts">
              <dt>{t('card.member')}</dt>
              <dd>{card.memberName}</dd>
              <dt>{t('card.memberNumber')}</dt>
              <dd>{card.memberNumber}</dd>
              <dt>{t('card.policy')}</dt>
              <dd>{card.policyNumber}</dd>
              <dt>{t('card.plan')}</dt>
              <dd>{card.planName}</dd>
              <dt>{t('card.validUntil')}</dt>
              <dd>{longDate(card.validUntil, lang)}</dd>
            </dl>
            <p>
              <span className="status-badge cashless">
                {card.cashless ? t('card.cashless') : t('card.reimbursement')}
              </span>
            </p>
            {qr && (
              <img
                className="card-qr"
                src={qr}
                alt={t('card.qrAlt', { name: card.memberName })}
                width={240}
                height={240}
              />
            )}
            <p className="hint">{t('card.qrLead')}</p>
          </div>
        </>
      )}
    </section>
  );
}
