import { startAutodebit } from '../payments/autodebit/start';
import { recordMovements } from '../statements/movements';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  AddressPayloadSchema,
  DataCorrectionPayloadSchema,
  BeneficiaryPayloadSchema,
  FundSwitchPayloadSchema,
  PaymentMethodPayloadSchema,
  TopUpPayloadSchema,
  WithdrawalPayloadSchema,
  PolicyRequest,
  RequestStatus,
} from '../../../contract/api/requests';
import type { Database } from '../../store/schema';
import { brokenRules, ServiceError } from '../errors';
import { newId } from '../identity/secrets';
import type { RequestRecords, RequestRow } from './records';
import { decimal4FromE4, decimal4ToE4 } from '../../../contract/api/common';
import { longDate, units4 } from '../../../contract/dates';
import { rupiah } from '../../../contract/money';
import type { WorkingDays } from '../calendar/working-days';
import { effectiveDate, fundsOf, priceOn } from './funds';
import { jakartaDate } from '../clock';
import { GiveUp, NotYet, type JobHandler } from '../../jobs/jobs';
import { TOP_UP_JOB } from '../payments/booking';
import type { Payments } from '../payments/payments';
import { dueOnOrAfter } from '../payments/bills';

/** A paid top-up waiting for its day's unit prices looks again this often (an import wakes it sooner). */
const TOP_UP_PRICE_WAIT_MS = 15 * 60_000;

/**
 * A correction of the person's own record, done only with the document that shows it: the
 * insurer's customer record (what registration and the policies read) and, where the person
 * holds policies, the name those carry.
 */
async function applyCorrection(
  trx: Kysely<Database>,
  row: RequestRow,
  c: z.output<typeof DataCorrectionPayloadSchema>,
): Promise<void> {
  const files = await trx
    .selectFrom('request_files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('request_id', '=', row.id)
    .executeTakeFirstOrThrow();
  if (Number(files.n) === 0) throw brokenRules(['document_required']);
  const { customer_id: customerId } = await trx
    .selectFrom('accounts')
    .select('customer_id')
    .where('id', '=', row.account_id)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('customers')
    .set({
      ...(c.fullName !== undefined ? { full_name: c.fullName } : {}),
      ...(c.dateOfBirth !== undefined ? { date_of_birth: c.dateOfBirth } : {}),
      ...(c.idNumber !== undefined ? { id_number: c.idNumber } : {}),
    })
    .where('id', '=', customerId)
    .execute();
  if (c.fullName !== undefined) {
    await trx
      .updateTable('policies')
      .set({ policyholder_name: c.fullName })
      .where(
        'policy_number',
        'in',
        trx
          .selectFrom('policy_parties')
          .select('policy_number')
          .where('customer_id', '=', customerId)
          .where('role', '=', 'holder'),
      )
      .execute();
  }
}

/** The back office's moves (api-v1.md, Back office): what may follow what. */
const MOVES: Record<RequestStatus, RequestStatus[]> = {
  submitted: ['in_process', 'rejected'],
  in_process: ['done', 'rejected'],
  done: [],
  rejected: [],
  cancelled: [],
};

const METHOD_NAMES = {
  auto_debit_card: 'Autodebet kartu kredit',
  auto_debit_bca: 'Autodebet rekening BCA',
  virtual_account: 'Virtual Account',
} as const;

/**
 * What `done` does to the policy, in the transaction that marks it done, with the line the
 * policy's history keeps (none for a change of the person's own record). From then on the
 * policy's answer shows the change.
 */
async function apply(trx: Kysely<Database>, row: RequestRow, now: number): Promise<string | null> {
  const payload = JSON.parse(row.payload) as unknown;
  switch (row.type) {
    case 'address_change': {
      const a = payload as z.output<typeof AddressPayloadSchema>;
      const address = {
        line1: a.line1,
        line2: a.line2 ?? null,
        city: a.city,
        province: a.province,
        postal_code: a.postalCode,
        updated_at: now,
      };
      await trx
        .insertInto('policy_addresses')
        .values({ policy_number: row.policy_number, ...address })
        .onConflict((oc) => oc.column('policy_number').doUpdateSet(address))
        .execute();
      return `Alamat korespondensi diubah: ${a.line1}, ${a.city} ${a.postalCode}`;
    }
    case 'beneficiary_change': {
      const { beneficiaries } = payload as z.output<typeof BeneficiaryPayloadSchema>;
      // The policy's own beneficiaries are replaced; a group member's own ones are not the holder's to change.
      await trx
        .deleteFrom('policy_beneficiaries')
        .where('policy_number', '=', row.policy_number)
        .where('customer_id', 'is', null)
        .execute();
      await trx
        .insertInto('policy_beneficiaries')
        .values(
          beneficiaries.map((b, i) => ({
            policy_number: row.policy_number,
            seq: i + 1,
            full_name: b.fullName,
            relationship: b.relationship,
            share_percent: b.sharePercent,
            customer_id: null,
            date_of_birth: b.dateOfBirth,
          })),
        )
        .execute();
      return `Penerima manfaat diubah: ${beneficiaries.map((b) => `${b.fullName} ${b.sharePercent}%`).join(', ')}`;
    }
    case 'payment_method_change': {
      const m = payload as z.output<typeof PaymentMethodPayloadSchema>;
      const text = `${METHOD_NAMES[m.method]}${m.debitDay ? `, tanggal ${m.debitDay}` : ''}`;
      await trx
        .updateTable('policies')
        .set({ payment_method: text })
        .where('policy_number', '=', row.policy_number)
        .execute();
      await startAutodebit(trx, row, m, now);
      return `Metode pembayaran diubah: ${text}`;
    }
    case 'reinstatement': {
      const moved = await trx
        .updateTable('policies')
        .set({ status: 'active' })
        .where('policy_number', '=', row.policy_number)
        .where('status', '=', 'lapsed')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1)
        throw new ServiceError('transition_invalid', 'The policy is no longer lapsed.', { allowed: ['rejected'] });
      // The arrears are settled with the reinstatement: the unpaid bills that lapsed it would lapse it
      // again. The schedule goes on from its next due date from today.
      const today = jakartaDate(now);
      await trx
        .updateTable('bills')
        .set({ voided_at: now })
        .where('policy_number', '=', row.policy_number)
        .where('kind', '=', 'premium')
        .where('paid_at', 'is', null)
        .where('voided_at', 'is', null)
        .where('due_date', '<', today)
        .execute();
      const schedule = await trx
        .selectFrom('policies')
        .select(['next_due_date', 'premium_frequency'])
        .where('policy_number', '=', row.policy_number)
        .executeTakeFirstOrThrow();
      if (schedule.next_due_date)
        await trx
          .updateTable('policies')
          .set({ next_due_date: dueOnOrAfter(schedule.next_due_date, schedule.premium_frequency, today) })
          .where('policy_number', '=', row.policy_number)
          .execute();
      return 'Polis dipulihkan dan aktif kembali';
    }
    case 'policy_book_duplicate':
      return 'Duplikat buku polis diterbitkan';
    case 'data_correction':
      // The person's record, not the policy's: no line in the policy's history (on a group policy
      // every member reads it); the request's own timeline is the record of it.
      await applyCorrection(trx, row, payload as z.output<typeof DataCorrectionPayloadSchema>);
      return null;
    case 'fund_switch':
    case 'top_up':
    case 'withdrawal':
      return applyFunds(trx, row, payload, now);
    default:
      throw new ServiceError('transition_invalid', 'This type is not carried out online yet.', {
        allowed: ['rejected'],
      });
  }
}

