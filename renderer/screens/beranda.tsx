import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InboxMessage } from '../../contract/api/events';
import type { PolicySummary } from '../../contract/api/policies';
import type { ClaimSummary } from '../../contract/api/claims';
import { OPEN_STATUSES } from './claims/claim-bits';
import { ClaimCard } from './claims/claims-list';
import type { Bill } from '../../contract/api/payments';
import { BillCard } from './payments/bills';
import { useApp } from '../app-context';
import { PolicyCards } from '../components/policy-cards';
import { Outcome, StepHeading, useAction } from '../components/ui';

/**
 * Beranda: the person's policies, the bills due, the claims in progress and the unread
 * messages; the other areas' news join here as those areas arrive.
 */
export function Beranda() {
  const { t } = useTranslation();
  const app = useApp();
  const [policies, setPolicies] = useState<PolicySummary[] | null>(null);
  const [unread, setUnread] = useState<InboxMessage[] | null>(null);
  const [claims, setClaims] = useState<ClaimSummary[] | null>(null);
  const [bills, setBills] = useState<Bill[] | null>(null);
  const action = useAction();

  useEffect(() => {
    void action.run(() => app.portal.policies.list()).then((r) => r && setPolicies(r.policies));
    void app.portal.inbox.list({ unread: true }).then((r) => r.ok && setUnread(r.value.messages.slice(0, 3)));
    void app.portal.payments
      .bills({})
      .then((r) => r.ok && setBills(r.value.bills.filter((b) => b.status === 'due' || b.status === 'overdue')));
    void app.portal.claims
      .list({})
      .then((r) => r.ok && setClaims(r.value.claims.filter((c) => OPEN_STATUSES.includes(c.status)).slice(0, 3)));
  }, [app.portal, app.unread]);

  if (!app.user) return null;
  const changed = app.notices.find((n) => n.code === 'username_changed');
  return (
    <section>
      <StepHeading>{t('home.title')}</StepHeading>
      <p className="hello">{t('home.hello', { name: app.user.fullName })}</p>
      {changed && (
        <p className="notice" role="status">
          {t('home.usernameChanged', { username: changed.newUsername })}
        </p>
      )}
      <h2>{t('home.policies')}</h2>
      <Outcome of={action} />
      {policies && <PolicyCards policies={policies} />}
      <h2>{t('payments.dueNow')}</h2>
      {bills && bills.length === 0 && <p>{t('payments.noneDue')}</p>}
      {bills && bills.length > 0 && (
        <ul className="claims">
          {bills.map((b) => (
            <BillCard key={b.billId} b={b} />
          ))}
        </ul>
      )}
      <p>
        <Link to="/pembayaran">{t('payments.allBills')}</Link>
      </p>
      <h2>{t('claims.inProgress')}</h2>
      {claims && claims.length === 0 && <p>{t('claims.noneInProgress')}</p>}
      {claims && claims.length > 0 && (
        <ul className="claims">
          {claims.map((c) => (
            <ClaimCard key={c.claimId} c={c} />
          ))}
        </ul>
      )}
      <p>
        <Link to="/klaim">{t('claims.allClaims')}</Link>
      </p>
      <h2>{t('home.messages')}</h2>
      {unread && unread.length === 0 && <p>{t('home.noUnread')}</p>}
      {unread && unread.length > 0 && (
        <ul className="list">
          {unread.map((m) => (
            <li key={m.messageId}>
              <Link to={`/kotak-masuk/${m.messageId}`}>{m.title}</Link>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/kotak-masuk">{t('home.allMessages', { count: app.unread })}</Link>
      </p>
    </section>
  );
}
