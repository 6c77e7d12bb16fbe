import {
  PAYLOAD_SCHEMAS,
  RequestTypeSchema,
  STEP_UP_TYPES,
  type PolicyRequest,
  type RequestCreate,
  type RequestStatus,
  type RequestType,
} from '../../../contract/api/requests';
import { decimal4FromE4 } from '../../../contract/api/common';
import { isUniqueViolation } from '../../store/connect';
import type { Account } from '../account/account';
import { jakartaDate } from '../clock';
import { brokenRules, ServiceError } from '../errors';
import type { Principal } from '../identity/sessions';
import { newId } from '../identity/secrets';
import { newestFirst, pageOf } from '../paging';
import type { ClaimantView, Policies } from '../policies/policies';
import type { RequestRecords, RequestRow } from './records';
import { brokenRulesOf, type FundFacts } from './rules';
import { effectiveDate, fundsOf } from './funds';
import type { WorkingDays } from '../calendar/working-days';
import type { Bills } from '../payments/bills';
import type { Payments } from '../payments/payments';

const PENDING: RequestStatus[] = ['submitted', 'in_process'];
const FUND_TYPES: readonly RequestType[] = ['fund_switch', 'top_up', 'withdrawal'];

/** Whether the caller may ask for a type on this policy, and if not, why (policy-requests.md). */
function allowance(view: ClaimantView, unitLinked: boolean, type: RequestType): { allowed: boolean; reason?: string } {
  // Correcting one's own name, date of birth or NIK: anyone on the policy, whatever its state.
  if (type === 'data_correction') return { allowed: true };
  if (!view.callerRoles.includes('holder')) return { allowed: false, reason: 'not_policyholder' };
  if (FUND_TYPES.includes(type) && !unitLinked) return { allowed: false, reason: 'not_unit_linked' };
  if (type === 'reinstatement' && view.status !== 'lapsed') return { allowed: false, reason: 'policy_not_lapsed' };
  if (type !== 'reinstatement' && !['active', 'grace_period'].includes(view.status))
    return { allowed: false, reason: 'policy_not_active' };
  // The fund orders come with the fund catalogue and its prices; until then they are done at a branch.
  if (!PAYLOAD_SCHEMAS[type]) return { allowed: false, reason: 'not_available_online' };
  return { allowed: true };
}

/** Transaksi Polis, the policyholder's side: which changes may be asked for, asking, following, cancelling. */
export class Requests {
  constructor(
    private readonly records: RequestRecords,
    private readonly policies: Policies,
    private readonly account: Account,
    private readonly graceDays: number,
    private readonly workingDays: WorkingDays,
    private readonly bills: Bills,
    private readonly payments: Payments,
  ) {}

  /** The policy's funds as the rules read them: the product's codes, the units held, the latest prices. */
  private async fundFacts(view: ClaimantView): Promise<FundFacts | undefined> {
    const product = fundsOf(view.productName);
    if (!product) return undefined;
    const held = await this.db
      .selectFrom('policy_funds')
      .select(['fund_name', 'units_e4', 'unit_price_e4'])
      .where('policy_number', '=', view.policyNumber)
      .execute();
    const codeOf = new Map(product.funds.map((f) => [f.name, f.code]));
    const units = new Map<string, bigint>();
    const price = new Map<string, bigint>();
    for (const h of held) {
      const code = codeOf.get(h.fund_name);
      if (!code) continue;
      units.set(code, BigInt(h.units_e4));
      price.set(code, BigInt(h.unit_price_e4));
    }
    return { codes: new Set(product.funds.map((f) => f.code)), minimumValue: product.minimumValue, held: units, price };
  }

  private get db() {
    return this.records.db;
  }

  private async view(p: Principal, policyNumber: string): Promise<{ view: ClaimantView; unitLinked: boolean }> {
    const view = await this.policies.claimantView(p.customerId, policyNumber);
    if (!view) throw new ServiceError('not_found', 'No such policy.');
    const fund = await this.db
      .selectFrom('policy_funds')
      .select('fund_name')
      .where('policy_number', '=', view.policyNumber)
      .executeTakeFirst();
    return { view, unitLinked: !!fund };
  }

  async types(p: Principal, policyNumber: string) {
    const { view, unitLinked } = await this.view(p, policyNumber);
    const facts = unitLinked ? await this.fundFacts(view) : undefined;
    const product = fundsOf(view.productName);
    return {
      types: RequestTypeSchema.options.map((type) => ({ type, ...allowance(view, unitLinked, type) })),
      policyholderName: view.policyholderName,
      ...(facts && product
        ? {
            funds: product.funds.map((f) => {
              const units = facts.held.get(f.code) ?? 0n;
              return {
                fundCode: f.code,
                fundName: f.name,
                units: decimal4FromE4(units),
                value: Number((units * (facts.price.get(f.code) ?? 0n)) / 100_000_000n),
              };
            }),
          }
        : {}),
    };
  }

