import type { Kysely, Selectable } from 'kysely';
import type { Claim, ClaimDocumentKind, ClaimStatus, ClaimSummary } from '../../../contract/api/claims';
import { nextYearlyNumber } from '../../store/counters';
import type { Database, ClaimsTable } from '../../store/schema';
import type { StoreKind } from '../../store/connect';
import { lockInOrder } from '../../store/lock-order';
import { fileView } from '../uploads/uploads';
import type { Clock } from '../clock';
import { iso, jakartaDate } from '../clock';
import { ServiceError } from '../errors';
import type { EventHub } from '../events/hub';
import type { Inbox } from '../events/inbox';
import { decodeCursor, encodeCursor } from '../paging';
import type { WorkingDays } from '../calendar/working-days';
import { allowedFrom, findMove, type Mover } from './state-machine';
import { appendTimeline } from '../../store/timeline';

export type ClaimRow = Selectable<ClaimsTable>;

/** What a move writes beside the status (claims.md's table: what each move records). */
export type MoveSet = Partial<Omit<ClaimRow, 'id' | 'status' | 'created_at'>>;

const WORKING_DAYS_TO_DECIDE = 14;

function maskAccount(n: string): string {
  return `${'•'.repeat(Math.max(0, n.length - 4))}${n.slice(-4)}`;
}

/**
 * The claims' rows as both sides see them: reading a claim whole, listing, numbering,
 * and the one way a claim changes status (claims.md, state machine).
 */
export class ClaimRecords {
  constructor(
    readonly db: Kysely<Database>,
    readonly clock: Clock,
    private readonly hub: EventHub,
    private readonly inbox: Inbox,
    readonly workingDays: WorkingDays,
    readonly kind: StoreKind,
  ) {}

  /**
   * The rows a claim's transaction will write, locked first in the one order
   * (server/store/lock-order.ts): the account that hears of it, the policy (its benefits), the claim.
   */
  async lock(
    trx: Kysely<Database>,
    claim: Pick<ClaimRow, 'policy_number' | 'customer_id' | 'filed_by_account_id'> & { id?: string },
  ): Promise<void> {
    const account = claim.filed_by_account_id ?? (await this.accountOf(trx, claim.customer_id));
    await lockInOrder(trx, this.kind, { account, policy: claim.policy_number, claim: claim.id });
  }

  /** `KLM-2026-000123`: one counter a year, moved by one upsert (two instances never share a number). */
  nextNumber(trx: Kysely<Database>, now: number): Promise<string> {
    return nextYearlyNumber(trx, 'claim_counters', 'KLM', now);
  }

  /** The expected decision date: 14 working days after `at` (api-v1.md, working days). */
  decisionDate(at: number): string {
    return this.workingDays.addWorkingDays(jakartaDate(at), WORKING_DAYS_TO_DECIDE);
  }

  appendTimeline(trx: Kysely<Database>, claimId: string, status: ClaimStatus, at: number, note?: string) {
    return appendTimeline(trx, 'claim_timeline', claimId, { status, at, note });
  }

  /**
   * The one way a claim changes status: the move must be in the table for `by`, and the
   * conditional UPDATE (`where status = from`) decides between racing moves; then the
   * timeline entry, the `claim.updated` event and the inbox message, all in `trx`.
   */
  async move(
    trx: Kysely<Database>,
    claim: ClaimRow,
    to: ClaimStatus,
    by: Mover,
    set: MoveSet,
    message: { note?: string; amount?: number; date?: string },
    now: number,
  ): Promise<ClaimRow> {
    if (!findMove(claim.status, to, by)) {
      throw new ServiceError('transition_invalid', `A claim in ${claim.status} cannot move to ${to}.`, {
        from: claim.status,
        allowed: allowedFrom(claim.status, by),
      });
    }
    await this.lock(trx, claim);
    const updated = await trx
      .updateTable('claims')
      .set({ ...set, status: to, updated_at: now })
      .where('id', '=', claim.id)
      .where('status', '=', claim.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      // Another move came first: say where the claim is now and what it allows from there.
      const now2 = await trx.selectFrom('claims').select('status').where('id', '=', claim.id).executeTakeFirst();
      const status = now2?.status ?? claim.status;
      throw new ServiceError('transition_invalid', 'The claim was moved by someone else first.', {
        from: status,
        allowed: allowedFrom(status, by),
      });
    }
    const after: ClaimRow = { ...claim, ...set, status: to, updated_at: now };
    await this.appendTimeline(trx, claim.id, to, now, message.note);
    await this.announce(trx, after, message, now);
    return after;
  }

