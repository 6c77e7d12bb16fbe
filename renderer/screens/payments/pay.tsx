import { ComplainAbout } from '../../components/complain-about';
import { CheckCircle2, Copy } from 'lucide-react';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Bill, Payment, PaymentMethod } from '../../../contract/api/payments';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { useToast } from '../../components/feedback';
import { Status } from '../../components/status';
import { Outcome, StepHeading, useAction } from '../../components/ui';
import { longDate, longDateTime, rupiah, vaGroups } from '../../format';
import { RuleList } from '../claims/claim-bits';
import { BillBadge, billLabel, ReceiptLink } from './bills';
import { MethodChoice } from './method-choice';

const REDIRECT: PaymentMethod[] = ['card', 'gopay', 'shopeepay'];

/** "mm:ss" (or "h:mm:ss") left until an instant; never below zero. */
function left(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The QRIS code drawn from the gateway's `qrString` with the `qrcode` library. */
function QrisCode({ text, alt }: { text: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then(setSrc);
  }, [text]);
  return src ? <img src={src} alt={alt} width={240} height={240} className="qris" /> : null;
}

/**
 * Bayar: choose a method, then the VA number with its steps, the QRIS code, or the
 * gateway's page; a live countdown; it turns to "Lunas" by itself on `payment.updated`.
 */
