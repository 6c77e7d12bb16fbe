import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Autodebit } from '../../../contract/api/autodebit';
import { useApp } from '../../app-context';
import { useStepUp } from '../../components/step-up';
import { Outcome } from '../../components/ui';
import { longDate, rupiah } from '../../format';

/**
 * A policy's autodebit on its page (payments.md, Reminders and autodebit): what it collects from
 * (a card only as its brand and last four digits), the debit day, the last collection, and a way
 * to end it with the password again. Nothing for a policy paid by virtual account.
 */
export function AutodebitPanel({ policyNumber }: { policyNumber: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { portal } = useApp();
  const [autodebit, setAutodebit] = useState<Autodebit | null>(null);
  const [ending, setEnding] = useState(false);
  const end = useStepUp(portal);

  useEffect(() => {
    const load = () =>
      void portal.payments.autodebit({ policyNumber }).then((r) => r.ok && setAutodebit(r.value.autodebit));
    load();
    // The holder is told in Kotak Masuk of every collection: the panel follows the payments.
    return portal.payments.onUpdated(load);
  }, [policyNumber]);

  if (!autodebit) return null;
  const { card, bank, lastAttempt: last } = autodebit;
  const source = card
    ? t('autodebit.card', { brand: card.brand, last4: card.last4 })
    : bank
      ? t('autodebit.bank', { number: bank.accountNumberMasked, holder: bank.accountHolder })
      : t(`autodebit.methods.${autodebit.method}`);
  return (
    <section aria-labelledby="autodebit-h">
      <h2 id="autodebit-h">{t('autodebit.title')}</h2>
      <dl className="facts">
        <dt>{t('autodebit.source')}</dt>
        <dd>{source}</dd>
        <dt>{t('autodebit.debitDay')}</dt>
        <dd>{t('autodebit.everyMonth', { day: autodebit.debitDay })}</dd>
        <dt>{t('autodebit.status')}</dt>
        <dd>
          {t(`autodebit.statuses.${autodebit.status}`)}
          {autodebit.endedReason && autodebit.endedAt
            ? ` · ${t(`autodebit.endedReasons.${autodebit.endedReason}`, { date: longDate(autodebit.endedAt.slice(0, 10), lang) })}`
            : ''}
        </dd>
        {last && (
          <>
            <dt>{t('autodebit.lastAttempt')}</dt>
            <dd>
              {longDate(last.date, lang)} · {rupiah(last.amount, lang)} · {t(`autodebit.attempts.${last.status}`)}
              {last.reason ? ` (${last.reason})` : ''}
            </dd>
          </>
        )}
      </dl>
      {autodebit.status === 'pending_first_payment' && (
        <p>
          {t('autodebit.firstPayment')} <Link to="/pembayaran">{t('autodebit.toBills')}</Link>
        </p>
      )}
      {last?.status === 'failed' && autodebit.status !== 'pending_first_payment' && (
        <p>
          {t('autodebit.failedHint')} <Link to={`/pembayaran/tagihan/${last.billId}`}>{t('autodebit.payNow')}</Link>
        </p>
      )}
      {autodebit.status !== 'ended' &&
        (ending ? (
          <form
            noValidate
            aria-labelledby="autodebit-end-h"
            onSubmit={(e) => {
              e.preventDefault();
              void end
                .run(() => portal.payments.endAutodebit({ policyNumber }))
                .then((ended) => {
                  if (ended) {
                    setAutodebit(ended);
                    setEnding(false);
                  }
                });
            }}
          >
            <h3 id="autodebit-end-h">{t('autodebit.end')}</h3>
            <p>{t('autodebit.endLead')}</p>
            {end.field('autodebit-password')}
            <Outcome of={end.action} passwordOnly />
            <button type="submit" className="danger" disabled={end.action.running}>
              {t('autodebit.endButton')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setEnding(false)}>
              {t('autodebit.keep')}
            </button>
          </form>
        ) : (
          <p>
            <button type="button" className="secondary" onClick={() => setEnding(true)}>
              {t('autodebit.end')}
            </button>
          </p>
        ))}
    </section>
  );
}