  /** The event and the inbox message (with SMS or e-mail per the person's choices) of a change. */
  async announce(
    trx: Kysely<Database>,
    claim: ClaimRow,
    message: { note?: string; amount?: number; date?: string },
    now: number,
  ): Promise<void> {
    const accountId = await this.tellUpdated(trx, claim, now);
    if (!accountId || claim.status === 'draft') return;
    await this.inbox.deliver(
      trx,
      {
        accountId,
        category: 'claim',
        template: 'claim_status',
        params: {
          claimNumber: claim.claim_number,
          status: claim.status,
          method: claim.method,
          ...(message.amount !== undefined ? { amount: message.amount } : {}),
          ...(message.date !== undefined ? { date: message.date } : {}),
          ...(message.note !== undefined ? { note: message.note } : {}),
        },
        link: { kind: 'claim', id: claim.id },
        send: true,
      },
      now,
    );
  }

  /** The `claim.updated` event alone (the claim changed, not its status: a letter arrived). Answers the account told. */
  async tellUpdated(trx: Kysely<Database>, claim: ClaimRow, now: number): Promise<string | undefined> {
    const accountId = claim.filed_by_account_id ?? (await this.accountOf(trx, claim.customer_id));
    if (!accountId) return undefined;
    await this.hub.raise(
      trx,
      accountId,
      'claim.updated',
      { claimId: claim.id, claimNumber: claim.claim_number, status: claim.status },
      now,
    );
    return accountId;
  }

  private async accountOf(trx: Kysely<Database>, customerId: string): Promise<string | undefined> {
    const row = await trx.selectFrom('accounts').select('id').where('customer_id', '=', customerId).executeTakeFirst();
    return row?.id;
  }

  /** A claim the customer may see (filed by them, or for them), or `not_found` alike for any other. */
  async visibleRow(db: Kysely<Database>, customerId: string, claimId: string): Promise<ClaimRow> {
    const row = await db
      .selectFrom('claims')
      .selectAll()
      .where('id', '=', claimId)
      .where((eb) => eb.or([eb('filed_by_customer_id', '=', customerId), eb('customer_id', '=', customerId)]))
      .executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such claim.');
    return row;
  }

  async anyRow(db: Kysely<Database>, claimId: string): Promise<ClaimRow> {
    const row = await db.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such claim.');
    return row;
  }

