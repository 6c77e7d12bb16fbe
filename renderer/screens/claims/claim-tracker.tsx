import { useTranslation } from 'react-i18next';
import type { Claim, ClaimStatus } from '../../../contract/api/claims';
import { longDate, longDay } from '../../format';

/** The road a claim travels, as a parcel tracker shows it; a request for documents is a stop on "verifying". */
const ROAD = ['submitted', 'verifying', 'assessing', 'approved', 'paid'] as const satisfies readonly ClaimStatus[];

/** Where on the road each status stands (a request for documents waits within verification). */
const PLACE: Partial<Record<ClaimStatus, number>> = {
  submitted: 0,
  verifying: 1,
  documents_requested: 1,
  assessing: 2,
  approved: 3,
  paid: 4,
};

type Tracked = Pick<Claim, 'status' | 'expectedDecisionDate'> & { timeline?: Claim['timeline'] };

/**
 * A claim's steps with the day each was reached, the current one marked, and the expected decision
 * date ahead; a refused or withdrawn claim ends where it stopped. `compact` draws the steps without
 * dates, for Beranda's small trackers.
 */
export function ClaimTracker({ claim, compact }: { claim: Tracked; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ended = claim.status === 'rejected' || claim.status === 'withdrawn';
  // An ended claim stops after the last step it reached.
  const reached = ended ? lastReached(claim.timeline) : (PLACE[claim.status] ?? -1);
  // The day a status was first reached, under its step (a full tracker only).
  const reachedOn = (s: ClaimStatus) => {
    const at = claim.timeline?.find((e) => e.status === s)?.at;
    return !compact && at ? <span className="hint">{longDay(at, lang)}</span> : null;
  };
  return (
    <ol className={compact ? 'tracker compact' : 'tracker'} aria-label={t('claims.tracker')}>
      {ROAD.map((step, i) => {
        if (ended && i > reached) return null;
        const state =
          ended || i < reached || (i === reached && step === 'paid') ? 'done' : i === reached ? 'current' : 'ahead';
        return (
          <li key={step} className={state} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="dot" aria-hidden="true" />
            <span className="step-name">
              {i === reached && claim.status === 'documents_requested'
                ? t('claims.status.documents_requested')
                : t(`claims.status.${step}`)}
            </span>
            {state !== 'ahead' && reachedOn(step)}
            {!compact && step === 'approved' && state === 'ahead' && claim.expectedDecisionDate && (
              <span className="hint">
                {t('claims.expectedBy', { date: longDate(claim.expectedDecisionDate, lang) })}
              </span>
            )}
          </li>
        );
      })}
      {ended && (
        <li className="ended" aria-current="step">
          <span className="dot" aria-hidden="true" />
          <span className="step-name">{t(`claims.status.${claim.status}`)}</span>
          {reachedOn(claim.status)}
        </li>
      )}
    </ol>
  );
}

function lastReached(timeline: Claim['timeline'] | undefined): number {
  let last = -1;
  for (const e of timeline ?? []) last = Math.max(last, PLACE[e.status] ?? -1);
  return last;
}
