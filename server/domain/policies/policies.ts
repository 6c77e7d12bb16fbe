import { hasMemberCard } from '../claims/catalogue';
import type { Kysely, Selectable } from 'kysely';
import { decimal4FromE4 } from '../../../contract/api/common';
import type { PolicyDetail, PolicySummary } from '../../../contract/api/policies';
import type { Database, PoliciesTable } from '../../store/schema';
import { ServiceError } from '../errors';

type PolicyRow = Selectable<PoliciesTable> & { role: 'holder' | 'insured' | 'member'; member_number: string | null };

/** What premium bills are made from (payments.md, Bills). */
export interface PremiumSchedule {
  policyNumber: string;
  printedNumber: string;
  /** The product's name, for what people read (a bill is named by it and its period). */
  productName: string;
  policyType: PoliciesTable['policy_type'];
  status: PoliciesTable['status'];
  premiumAmount: number;
  frequency: PoliciesTable['premium_frequency'];
  nextDueDate: string | null;
}

/** The columns of a policy that make its premium schedule. */
const SCHEDULE_COLUMNS = [
  'policies.policy_number',
  'policies.printed_number',
  'policies.product_name',
  'policies.policy_type',
  'policies.status',
  'policies.premium_amount',
  'policies.premium_frequency',
  'policies.next_due_date',
] as const;

function scheduleOf(
  r: Pick<
    Selectable<PoliciesTable>,
    | 'policy_number'
    | 'printed_number'
    | 'product_name'
    | 'policy_type'
    | 'status'
    | 'premium_amount'
    | 'premium_frequency'
    | 'next_due_date'
  >,
): PremiumSchedule {
  return {
    policyNumber: r.policy_number,
    printedNumber: r.printed_number,
    productName: r.product_name,
    policyType: r.policy_type,
    status: r.status,
    premiumAmount: r.premium_amount,
    frequency: r.premium_frequency,
    nextDueDate: r.next_due_date,
  };
}

/** What claims need of a policy, seen by one of its people (claims.md, options and rules). */
export interface ClaimantView {
  policyNumber: string;
  printedNumber: string;
  policyType: PoliciesTable['policy_type'];
  status: PoliciesTable['status'];
  startDate: string;
  policyholderName: string;
  productName: string;
  /** The caller's parts: holder and insured on a personal policy, member on a group one. */
  callerRoles: string[];
  /** Who a claim may be for, with the covers (basic and riders) each has. */
  people: Array<{ customerId: string; fullName: string; role: string; memberNumber: string | null; covers: string[] }>;
  beneficiaryNames: string[];
}

/** Only a policy in force gives a member card. */
export const CARD_STATUSES: ReadonlySet<string> = new Set(['active', 'grace_period']);

/** The policies a person may read: those they hold, are insured on, or are a member of. */
export class Policies {
  constructor(private readonly db: Kysely<Database>) {}

  async list(customerId: string): Promise<PolicySummary[]> {
    const rows = await this.rows(customerId);
    const byNumber = new Map<string, PolicyRow>();
    for (const r of rows) if (!byNumber.has(r.policy_number)) byNumber.set(r.policy_number, r);
    return Promise.all([...byNumber.values()].map(async (r) => this.summary(r, await this.insured(r, customerId))));
  }

  /** The caller's part of a policy, or undefined when it is not theirs (or does not exist). */
  async partOf(customerId: string, policyNumber: string): Promise<{ role: string } | undefined> {
    return this.db
      .selectFrom('policy_parties')
      .select('role')
      .where('customer_id', '=', customerId)
      .where('policy_number', '=', policyNumber)
      .executeTakeFirst();
  }

