import { useTranslation } from 'react-i18next';
import type { PolicyStatus } from '../../contract/api/policies';
import type { BillStatus, PaymentStatus } from '../../contract/api/payments';
import type { ClaimStatus } from '../../contract/api/claims';
import type { RequestStatus } from '../../contract/api/requests';
import type { ConsultationStatus } from '../../contract/api/consultations';
import type { ComplaintStatus } from '../../contract/api/complaints';

/**
 * The four tones every status is said in, whatever the area: still being handled, waiting on the
 * person, done (or in good standing), refused or ended. A person learns them once.
 */
export type Tone = 'progress' | 'action' | 'done' | 'ended';

/** Each area's statuses on the four tones; typed on the contract's enums, so a new status must be placed. */
export const TONES = {
  policy: { active: 'done', grace_period: 'action', lapsed: 'ended', terminated: 'ended' },
  bill: { upcoming: 'progress', due: 'action', overdue: 'action', paid: 'done', lapsed: 'ended' },
  payment: { pending: 'action', paid: 'done', expired: 'ended', failed: 'ended', cancelled: 'ended' },
  claim: {
    draft: 'action',
    submitted: 'progress',
    verifying: 'progress',
    documents_requested: 'action',
    assessing: 'progress',
    approved: 'progress',
    paid: 'done',
    rejected: 'ended',
    withdrawn: 'ended',
  },
  request: { submitted: 'progress', in_process: 'progress', done: 'done', rejected: 'ended', cancelled: 'ended' },
  consultation: { waiting: 'progress', active: 'progress', closed: 'done', cancelled: 'ended', expired: 'ended' },
  // Answered: the person's turn (are they satisfied?); escalated: it has left the insurer.
  complaint: {
    received: 'progress',
    in_progress: 'progress',
    extended: 'progress',
    answered: 'action',
    closed: 'done',
    escalated: 'ended',
    withdrawn: 'ended',
  },
} as const satisfies {
  policy: Record<PolicyStatus, Tone>;
  bill: Record<BillStatus, Tone>;
  payment: Record<PaymentStatus, Tone>;
  claim: Record<ClaimStatus, Tone>;
  request: Record<RequestStatus, Tone>;
  consultation: Record<ConsultationStatus, Tone>;
  complaint: Record<ComplaintStatus, Tone>;
};

export type StatusKind = keyof typeof TONES;

/** Where each area's status words live in the translations. */
const WORDS: Record<StatusKind, string> = {
  policy: 'home.status',
  bill: 'payments.status',
  payment: 'payments.paymentStatus',
  claim: 'claims.status',
  request: 'requests.status',
  consultation: 'consult.status',
  complaint: 'complaints.status',
};

/** One status, in words and in its tone, the same for policies, bills, claims, requests and consultations. */
export function Status<K extends StatusKind>({ kind, status }: { kind: K; status: keyof (typeof TONES)[K] & string }) {
  const { t } = useTranslation();
  const tone = TONES[kind][status] as Tone;
  return (
    <span className={`status-badge tone-${tone}`} data-tone={tone}>
      {t(`${WORDS[kind]}.${status}`)}
    </span>
  );
}