/** A fund order at its effective date's prices, in exact units (integers of 1e-4; BigInt). */
async function applyFunds(trx: Kysely<Database>, row: RequestRow, payload: unknown, now: number): Promise<string> {
  const policy = await trx
    .selectFrom('policies')
    .select('product_name')
    .where('policy_number', '=', row.policy_number)
    .executeTakeFirstOrThrow();
  const product = fundsOf(policy.product_name);
  const date = row.effective_date;
  if (!product || !date)
    throw new ServiceError('transition_invalid', 'This policy has no funds.', { allowed: ['rejected'] });
  const nameOf = new Map(product.funds.map((f) => [f.code, f.name]));
  const held = new Map<string, bigint>();
  for (const h of await trx
    .selectFrom('policy_funds')
    .select(['fund_name', 'units_e4'])
    .where('policy_number', '=', row.policy_number)
    .execute()) {
    const code = product.funds.find((f) => f.name === h.fund_name)?.code;
    if (code) held.set(code, BigInt(h.units_e4));
  }
  const prices = new Map<string, bigint>();
  for (const f of product.funds) {
    const p = await priceOn(trx, f.code, date);
    if (p) prices.set(f.code, p);
  }
  const price = (code: string) => {
    const p = prices.get(code);
    if (!p)
      throw new ServiceError('transition_invalid', `No unit price of ${code} on ${date} yet.`, {
        allowed: ['in_process'],
      });
    return p;
  };
  const before = new Map(held);
  let lines: string[];
  if (row.type === 'fund_switch') {
    const f = payload as z.output<typeof FundSwitchPayloadSchema>;
    let value = 0n;
    for (const x of f.from) {
      const out = ((held.get(x.fundCode) ?? 0n) * BigInt(x.percent)) / 100n;
      held.set(x.fundCode, (held.get(x.fundCode) ?? 0n) - out);
      value += out * price(x.fundCode);
    }
    for (const x of f.to) {
      const into = (value * BigInt(x.percent)) / 100n / price(x.fundCode);
      held.set(x.fundCode, (held.get(x.fundCode) ?? 0n) + into);
    }
    lines = [`Pengalihan dana pada harga ${longDate(date, 'id')}`];
  } else if (row.type === 'top_up') {
    const t = payload as z.output<typeof TopUpPayloadSchema>;
    for (const x of t.allocation) {
      const into = (BigInt(t.amount) * 100_000_000n * BigInt(x.percent)) / 100n / price(x.fundCode);
      held.set(x.fundCode, (held.get(x.fundCode) ?? 0n) + into);
    }
    lines = [`Top up ${rupiah(t.amount, 'id')} pada harga ${longDate(date, 'id')}`];
  } else {
    const w = payload as z.output<typeof WithdrawalPayloadSchema>;
    if (w.units) {
      for (const u of w.units) held.set(u.fundCode, (held.get(u.fundCode) ?? 0n) - decimal4ToE4(u.units));
    } else {
      // An amount is taken from every fund in proportion to its value.
      const wanted = BigInt(w.amount!) * 100_000_000n;
      const total = [...held].reduce((sum, [code, units]) => sum + units * price(code), 0n);
      for (const [code, units] of held) held.set(code, units - (units * wanted) / total);
    }
    const remaining = [...held].reduce((sum, [code, units]) => sum + units * price(code), 0n);
    if (remaining < BigInt(product.minimumValue) * 100_000_000n)
      throw new ServiceError('validation_failed', 'The policy would fall below its minimum value.', {
        rules: ['below_minimum_remaining'],
      });
    lines = [`Penarikan dana pada harga ${longDate(date, 'id')}`];
  }
  for (const [code, units] of held) {
    if (units < 0n)
      throw new ServiceError('validation_failed', 'More units than held.', { rules: ['units_over_held'] });
    // Units are stored as exact integers of ten-thousandths: never past what a number holds exactly.
    if (units > BigInt(Number.MAX_SAFE_INTEGER))
      throw new ServiceError('validation_failed', 'More units than a policy can hold.', {
        rules: ['units_over_limit'],
      });
    const name = nameOf.get(code)!;
    if (units === 0n) {
      await trx
        .deleteFrom('policy_funds')
        .where('policy_number', '=', row.policy_number)
        .where('fund_name', '=', name)
        .execute();
      continue;
    }
    const set = { units_e4: Number(units), unit_price_e4: Number(price(code)), price_date: date };
    await trx
      .insertInto('policy_funds')
      .values({ policy_number: row.policy_number, fund_name: name, ...set })
      .onConflict((oc) => oc.columns(['policy_number', 'fund_name']).doUpdateSet(set))
      .execute();
  }
  const moved = [...held].filter(([code, units]) => units !== (before.get(code) ?? 0n));
  await recordMovements(trx, {
    policyNumber: row.policy_number,
    date,
    moved: moved.map(([code, units]) => ({
      fundCode: code,
      unitsE4: units - (before.get(code) ?? 0n),
      priceE4: price(code),
    })),
    kind: (units) =>
      row.type === 'fund_switch'
        ? units < 0n
          ? 'switch_out'
          : 'switch_in'
        : row.type === 'top_up'
          ? 'top_up'
          : 'withdrawal',
    requestId: row.id,
    now,
  });
  return `${lines[0]}: ${moved.map(([code, units]) => `${nameOf.get(code)} ${units4(decimal4FromE4(units), 'id')} unit`).join(', ')}`;
}