  /** The policy as claims see it, or undefined when it is not the caller's (or does not exist). */
  async claimantView(customerId: string, policyNumber: string): Promise<ClaimantView | undefined> {
    const rows = await this.rows(customerId, policyNumber);
    const row = rows.find((r) => r.role === 'member') ?? rows[0];
    if (!row) return undefined;
    const group = row.policy_type === 'group';
    let people = this.db
      .selectFrom('policy_parties')
      .innerJoin('customers', 'customers.id', 'policy_parties.customer_id')
      .select(['customers.id', 'customers.full_name', 'policy_parties.role', 'policy_parties.member_number'])
      .where('policy_parties.policy_number', '=', row.policy_number)
      .where('policy_parties.role', 'in', ['insured', 'member']);
    if (group) people = people.where('policy_parties.customer_id', '=', customerId);
    const [insured, covers, beneficiaries] = await Promise.all([
      people.orderBy('customers.full_name').execute(),
      this.db
        .selectFrom('policy_coverages')
        .select(['name', 'customer_id'])
        .where('policy_number', '=', row.policy_number)
        .orderBy('seq')
        .execute(),
      this.beneficiaries(row, customerId),
    ]);
    return {
      policyNumber: row.policy_number,
      printedNumber: row.printed_number,
      policyType: row.policy_type,
      status: row.status,
      startDate: row.start_date,
      policyholderName: row.policyholder_name,
      productName: row.product_name,
      callerRoles: rows.map((r) => r.role),
      people: insured.map((p) => ({
        customerId: p.id,
        fullName: p.full_name,
        role: p.role,
        memberNumber: p.member_number,
        covers: covers.filter((c) => c.customer_id === null || c.customer_id === p.id).map((c) => c.name),
      })),
      beneficiaryNames: beneficiaries.map((b) => b.full_name),
    };
  }

  /** The premium schedules of the policies a person holds (they pay them; a group's employer pays its own). */
  /** A policy's premium schedule, whoever holds it (the service's own follow-up of grace and lapse). */
  async scheduleOf(policyNumber: string): Promise<PremiumSchedule | undefined> {
    const r = await this.db
      .selectFrom('policies')
      .select(SCHEDULE_COLUMNS)
      .where('policies.policy_number', '=', policyNumber)
      .executeTakeFirst();
    return r && scheduleOf(r);
  }

  async schedulesHeldBy(customerId: string, policyNumber?: string): Promise<PremiumSchedule[]> {
    let q = this.db
      .selectFrom('policy_parties')
      .innerJoin('policies', 'policies.policy_number', 'policy_parties.policy_number')
      .select(SCHEDULE_COLUMNS)
      .where('policy_parties.customer_id', '=', customerId)
      .where('policy_parties.role', '=', 'holder');
    if (policyNumber !== undefined) q = q.where('policies.policy_number', '=', policyNumber);
    const rows = await q.orderBy('policies.policy_number').execute();
    return rows.map(scheduleOf);
  }

