import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Bill, Payment } from '../../../contract/api/payments';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { Status } from '../../components/status';
import { Outcome, Skeleton, StepHeading, useAction } from '../../components/ui';
import { longDate, longDateTime, rupiah } from '../../format';

/** A bill's status in the app's one status language. */
export function BillBadge({ status }: { status: Bill['status'] }) {
  return <Status kind="bill" status={status} />;
}

/** What a bill is for, in words: the premium (kontribusi on a sharia policy), or a top-up. */
export function billLabel(t: TFunction, b: Pick<Bill, 'kind' | 'label'>): string {
  return b.kind === 'top_up' ? t('payments.label.topUp') : t(`payments.label.${b.label}`);
}

/** A payment's receipt in the reader: titled as one, and its way back leads to Pembayaran. */
export function ReceiptLink(props: { policyNumber: string; documentId: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <Link
      className={props.className}
      to={`/polis/${encodeURIComponent(props.policyNumber)}/dokumen/${props.documentId}`}
      state={{ title: t('payments.receiptTitle'), back: { to: '/pembayaran', label: t('payments.back') } }}
    >
      {t('payments.receipt')}
    </Link>
  );
}

/** One bill: what, when, how much, and "Bayar" while it is unpaid. */
export function BillCard({ b }: { b: Bill }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Named by what it is for: its product (and a top-up as such), the policy number beside it.
  const label = billLabel(t, b);
  return (
    <li className="claim-card">
      <p>
        <strong>
          {label} {b.productName}
        </strong>{' '}
        <BillBadge status={b.status} /> · {rupiah(b.amount, lang)}
      </p>
      <p className="hint">
        {t('payments.policyNo', { policy: b.policyNumber })} · {t('payments.due', { date: longDate(b.dueDate, lang) })}{' '}
        · {t('payments.period', { from: longDate(b.period.from, lang), to: longDate(b.period.to, lang) })}
        {b.status === 'overdue' ? ` · ${t('payments.graceEnds', { date: longDate(b.graceEndsOn, lang) })}` : ''}
      </p>
      {b.status !== 'paid' && b.status !== 'lapsed' && (
        <p>
          <Link
            to={`/pembayaran/tagihan/${b.billId}`}
            className="button"
            aria-label={t('payments.payFor', { label, policy: b.productName, date: longDate(b.dueDate, lang) })}
          >
            {t('payments.pay')}
          </Link>
        </p>
      )}
    </li>
  );
}

/** Pembayaran: the bills of every held policy, the next one first, and the payment history. */
export function BillsScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { portal } = useApp();
  const [bills, setBills] = useState<Bill[] | null>(null);
  const [payments, setPayments] = useState<Payment[] | null>(null);
  const [tick, setTick] = useState(0);
  const load = useAction();

  useEffect(() => portal.payments.onUpdated(() => setTick((n) => n + 1)), [portal]);
  useEffect(() => {
    void load.run(() => portal.payments.bills({})).then((r) => r && setBills(r.bills));
    void portal.payments.list({}).then((r) => r.ok && setPayments(r.value.payments));
  }, [portal, tick]);

  const unpaid = bills?.filter((b) => b.status !== 'paid') ?? [];
  // What needs paying now first; the year ahead folded behind "Lihat jadwal".
  const now = unpaid.filter((b) => b.status === 'due' || b.status === 'overdue');
  const ahead = unpaid.filter((b) => b.status === 'upcoming');
  return (
    <section>
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('payments.title')}</StepHeading>
      <Outcome of={load} />
      {!bills && !load.error && <Skeleton />}
      <h2>{t('payments.bills')}</h2>
      {bills && unpaid.length === 0 && <p>{t('payments.empty')}</p>}
      {bills && unpaid.length > 0 && now.length === 0 && <p>{t('payments.nothingDue')}</p>}
      {now.length > 0 && (
        <ul className="claims">
          {now.map((b) => (
            <BillCard key={b.billId} b={b} />
          ))}
        </ul>
      )}
      {ahead.length > 0 && (
        <details className="schedule">
          <summary>{t('payments.schedule', { count: ahead.length })}</summary>
          <ul className="claims">
            {ahead.map((b) => (
              <BillCard key={b.billId} b={b} />
            ))}
          </ul>
        </details>
      )}
      <h2>{t('payments.history')}</h2>
      {payments && payments.length === 0 && <p>{t('payments.historyEmpty')}</p>}
      {payments && payments.length > 0 && (
        <table className="history">
          <tbody>
            {payments.map((p) => (
              <tr key={p.paymentId}>
                <td>{longDateTime(p.createdAt, lang)}</td>
                <td>{p.policyNumber}</td>
                <td>{t(`payments.method.${p.method}`)}</td>
                <td>{rupiah(p.amount, lang)}</td>
                <td>
                  <Status kind="payment" status={p.status} />
                </td>
                <td>
                  {p.receiptDocumentId && (
                    <ReceiptLink policyNumber={p.policyNumber} documentId={p.receiptDocumentId} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