  /** The whole claim as the contract answers it. */
  async toClaim(row: ClaimRow): Promise<Claim> {
    const [files, timeline, person, policy] = await Promise.all([
      this.db.selectFrom('claim_files').selectAll().where('claim_id', '=', row.id).orderBy('created_at').execute(),
      this.db.selectFrom('claim_timeline').selectAll().where('claim_id', '=', row.id).orderBy('seq').execute(),
      this.db.selectFrom('customers').select('full_name').where('id', '=', row.customer_id).executeTakeFirstOrThrow(),
      this.db
        .selectFrom('policies')
        .select('printed_number')
        .where('policy_number', '=', row.policy_number)
        .executeTakeFirstOrThrow(),
    ]);
    const opt = <T>(v: T | null | undefined) => (v === null || v === undefined ? undefined : v);
    const event = Object.fromEntries(
      Object.entries({
        date: row.event_date,
        admissionDate: row.admission_date,
        dischargeDate: row.discharge_date,
        providerId: row.provider_id,
        providerName: row.provider_name,
        diagnosis: row.diagnosis,
        icd10: row.icd10,
      }).filter(([, v]) => v !== null),
    );
    return {
      claimId: row.id,
      claimNumber: row.claim_number,
      policyNumber: policy.printed_number,
      person: { personId: row.customer_id, fullName: person.full_name },
      type: row.type,
      method: row.method,
      status: row.status,
      event,
      amountClaimed: opt(row.amount_claimed),
      approvedAmount: opt(row.approved_amount),
      paidAmount: opt(row.paid_amount),
      paidAt: row.paid_at === null ? undefined : iso(row.paid_at),
      payout:
        row.payout_bank_code && row.payout_account_number && row.payout_account_holder
          ? {
              bankCode: row.payout_bank_code,
              accountNumberMasked: maskAccount(row.payout_account_number),
              accountHolder: row.payout_account_holder,
            }
          : undefined,
      files: files.map((f) => ({ ...fileView(f), kind: f.kind as ClaimDocumentKind })),
      timeline: timeline.map((t) => ({ status: t.status, at: iso(t.at), ...(t.note ? { note: t.note } : {}) })),
      pendingRequest:
        row.status === 'documents_requested' && row.request_at !== null
          ? {
              note: row.request_note ?? '',
              documentKinds: JSON.parse(row.request_kinds ?? '[]') as ClaimDocumentKind[],
              at: iso(row.request_at),
            }
          : undefined,
      expectedDecisionDate: opt(row.expected_decision_date),
      createdAt: iso(row.created_at),
      submittedAt: row.submitted_at === null ? undefined : iso(row.submitted_at),
      rejectionReason: opt(row.rejection_reason),
      paymentReference: opt(row.payment_reference),
      guaranteeLetterDocumentId: opt(row.guarantee_document_id),
    };
  }

  /**
   * Newest first, paged by (created_at, id). Each branch is one indexed, ordered, limited
   * query (an OR of two columns would read and sort every row of a person with many
   * claims); their pages are merged here, a claim in two branches counted once.
   */
  async list(
    branches: Array<(q: ReturnType<ClaimRecords['base']>) => ReturnType<ClaimRecords['base']>>,
    page: { limit: number; cursor?: string },
  ): Promise<{ claims: ClaimSummary[]; nextCursor?: string }> {
    const c = page.cursor ? decodeCursor(page.cursor) : undefined;
    const pages = await Promise.all(
      branches.map((where) => {
        let q = where(this.base());
        if (c) {
          q = q.where((eb) =>
            eb.or([
              eb('claims.created_at', '<', c.at),
              eb.and([eb('claims.created_at', '=', c.at), eb('claims.id', '<', c.id)]),
            ]),
          );
        }
        return q
          .orderBy('claims.created_at', 'desc')
          .orderBy('claims.id', 'desc')
          .limit(page.limit + 1)
          .execute();
      }),
    );
    const rows = [...new Map(pages.flat().map((r) => [r.id, r])).values()]
      .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, page.limit + 1);
    const shown = rows.slice(0, page.limit);
    const last = shown.at(-1);
    return {
      claims: shown.map((r) => ({
        claimId: r.id,
        claimNumber: r.claim_number,
        policyNumber: r.printed_number,
        person: { personId: r.customer_id, fullName: r.full_name },
        type: r.type,
        method: r.method,
        status: r.status,
        eventDate: r.event_date ?? undefined,
        providerName: r.provider_name ?? undefined,
        amountClaimed: r.amount_claimed ?? undefined,
        approvedAmount: r.approved_amount ?? undefined,
        paidAmount: r.paid_amount ?? undefined,
        expectedDecisionDate: r.expected_decision_date ?? undefined,
        createdAt: iso(r.created_at),
        updatedAt: iso(r.updated_at),
        submittedAt: r.submitted_at === null ? undefined : iso(r.submitted_at),
      })),
      ...(rows.length > page.limit && last ? { nextCursor: encodeCursor(last.created_at, last.id) } : {}),
    };
  }

  base() {
    return this.db
      .selectFrom('claims')
      .innerJoin('customers', 'customers.id', 'claims.customer_id')
      .innerJoin('policies', 'policies.policy_number', 'claims.policy_number')
      .selectAll('claims')
      .select(['customers.full_name', 'policies.printed_number']);
  }
}