  /** Moves a policy's status from one of `from` to `to` (grace and lapse follow the bills); false if it was not there. */
  async moveStatus(
    db: Kysely<Database>,
    policyNumber: string,
    from: PoliciesTable['status'][],
    to: PoliciesTable['status'],
  ): Promise<boolean> {
    const r = await db
      .updateTable('policies')
      .set({ status: to })
      .where('policy_number', '=', policyNumber)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** A member of a group policy by their member number (the back office's way to name them). */
  async memberByNumber(policyNumber: string, memberNumber: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('policy_parties')
      .select('customer_id')
      .where('policy_number', '=', policyNumber)
      .where('role', '=', 'member')
      .where('member_number', '=', memberNumber.toUpperCase())
      .executeTakeFirst();
    return row?.customer_id;
  }

  /** One policy, or `not_found` alike for a stranger's and a missing one. */
  async get(customerId: string, policyNumber: string): Promise<PolicyDetail> {
    const rows = await this.rows(customerId, policyNumber);
    const row = rows.find((r) => r.role === 'member') ?? rows[0];
    if (!row) throw new ServiceError('not_found', 'No such policy.');
    const insured = await this.insured(row, customerId);
    const [coverages, beneficiaries, funds, address] = await Promise.all([
      this.coverages(row, customerId),
      this.beneficiaries(row, customerId),
      this.db
        .selectFrom('policy_funds')
        .selectAll()
        .where('policy_number', '=', row.policy_number)
        .orderBy('fund_name')
        .execute(),
      this.db
        .selectFrom('policy_addresses')
        .selectAll()
        .where('policy_number', '=', row.policy_number)
        .executeTakeFirst(),
    ]);
    const summary = this.summary(row, insured);
    return {
      ...summary,
      memberNumber: row.member_number,
      insured: insured.map((i) => ({ fullName: i.full_name, memberNumber: i.member_number })),
      premium: { ...summary.premium, paymentMethod: row.payment_method },
      tabarruAmount: row.tabarru_amount,
      beneficiaries: beneficiaries.map((b) => ({
        fullName: b.full_name,
        relationship: b.relationship,
        sharePercent: b.share_percent,
      })),
      coverages,
      ...(address
        ? {
            correspondenceAddress: {
              line1: address.line1,
              ...(address.line2 ? { line2: address.line2 } : {}),
              city: address.city,
              province: address.province,
              postalCode: address.postal_code,
            },
          }
        : {}),
      funds:
        funds.length === 0
          ? null
          : funds.map((f) => ({
              fundName: f.fund_name,
              units: decimal4FromE4(f.units_e4),
              unitPrice: decimal4FromE4(f.unit_price_e4),
              // Rupiah, rounded down: units × price from the exact integers (BigInt: the product passes 2^53).
              value: Number((BigInt(f.units_e4) * BigInt(f.unit_price_e4)) / 100_000_000n),
              priceDate: f.price_date,
            })),
    };
  }

  /** Basic cover and riders; on a group policy only the caller's own. */
  private async coverages(row: PolicyRow, customerId: string) {
    let q = this.db
      .selectFrom('policy_coverages')
      .leftJoin('customers', 'customers.id', 'policy_coverages.customer_id')
      .select(['policy_coverages.name', 'policy_coverages.kind', 'policy_coverages.sum_assured', 'customers.full_name'])
      .where('policy_coverages.policy_number', '=', row.policy_number);
    if (row.policy_type === 'group') q = q.where('policy_coverages.customer_id', '=', customerId);
    const rows = await q.orderBy('policy_coverages.seq').execute();
    return rows.map((c) => ({
      name: c.name,
      kind: c.kind,
      sumAssured: c.sum_assured,
      insuredName: c.full_name ?? null,
    }));
  }

  /**
   * Beneficiaries: on a group policy only the caller's own, never another
   * employee's family; elsewhere those of the whole policy.
   */
  private beneficiaries(row: PolicyRow, customerId: string) {
    let q = this.db.selectFrom('policy_beneficiaries').selectAll().where('policy_number', '=', row.policy_number);
    q =
      row.policy_type === 'group'
        ? q.where('customer_id', '=', customerId)
        : q.where((eb) => eb.or([eb('customer_id', 'is', null), eb('customer_id', '=', customerId)]));
    return q.orderBy('seq').execute();
  }

  private rows(customerId: string, policyNumber?: string): Promise<PolicyRow[]> {
    let q = this.db
      .selectFrom('policy_parties')
      .innerJoin('policies', 'policies.policy_number', 'policy_parties.policy_number')
      .selectAll('policies')
      .select(['policy_parties.role', 'policy_parties.member_number'])
      .where('policy_parties.customer_id', '=', customerId);
    if (policyNumber !== undefined) q = q.where('policies.policy_number', '=', policyNumber);
    return q.orderBy('policies.start_date').orderBy('policies.policy_number').execute();
  }

  /**
   * Who is insured. A group member sees only their own cover, never the other
   * employees on the same group policy.
   */
  private insured(row: PolicyRow, customerId: string) {
    let q = this.db
      .selectFrom('policy_parties')
      .innerJoin('customers', 'customers.id', 'policy_parties.customer_id')
      .select(['customers.full_name', 'policy_parties.member_number'])
      .where('policy_parties.policy_number', '=', row.policy_number)
      .where('policy_parties.role', 'in', ['insured', 'member']);
    if (row.policy_type === 'group') q = q.where('policy_parties.customer_id', '=', customerId);
    return q.orderBy('customers.full_name').execute();
  }

  private summary(r: PolicyRow, insured: Array<{ full_name: string }>): PolicySummary {
    return {
      policyNumber: r.printed_number,
      policyType: r.policy_type,
      productName: r.product_name,
      status: r.status,
      policyholderName: r.policyholder_name,
      insuredNames: insured.map((i) => i.full_name),
      startDate: r.start_date,
      sumAssured: r.sum_assured,
      premium: { amount: r.premium_amount, frequency: r.premium_frequency, nextDueDate: r.next_due_date },
      memberCard: hasMemberCard(r.policy_type, r.product_name) && CARD_STATUSES.has(r.status),
    };
  }
}