/** `POST /v1/admin/requests/{id}/transitions`: the back office moves a request; `done` applies it. */
export class RequestsBackOffice {
  constructor(
    private readonly records: RequestRecords,
    private readonly workingDays: WorkingDays,
    private readonly payments: Payments,
  ) {}

  /**
   * A top-up's bill was paid (a job after the booking): the request is in process, priced at
   * the cut-off of the moment it was paid, and done — its units bought — once that day's unit
   * prices are there. Until then the job waits (`NotYet`); a price import wakes it.
   */
  async topUpPaid(billId: string): Promise<void> {
    const db = this.records.db;
    const bill = await db.selectFrom('bills').select(['paid_at']).where('id', '=', billId).executeTakeFirst();
    const row = await db.selectFrom('requests').selectAll().where('bill_id', '=', billId).executeTakeFirst();
    if (!bill || bill.paid_at === null || !row) return;
    if (!['submitted', 'in_process'].includes(row.status))
      throw new GiveUp(`the top-up ${row.number} was paid but is ${row.status}: it is for the back office to refund`);
    const date = row.effective_date ?? effectiveDate(bill.paid_at, this.workingDays);
    if (row.status === 'submitted') {
      const now = this.records.clock.now();
      await db
        .transaction()
        .execute((trx) => this.records.move(trx, row.id, ['submitted'], 'in_process', now, { effective_date: date }));
    }
    // Every fund it buys and every fund the policy holds is valued at that day's price.
    const payload = JSON.parse(row.payload) as z.output<typeof TopUpPayloadSchema>;
    const policy = await db
      .selectFrom('policies')
      .select('product_name')
      .where('policy_number', '=', row.policy_number)
      .executeTakeFirstOrThrow();
    const funds = fundsOf(policy.product_name)?.funds ?? [];
    const held = await db
      .selectFrom('policy_funds')
      .select('fund_name')
      .where('policy_number', '=', row.policy_number)
      .execute();
    const codes = new Set([
      ...payload.allocation.map((a) => a.fundCode),
      ...held.flatMap((h) => funds.filter((f) => f.name === h.fund_name).map((f) => f.code)),
    ]);
    for (const fundCode of codes)
      if (!(await priceOn(db, fundCode, date)))
        throw new NotYet(TOP_UP_PRICE_WAIT_MS, `no unit price of ${fundCode} on ${date} yet`);
    const now = this.records.clock.now();
    await db.transaction().execute(async (trx) => {
      const moved = await this.records.move(trx, row.id, ['in_process'], 'done', now);
      if (!moved) return;
      const what = await apply(trx, moved, now);
      if (what)
        await trx
          .insertInto('policy_history')
          .values({ id: newId(), policy_number: moved.policy_number, at: now, what, request_number: moved.number })
          .execute();
    });
  }

