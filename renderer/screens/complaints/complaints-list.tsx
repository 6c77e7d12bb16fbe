import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ComplaintSummary } from '../../../contract/api/complaints';
import { useApp } from '../../app-context';
import { BackLink } from '../../components/back-link';
import { EmptyState } from '../../components/feedback';
import { Status } from '../../components/status';
import { Outcome, Skeleton, StepHeading, useAction } from '../../components/ui';
import { longDate, longDateTime } from '../../format';

/** Where a complaint stands against its due date, in words: working days left, today, or late. */
export function DueLine({ c }: { c: ComplaintSummary }) {
  const { t, i18n } = useTranslation();
  const due = longDate(c.dueDate, i18n.language);
  if (c.workingDaysLeft === undefined) return <>{t('complaints.dueOn', { date: due })}</>;
  if (c.overdue) return <strong>{t('complaints.overdue', { date: due })}</strong>;
  return <>{t('complaints.daysLeft', { count: c.workingDaysLeft, date: due })}</>;
}

/** Pengaduan: the person's complaints with their status and working days left, live as the insurer moves them. */
export function ComplaintsList() {
  const { t, i18n } = useTranslation();
  const { portal } = useApp();
  const [list, setList] = useState<ComplaintSummary[] | null>(null);
  const [tick, setTick] = useState(0);
  const load = useAction();
  useEffect(() => portal.complaints.onUpdated(() => setTick((n) => n + 1)), [portal]);
  useEffect(() => {
    void load.run(() => portal.complaints.list({})).then((r) => r && setList(r.complaints));
  }, [portal, tick]);
  return (
    <section>
      <BackLink to="/beranda" label={t('nav.backHome')} />
      <StepHeading>{t('complaints.title')}</StepHeading>
      <p>{t('complaints.lead')}</p>
      <p>
        <Link to="/pengaduan/baru" className="button">
          {t('complaints.new')}
        </Link>
      </p>
      <Outcome of={load} />
      {!list && !load.error && <Skeleton />}
      {list && list.length === 0 && <EmptyState text={t('complaints.none')} next={t('complaints.noneNext')} />}
      {list && list.length > 0 && (
        <ul className="claims">
          {list.map((c) => (
            <li key={c.complaintId} className="claim-card">
              <p>
                <Link to={`/pengaduan/${c.complaintId}`}>
                  <strong>
                    {c.complaintNumber} · {t(`complaints.category.${c.category}`)}
                  </strong>
                </Link>{' '}
                <Status kind="complaint" status={c.status} />
              </p>
              <p className="hint">
                {t('complaints.received', { date: longDateTime(c.receivedAt, i18n.language) })} · <DueLine c={c} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
