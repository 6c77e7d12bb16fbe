import type { ComplaintStatus } from '../../../contract/api/complaints';

/** Who moves a complaint: the person, the back office, or the service itself (closing after 14 days). */
export type ComplaintMover = 'customer' | 'back_office' | 'service';

/** What a move must carry (complaints-privacy.md, the status table). */
export type ComplaintMoveField = 'reason' | 'answer' | 'outcome' | 'satisfied';

export interface ComplaintMove {
  from: readonly ComplaintStatus[];
  to: ComplaintStatus;
  by: ComplaintMover;
  needs: readonly ComplaintMoveField[];
}

/** The complaint's state machine, exactly as the spec's table (filing aside). */
export const COMPLAINT_MOVES: readonly ComplaintMove[] = [
  { from: ['received'], to: 'in_progress', by: 'back_office', needs: [] },
  // Once: nothing leads back to received or in_progress.
  { from: ['received', 'in_progress'], to: 'extended', by: 'back_office', needs: ['reason'] },
  { from: ['received', 'in_progress', 'extended'], to: 'answered', by: 'back_office', needs: ['answer', 'outcome'] },
  { from: ['answered'], to: 'closed', by: 'customer', needs: ['satisfied'] },
  { from: ['answered'], to: 'closed', by: 'service', needs: [] },
  { from: ['answered'], to: 'escalated', by: 'customer', needs: ['satisfied', 'reason'] },
  { from: ['received'], to: 'withdrawn', by: 'customer', needs: [] },
];

/** The move from `from` to `to` that `by` may make, if there is one. */
export function findComplaintMove(
  from: ComplaintStatus,
  to: ComplaintStatus,
  by: ComplaintMover,
): ComplaintMove | undefined {
  return COMPLAINT_MOVES.find((m) => m.to === to && m.by === by && m.from.includes(from));
}

/** Where `by` may move a complaint from `from` (the `details.allowed` of `transition_invalid`). */
export function allowedComplaintMoves(from: ComplaintStatus, by: ComplaintMover): ComplaintStatus[] {
  return [...new Set(COMPLAINT_MOVES.filter((m) => m.by === by && m.from.includes(from)).map((m) => m.to))];
}
