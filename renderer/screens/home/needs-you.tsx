import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Bill } from '../../../contract/api/payments';
import type { ClaimSummary } from '../../../contract/api/claims';
import { longDate, rupiah } from '../../format';
import { billLabel } from '../payments/bills';

/** The day a bill must be paid by: its due date, or the end of its grace period once overdue. */
const payBy = (b: Bill) => (b.status === 'overdue' ? b.graceEndsOn : b.dueDate);

/**
 * Beranda's first card, "Perlu tindakan": the total due with the earliest deadline in words and one
 * "Bayar sekarang", the claims waiting on the person's documents, the drafts not yet sent; or that
 * nothing needs them.
 */
export function NeedsYou({ bills, claims }: { bills: Bill[]; claims: ClaimSummary[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const due = bills.filter((b) => b.status === 'due' || b.status === 'overdue');
  const asked = claims.filter((c) => c.status === 'documents_requested');
  const drafts = claims.filter((c) => c.status === 'draft');
  // A bill in grace comes first: its deadline is the one that ends the cover.
  const earliest = (bs: Bill[]) => [...bs].sort((a, b) => payBy(a).localeCompare(payBy(b)))[0];
  const first = earliest(due.filter((b) => b.status === 'overdue')) ?? earliest(due);
  const nothing = !first && asked.length === 0 && drafts.length === 0;
  return (
    <section className={nothing ? 'needs-you calm' : 'needs-you'} aria-labelledby="needs-you">
      <h2 id="needs-you">{t('home.needsYou')}</h2>
      {nothing && <p>{t('home.nothingNeeded')}</p>}
      {first && (
        <div className="needs-bill">
          <p className="figure">
            {rupiah(
              due.reduce((sum, b) => sum + b.amount, 0),
              lang,
            )}
          </p>
          <p>
            {t('home.billsDue', { count: due.length })}{' '}
            {t(first.status === 'overdue' ? 'home.payBeforeGrace' : 'home.payBeforeDue', {
              date: longDate(payBy(first), lang),
            })}
          </p>
          <ul className="list">
            {due.map((b) => (
              <li key={b.billId}>
                {billLabel(t, b)} {b.productName} · {t('payments.policyNo', { policy: b.policyNumber })} ·{' '}
                {rupiah(b.amount, lang)}
              </li>
            ))}
          </ul>
          <p>
            <Link className="button" to={due.length === 1 ? `/pembayaran/tagihan/${first.billId}` : '/pembayaran'}>
              {t('home.payNow')}
            </Link>
          </p>
        </div>
      )}
      {(asked.length > 0 || drafts.length > 0) && (
        <ul className="list">
          {asked.map((c) => (
            <li key={c.claimId}>
              {t('home.documentsAsked', { number: c.claimNumber })}{' '}
              <Link to={`/klaim/${c.claimId}`}>{t('home.sendDocuments')}</Link>
            </li>
          ))}
          {drafts.map((c) => (
            <li key={c.claimId}>
              {t('home.draftClaim', { type: t(`claims.type.${c.type}`), person: c.person.fullName })}{' '}
              <Link to={`/klaim/${c.claimId}/ubah`}>{t('claims.continue')}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