  async submit(p: Principal, body: RequestCreate): Promise<PolicyRequest> {
    const { view, unitLinked } = await this.view(p, body.policyNumber);
    const allowed = allowance(view, unitLinked, body.type);
    if (!allowed.allowed) throw brokenRules([allowed.reason!]);
    if (STEP_UP_TYPES.includes(body.type)) await this.account.requireStepUp(p);
    const now = this.records.clock.now();
    const policy = await this.db
      .selectFrom('policies')
      .select(['status', 'next_due_date'])
      .where('policy_number', '=', view.policyNumber)
      .executeTakeFirstOrThrow();
    const funds = FUND_TYPES.includes(body.type) ? await this.fundFacts(view) : undefined;
    const rules = brokenRulesOf(body.type, body.payload, {
      status: policy.status,
      policyholderName: view.policyholderName,
      ...(funds ? { funds } : {}),
      nextDueDate: policy.next_due_date,
      graceDays: this.graceDays,
      today: jakartaDate(now),
    });
    if (rules.length > 0) throw brokenRules(rules);
    const payload = PAYLOAD_SCHEMAS[body.type]!.parse(body.payload) as Record<string, unknown>;
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        await this.records.lock(trx, { accountId: p.accountId, policyNumber: view.policyNumber });
        const r: RequestRow = {
          id: newId(),
          number: await this.records.nextNumber(trx, now),
          policy_number: view.policyNumber,
          account_id: p.accountId,
          type: body.type,
          status: 'submitted',
          payload: JSON.stringify(payload),
          // Fund orders are priced at the cut-off's day (a top-up's at its payment's).
          effective_date:
            body.type === 'fund_switch' || body.type === 'withdrawal' ? effectiveDate(now, this.workingDays) : null,
          rejection_reason: null,
          bill_id:
            body.type === 'top_up'
              ? await this.bills.createTopUp(trx, view.policyNumber, (payload as { amount: number }).amount)
              : null,
          created_at: now,
          updated_at: now,
        };
        await trx.insertInto('requests').values(r).execute();
        await this.records.appendTimeline(trx, r.id, 'submitted', now);
        await this.records.announce(trx, r, now);
        return r;
      });
      return this.records.present(this.db, row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      let pendingQuery = this.db
        .selectFrom('requests')
        .select(['id', 'number'])
        .where('policy_number', '=', view.policyNumber)
        .where('type', '=', body.type)
        .where('status', 'in', PENDING);
      // A correction is one pending per person on the policy, not one per policy.
      if (body.type === 'data_correction') pendingQuery = pendingQuery.where('account_id', '=', p.accountId);
      const pending = await pendingQuery.executeTakeFirst();
      throw new ServiceError('conflict', 'A request of this type is already pending on this policy.', {
        id: pending?.id,
        number: pending?.number,
      });
    }
  }

  /** One of the caller's own requests, or `not_found` alike for a stranger's and a missing one. */
  async visible(p: Principal, id: string): Promise<RequestRow> {
    const row = await this.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.account_id !== p.accountId) throw new ServiceError('not_found', 'No such request.');
    return row;
  }

  async get(p: Principal, id: string): Promise<PolicyRequest> {
    return this.records.present(this.db, await this.visible(p, id));
  }

  async cancel(p: Principal, id: string): Promise<PolicyRequest> {
    const row = await this.visible(p, id);
    // A top-up's payment waiting at the gateway is cancelled there first (paid after all: no cancel).
    if (row.status === 'submitted' && row.type === 'top_up' && row.bill_id) await this.payments.cancelOpen(row.bill_id);
    const now = this.records.clock.now();
    const moved = await this.db.transaction().execute(async (trx) => {
      const m = await this.records.move(trx, row.id, ['submitted'], 'cancelled', now);
      if (m) await this.records.voidTopUpBill(trx, m, now);
      return m;
    });
    if (!moved)
      throw new ServiceError('transition_invalid', 'Only a request not yet in process can be cancelled.', {
        allowed: [],
      });
    return this.records.present(this.db, moved);
  }

  async list(
    p: Principal,
    q: { policyNumber?: string; status?: RequestStatus; limit: number; cursor?: string },
  ): Promise<{ requests: PolicyRequest[]; nextCursor?: string }> {
    let query = this.db.selectFrom('requests').selectAll().where('account_id', '=', p.accountId);
    if (q.policyNumber) query = query.where('policy_number', '=', q.policyNumber);
    if (q.status) query = query.where('status', '=', q.status);
    const { page, nextCursor } = pageOf(await newestFirst(query, q).execute(), q.limit, (r) => r.created_at);
    return {
      requests: await Promise.all(page.map((r) => this.records.present(this.db, r))),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  /** The policy's audit trail: one entry per applied change, newest first. */
  async history(p: Principal, policyNumber: string) {
    const { view } = await this.view(p, policyNumber);
    const rows = await this.db
      .selectFrom('policy_history')
      .selectAll()
      .where('policy_number', '=', view.policyNumber)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return {
      entries: rows.map((r) => ({ at: new Date(r.at).toISOString(), what: r.what, requestNumber: r.request_number })),
    };
  }
}
