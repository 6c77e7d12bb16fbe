import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InboxMessage } from '../../contract/api/events';
import type { PolicySummary } from '../../contract/api/policies';
import type { ClaimSummary } from '../../contract/api/claims';
import { OPEN_STATUSES } from './claims/claim-bits';
import { ClaimCard } from './claims/claims-list';
import type { Bill } from '../../contract/api/payments';
import { NeedsYou } from './home/needs-you';
import { QuickActions } from './home/quick-actions';
import { useApp } from '../app-context';
import { PolicyCards } from '../components/policy-cards';
import { Outcome, Skeleton, StepHeading, useAction } from '../components/ui';

/**
 * Beranda says what needs the person first ("Perlu tindakan": bills due, documents asked for),
 * then quick actions, the policies, the claims in progress as small trackers and the unread messages.
 */
export function Beranda() {
  const { t } = useTranslation();
  const app = useApp();
  const [policies, setPolicies] = useState<PolicySummary[] | null>(null);
  const [unread, setUnread] = useState<InboxMessage[] | null>(null);
  const [claims, setClaims] = useState<ClaimSummary[] | null>(null);
  const [bills, setBills] = useState<Bill[] | null>(null);
  // Consents given to a text that has changed since: the person is asked again (complaints-privacy.md).
  const [review, setReview] = useState(0);
  const action = useAction();

  useEffect(() => {
    void action.run(() => app.portal.policies.list()).then((r) => r && setPolicies(r.policies));
    void app.portal.inbox.list({ unread: true }).then((r) => r.ok && setUnread(r.value.messages.slice(0, 3)));
    void app.portal.payments.bills({}).then((r) => r.ok && setBills(r.value.bills));
    void app.portal.claims.list({}).then((r) => r.ok && setClaims(r.value.claims));
    void app.portal.privacy.consents().then((r) => r.ok && setReview(r.value.purposes.filter((c) => c.review).length));
    // The service writes the messages in the person's language: read again when it changes.
  }, [app.portal, app.unread, app.info.language]);

  if (!app.user) return null;
  const changed = app.notices.find((n) => n.code === 'username_changed');
  const open = claims?.filter((c) => OPEN_STATUSES.includes(c.status)).slice(0, 3);
  return (
    <section>
      <StepHeading>{t('home.title')}</StepHeading>
      <p className="hello">{t('home.hello', { name: app.user.fullName })}</p>
      {changed && (
        <p className="notice" role="status">
          {t('home.usernameChanged', { username: changed.newUsername })}
        </p>
      )}
      {review > 0 && (
        <p className="notice" role="status">
          {t('home.consentReview', { count: review })} <Link to="/akun/data-saya">{t('home.consentReviewOpen')}</Link>
        </p>
      )}
      {bills && claims ? <NeedsYou bills={bills} claims={claims} /> : <Skeleton lines={3} />}
      {policies && <QuickActions policies={policies} />}
      <h2>{t('home.policies')}</h2>
      <Outcome of={action} />
      {policies ? <PolicyCards policies={policies} /> : !action.error && <Skeleton lines={4} />}
      <h2>{t('claims.inProgress')}</h2>
      {open && open.length === 0 && <p>{t('claims.noneInProgress')}</p>}
      {open && open.length > 0 && (
        <ul className="claims">
          {open.map((c) => (
            <ClaimCard key={c.claimId} c={c} tracker />
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