export function PayScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const app = useApp();
  const { portal } = app;
  const { billId = '' } = useParams();
  const [bill, setBill] = useState<Bill | null>(null);
  const [method, setMethod] = useState<PaymentMethod | ''>('');
  const [payment, setPayment] = useState<(Payment & { expiresInMs: number }) | null>(null);
  // The deadline on this PC's clock, from the main process's duration (payments.md: a live countdown).
  const [deadline, setDeadline] = useState(0);
  const [now, setNow] = useState(Date.now());
  const toast = useToast();
  const load = useAction();
  const act = useAction();
  const kiosk = app.info.mode === 'kiosk';

  useEffect(() => {
    void load
      .run(() => portal.payments.bills({}))
      .then((r) => {
        const b = r?.bills.find((x) => x.billId === billId) ?? null;
        setBill(b);
      });
  }, [portal, billId]);

  useEffect(() => {
    if (!payment) return;
    return portal.payments.onUpdated((e) => {
      if (e.paymentId !== payment.paymentId) return;
      void portal.payments.get({ paymentId: e.paymentId }).then((r) => {
        if (!r.ok) return;
        setPayment(r.value);
        setDeadline(Date.now() + r.value.expiresInMs);
      });
    });
  }, [portal, payment?.paymentId]);

  useEffect(() => {
    if (payment?.status !== 'pending') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [payment?.status]);

  const pay = async () => {
    if (!method) return;
    const p = await act.run(() => portal.payments.pay({ billId, method }));
    if (!p) return;
    setPayment(p);
    setDeadline(Date.now() + p.expiresInMs);
  };

  if (!bill)
    return (
      <section>
        <BackLink to="/pembayaran" label={t('payments.back')} />
        <Outcome of={load} />
      </section>
    );
  const label = billLabel(t, bill);
  const methods = bill.methods.filter((m) => !(kiosk && REDIRECT.includes(m as PaymentMethod))) as PaymentMethod[];
  const remaining = payment ? deadline - now : 0;
  const expired = payment?.status === 'expired' || (payment?.status === 'pending' && remaining <= 0);

  return (
    <section>
      <BackLink to="/pembayaran" label={t('payments.back')} />
      <StepHeading>
        {t('payments.pay')} {label} {bill.productName}
      </StepHeading>
      <p>
        {t('payments.policyNo', { policy: bill.policyNumber })} ·{' '}
        {t('payments.period', { from: longDate(bill.period.from, lang), to: longDate(bill.period.to, lang) })}
      </p>
      <p>
        <BillBadge status={payment?.status === 'paid' ? 'paid' : bill.status} /> · {rupiah(bill.amount, lang)} ·{' '}
        {t('payments.due', { date: longDate(bill.dueDate, lang) })}
      </p>

      {payment?.status === 'paid' ? (
        <div className="paid" role="status">
          <h2>
            <CheckCircle2 aria-hidden="true" size={24} /> {t('payments.paidTitle')}
          </h2>
          <p>{t('payments.paidLead')}</p>
          {payment.receiptDocumentId ? (
            <p>
              <ReceiptLink
                className="button"
                policyNumber={payment.policyNumber}
                documentId={payment.receiptDocumentId}
              />
            </p>
          ) : (
            // The receipt is made a moment after the booking; this page follows when it is there.
            <p className="hint">{t('payments.receiptComing')}</p>
          )}
          <ComplainAbout kind="payment" id={payment.paymentId} />
        </div>
      ) : !payment || expired || payment.status !== 'pending' ? (
        <form onSubmit={(e) => (e.preventDefault(), void pay())}>
          {expired && <p className="notice">{t('payments.expired')}</p>}
          {payment?.status === 'failed' && <p className="notice">{t('payments.failed')}</p>}
          <h2>{t('payments.chooseMethod')}</h2>
          <MethodChoice offered={methods} value={method} onChange={setMethod} />
          {kiosk && <p className="hint">{t('payments.kioskNoRedirect')}</p>}
          <RuleList error={act.error} area="payments" />
          <Outcome of={act} />
          <div className="actions">
            <button type="submit" disabled={!method || act.running}>
              {t('payments.continue')}
            </button>
          </div>
        </form>
      ) : (
        <div className="instructions">
          {/* A live waiting state: the page turns to Lunas by itself when the gateway says so. */}
          <p className="waiting" role="status">
            <span className="spinner" aria-hidden="true" /> <Status kind="payment" status="pending" />{' '}
            {t('payments.waitingLead')}
          </p>
          <p className="countdown" role="timer" aria-live="off">
            {t('payments.expiresIn', { time: left(remaining) })}
          </p>
          <p>{t('payments.payBefore', { when: longDateTime(payment.expiresAt, lang) })}</p>
          <dl className="facts">
            <dt>{t('payments.amount')}</dt>
            <dd>{rupiah(payment.amount, lang)}</dd>
            {payment.instructions.vaNumber && (
              <>
                {payment.method === 'va_mandiri' && payment.instructions.bankCode && (
                  <>
                    <dt>{t('payments.billerCode')}</dt>
                    <dd>{payment.instructions.bankCode}</dd>
                  </>
                )}
                <dt>{t('payments.vaNumber')}</dt>
                <dd>
                  <span className="va-number">{vaGroups(payment.instructions.vaNumber)}</span>{' '}
                  <button
                    type="button"
                    className="secondary small"
                    // The digits only: a bank's app takes the number without the spaces that make it readable.
                    onClick={() =>
                      void navigator.clipboard
                        ?.writeText(payment.instructions.vaNumber!.replace(/\D/gu, ''))
                        .then(() => toast(t('payments.copied')))
                    }
                  >
                    <Copy aria-hidden="true" size={14} /> {t('payments.copy')}
                  </button>
                </dd>
              </>
            )}
          </dl>
          {payment.instructions.vaNumber && (
            <>
              <h2>{t('payments.howTo')}</h2>
              {(['atm', 'mobile', 'internet'] as const).map((way) => (
                <details key={way}>
                  <summary>{t(`payments.${way}`)}</summary>
                  <ol>
                    {t(`payments.steps${way[0]!.toUpperCase()}${way.slice(1)}`)
                      .split(' · ')
                      .map((step) => (
                        <li key={step}>{step}</li>
                      ))}
                  </ol>
                </details>
              ))}
            </>
          )}
          {payment.instructions.qrString && (
            <>
              <p>{t('payments.qrLead')}</p>
              <QrisCode
                text={payment.instructions.qrString}
                alt={t('payments.qrAlt', { amount: rupiah(payment.amount, lang) })}
              />
            </>
          )}
          {payment.instructions.redirectUrl && (
            <>
              <p>{t('payments.gatewayLead')}</p>
              <button
                type="button"
                onClick={() => void act.run(() => portal.payments.openGatewayPage({ paymentId: payment.paymentId }))}
              >
                {t('payments.openGateway')}
              </button>
            </>
          )}
          <Outcome of={act} />
          <p>
            <button type="button" className="link" onClick={() => setPayment(null)}>
              {t('payments.another')}
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