  /** The back office's list: newest first, by status or by number (at most 200). */
  async list(q: { status?: RequestStatus; number?: string }): Promise<PolicyRequest[]> {
    let query = this.records.db.selectFrom('requests').selectAll();
    if (q.status) query = query.where('status', '=', q.status);
    if (q.number) query = query.where('number', '=', q.number);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
    return Promise.all(rows.map((r) => this.records.present(this.records.db, r)));
  }

  async move(
    id: string,
    body: { to: 'in_process' | 'done' | 'rejected'; note?: string; reason?: string },
  ): Promise<PolicyRequest> {
    const db = this.records.db;
    const row = await db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such request.');
    const allowed = MOVES[row.status];
    if (!allowed.includes(body.to))
      throw new ServiceError('transition_invalid', `A ${row.status} request cannot become ${body.to}.`, { allowed });
    // A top-up is done by its payment, not by hand.
    if (row.type === 'top_up' && body.to === 'done')
      throw new ServiceError('transition_invalid', 'A top-up is done when its bill is paid.', {
        allowed: allowed.filter((x) => x !== 'done'),
      });
    if (body.to === 'rejected' && !body.reason)
      throw new ServiceError('invalid_request', 'A rejection says why.', { in: 'body', fields: ['reason'] });
    // A top-up's payment waiting at the gateway is cancelled there first (paid after all: no rejection).
    if (body.to === 'rejected' && row.type === 'top_up' && row.bill_id) await this.payments.cancelOpen(row.bill_id);
    const now = this.records.clock.now();
    const moved = await db.transaction().execute(async (trx) => {
      const m = await this.records.move(
        trx,
        row.id,
        [row.status],
        body.to,
        now,
        body.to === 'rejected' ? { rejection_reason: body.reason ?? null } : {},
        body.note,
      );
      if (!m) return undefined;
      if (body.to === 'rejected') await this.records.voidTopUpBill(trx, m, now);
      if (body.to === 'done') {
        const what = await apply(trx, m, now);
        if (what)
          await trx
            .insertInto('policy_history')
            .values({ id: newId(), policy_number: m.policy_number, at: now, what, request_number: m.number })
            .execute();
      }
      return m;
    });
    if (!moved) {
      const now2 = await db.selectFrom('requests').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      throw new ServiceError('transition_invalid', 'The request moved meanwhile.', { allowed: MOVES[now2.status] });
    }
    return this.records.present(db, moved);
  }
}

/** The job that buys a paid top-up's units (`RequestsBackOffice.topUpPaid`). */
export function topUpJob(backOffice: RequestsBackOffice): JobHandler<{ billId: string }> {
  // Prices may be days late (a long weekend, a late file): waited for, not given up on.
  return {
    kind: TOP_UP_JOB,
    retry: { maxAttempts: 30 },
    async run({ billId }) {
      try {
        await backOffice.topUpPaid(billId);
      } catch (err) {
        // A rule the top-up breaks does not heal by waiting: the back office takes it from here.
        if (err instanceof ServiceError && err.code !== 'unavailable') throw new GiveUp(err.message);
        throw err;
      }
    },
  };
}
