import { fileView } from '../uploads/uploads';
import type { Kysely, Selectable } from 'kysely';
import type { PolicyRequest, RequestStatus, RequestType } from '../../../contract/api/requests';
import { nextYearlyNumber } from '../../store/counters';
import type { Database, RequestsTable } from '../../store/schema';
import type { StoreKind } from '../../store/connect';
import { lockInOrder } from '../../store/lock-order';
import { iso, type Clock } from '../clock';
import { ServiceError } from '../errors';
import type { EventHub } from '../events/hub';
import type { Inbox } from '../events/inbox';
import { appendTimeline } from '../../store/timeline';

export type RequestRow = Selectable<RequestsTable>;

/** The requests' records: numbers, timeline, moves, and who hears of them. */
export class RequestRecords {
  constructor(
    readonly db: Kysely<Database>,
    readonly clock: Clock,
    private readonly hub: EventHub,
    private readonly inbox: Inbox,
    private readonly kind: StoreKind,
  ) {}

  /** A request's rows, locked in the one order (lock-order.ts): the account, the policy, the request. */
  async lock(trx: Kysely<Database>, r: { accountId: string; policyNumber: string; requestId?: string }) {
    await lockInOrder(trx, this.kind, { account: r.accountId, policy: r.policyNumber, request: r.requestId });
  }

  /** `TRX-2026-000045`: numbered per year, one counter row taken by an upsert. */
  nextNumber(trx: Kysely<Database>, now: number): Promise<string> {
    return nextYearlyNumber(trx, 'request_counters', 'TRX', now);
  }

  appendTimeline(trx: Kysely<Database>, requestId: string, status: RequestStatus, at: number, note?: string) {
    return appendTimeline(trx, 'request_timeline', requestId, { status, at, note });
  }

  async present(db: Kysely<Database>, row: RequestRow): Promise<PolicyRequest> {
    const [timeline, policy, files] = await Promise.all([
      db.selectFrom('request_timeline').selectAll().where('request_id', '=', row.id).orderBy('seq').execute(),
      db
        .selectFrom('policies')
        .select('printed_number')
        .where('policy_number', '=', row.policy_number)
        .executeTakeFirstOrThrow(),
      db.selectFrom('request_files').selectAll().where('request_id', '=', row.id).orderBy('created_at').execute(),
    ]);
    return {
      requestId: row.id,
      number: row.number,
      policyNumber: policy.printed_number,
      type: row.type as RequestType,
      status: row.status,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      timeline: timeline.map((t) => ({ status: t.status, at: iso(t.at), ...(t.note ? { note: t.note } : {}) })),
      ...(row.effective_date ? { effectiveDate: row.effective_date } : {}),
      ...(row.rejection_reason ? { rejectionReason: row.rejection_reason } : {}),
      ...(row.bill_id ? { billId: row.bill_id } : {}),
      ...(files.length > 0 ? { files: files.map(fileView) } : {}),
      createdAt: iso(row.created_at),
    };
  }

  /** The person hears of every move: `request.updated` on the stream and, past submission, Kotak Masuk. */
  async announce(trx: Kysely<Database>, row: RequestRow, now: number): Promise<void> {
    const policy = await trx
      .selectFrom('policies')
      .select('printed_number')
      .where('policy_number', '=', row.policy_number)
      .executeTakeFirstOrThrow();
    await this.hub.raise(
      trx,
      row.account_id,
      'request.updated',
      { requestId: row.id, number: row.number, policyNumber: policy.printed_number, status: row.status },
      now,
    );
    await this.inbox.deliver(
      trx,
      {
        accountId: row.account_id,
        category: 'request',
        template: 'request_status',
        params: { requestNumber: row.number, status: row.status, policyNumber: policy.printed_number },
        link: { kind: 'request', id: row.id },
        send: row.status !== 'submitted' && row.status !== 'cancelled',
      },
      now,
    );
  }

  /**
   * A top-up that will not go ahead takes its unpaid bill with it (voided: never paid, never
   * shown), so nobody pays for units that will not be bought. Payments of it that failed or
   * expired are no obstacle; one open at the gateway (cancel it first: `Payments.cancelOpen`)
   * or a bill paid meanwhile stops the move.
   */
  async voidTopUpBill(trx: Kysely<Database>, row: RequestRow, now: number): Promise<void> {
    if (row.type !== 'top_up' || !row.bill_id) return;
    const open = await trx
      .selectFrom('payments')
      .select('id')
      .where('bill_id', '=', row.bill_id)
      .where('status', 'in', ['creating', 'pending', 'paid'])
      .executeTakeFirst();
    const voided = await trx
      .updateTable('bills')
      .set({ voided_at: now })
      .where('id', '=', row.bill_id)
      .where('paid_at', 'is', null)
      .where('voided_at', 'is', null)
      .executeTakeFirst();
    if (open || Number(voided.numUpdatedRows) !== 1)
      throw new ServiceError('transition_invalid', 'The top-up bill is being paid.', {
        allowed: [],
        reason: 'payment_started',
      });
  }

  /** One statement moves it from one of `from`: of two racing moves, one wins. */
  async move(
    trx: Kysely<Database>,
    id: string,
    from: RequestStatus[],
    to: RequestStatus,
    now: number,
    set: Partial<RequestRow> = {},
    note?: string,
  ): Promise<RequestRow | undefined> {
    const owner = await trx
      .selectFrom('requests')
      .select(['account_id', 'policy_number'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!owner) return undefined;
    await this.lock(trx, { accountId: owner.account_id, policyNumber: owner.policy_number, requestId: id });
    const moved = await trx
      .updateTable('requests')
      .set({ ...set, status: to, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
    if (!moved) return undefined;
    await this.appendTimeline(trx, id, to, now, note);
    await this.announce(trx, moved, now);
    return moved;
  }
}
