import type { ClaimStatus } from '../../../contract/api/claims';

export type Mover = 'customer' | 'back_office';

/** What a move must carry (claims.md, the status table). */
export type MoveField = 'note' | 'documentKinds' | 'approvedAmount' | 'reason' | 'paidAmount' | 'paidAt' | 'reference';

export interface Move {
  from: readonly ClaimStatus[];
  to: ClaimStatus;
  by: Mover;
  needs: readonly MoveField[];
}

/** The claim's state machine, exactly as claims.md's table (creation and deletion aside). */
export const CLAIM_MOVES: readonly Move[] = [
  { from: ['draft'], to: 'submitted', by: 'customer', needs: [] },
  { from: ['submitted'], to: 'verifying', by: 'back_office', needs: [] },
  { from: ['verifying', 'assessing'], to: 'documents_requested', by: 'back_office', needs: ['note', 'documentKinds'] },
  { from: ['documents_requested'], to: 'verifying', by: 'customer', needs: ['note'] },
  { from: ['verifying'], to: 'assessing', by: 'back_office', needs: [] },
  { from: ['assessing'], to: 'approved', by: 'back_office', needs: ['approvedAmount'] },
  { from: ['assessing'], to: 'rejected', by: 'back_office', needs: ['reason'] },
  { from: ['approved'], to: 'paid', by: 'back_office', needs: ['paidAmount', 'paidAt', 'reference'] },
  { from: ['submitted', 'verifying', 'documents_requested'], to: 'withdrawn', by: 'customer', needs: [] },
];

/** The move from `from` to `to` that `by` may make, if there is one. */
export function findMove(from: ClaimStatus, to: ClaimStatus, by: Mover): Move | undefined {
  return CLAIM_MOVES.find((m) => m.to === to && m.by === by && m.from.includes(from));
}

/** Where `by` may move a claim from `from` (the `details.allowed` of `transition_invalid`). */
export function allowedFrom(from: ClaimStatus, by: Mover): ClaimStatus[] {
  return CLAIM_MOVES.filter((m) => m.by === by && m.from.includes(from)).map((m) => m.to);
}
