import type { Kysely } from 'kysely';
import type { CashlessClaimCreate, Claim, ClaimList, ClaimStatus, ClaimTransition } from '../../../contract/api/claims';
import { normalisePolicyNumber } from '../../../contract/api/common';
import { rupiah } from '../../../contract/money';
import type { Database } from '../../store/schema';
import { jakartaDate } from '../clock';
import type { JobHandler, Jobs } from '../../jobs/jobs';
import type { JobRunner } from '../../jobs/runner';
import type { Documents } from '../documents/documents';
import { heading, renderPdf, row as line, tanggal } from '../documents/render-pdf';
import { brokenRules, ServiceError } from '../errors';
import { newId } from '../identity/secrets';
import type { Policies } from '../policies/policies';
import type { BenefitLimits } from './benefits';
import { coverOf } from './catalogue';
import type { Claims } from './claims';
import { providerKey } from './claims';
import type { ClaimRecords, ClaimRow, MoveSet } from './records';
import { allowedFrom, findMove } from './state-machine';

/** The insurer's side of claims (claims.md, Back office): moves, cashless claims, lists. */
export class ClaimsBackOffice {
  constructor(
    private readonly records: ClaimRecords,
    private readonly claims: Claims,
    private readonly policies: Policies,
    private readonly benefits: BenefitLimits,
    private readonly jobs: Jobs,
    private readonly runner: Pick<JobRunner, 'runNow'>,
  ) {}

  private get db() {
    return this.records.db;
  }

  async get(claimId: string): Promise<Claim> {
    return this.claims.present(await this.records.anyRow(this.db, claimId));
  }

  async list(q: { limit: number; cursor?: string; status?: ClaimStatus }): Promise<ClaimList> {
    return this.records.list([(base) => (q.status ? base.where('claims.status', '=', q.status) : base)], q);
  }

  /** `POST /v1/admin/claims/{claimId}/transitions`: one move of the table, with what it records. */
  async transition(claimId: string, t: ClaimTransition): Promise<Claim> {
    const row = await this.records.anyRow(this.db, claimId);
    const move = findMove(row.status, t.to, 'back_office');
    if (!move) {
      throw new ServiceError('transition_invalid', `A claim in ${row.status} cannot move to ${t.to}.`, {
        from: row.status,
        allowed: allowedFrom(row.status, 'back_office'),
      });
    }
    const missing = move.needs.filter((f) => t[f] === undefined).map((f) => `missing_field:${f}`);
    if (missing.length > 0) throw brokenRules(missing);
    const now = this.records.clock.now();
    // Read before the transaction: on SQLite the transaction holds the one connection.
    const covers = await this.coversOf(row);
    const moved = await this.db.transaction().execute(async (trx) => {
      await this.records.lock(trx, row);
      const { set, message, after } = await this.effects(trx, row, t, covers, now);
      const done = await this.records.move(trx, row, t.to, 'back_office', set, message, now);
      await after?.();
      return done;
    });
    return this.claims.present(moved);
  }

  /** What each move records beside its status, and its rules. */
  private async effects(
    trx: Kysely<Database>,
    row: ClaimRow,
    t: ClaimTransition,
    covers: { covers: string[]; startDate: string } | undefined,
    now: number,
  ): Promise<{
    set: MoveSet;
    message: { note?: string; amount?: number; date?: string };
    after?: () => Promise<void>;
  }> {
    switch (t.to) {
      case 'documents_requested':
        return {
          set: {
            request_note: t.note!,
            request_kinds: JSON.stringify(t.documentKinds),
            request_at: now,
            // The promise is counted again from the answer (claims.md, Expected decision).
            expected_decision_date: null,
          },
          message: { note: t.note },
        };
      case 'approved': {
        const rules: string[] = [];
        if (row.amount_claimed !== null && t.approvedAmount! > row.amount_claimed) rules.push('approved_over_claimed');
        const left = covers && (await this.benefits.remaining(trx, row, covers.covers, covers.startDate, now));
        if (left && t.approvedAmount! > left.remaining) rules.push('benefit_limit_exceeded');
        if (rules.length > 0) throw brokenRules(rules, left ? { remaining: left.remaining } : {});
        return { set: { approved_amount: t.approvedAmount! }, message: { amount: t.approvedAmount!, note: t.note } };
      }
      case 'rejected':
        return { set: { rejection_reason: t.reason!, expected_decision_date: null }, message: { note: t.reason } };
      case 'paid': {
        const paidAt = Date.parse(t.paidAt!);
        const rules: string[] = [];
        if (t.paidAmount! > (row.approved_amount ?? 0)) rules.push('paid_over_approved');
        if (paidAt > now) rules.push('paid_at_in_future');
        if (rules.length > 0) throw brokenRules(rules);
        const left = covers && (await this.benefits.remaining(trx, row, covers.covers, covers.startDate, now));
        return {
          set: { paid_amount: t.paidAmount!, paid_at: paidAt, payment_reference: t.reference! },
          message: { amount: t.paidAmount!, date: jakartaDate(paidAt) },
          // The paid amount uses the benefit it was paid under, in the same transaction (claims.md).
          after: left
            ? () =>
                this.benefits.use(
                  trx,
                  {
                    policyNumber: row.policy_number,
                    customerId: row.customer_id,
                    code: left.code,
                    periodFrom: left.periodFrom,
                  },
                  t.paidAmount!,
                  left.limit,
                )
            : undefined,
        };
      }
      default:
        return { set: {}, message: { note: t.note } };
    }
  }

  /** The covers of the claim's person, which decide the benefit a payment uses. */
  private async coversOf(row: ClaimRow) {
    const view = await this.policies.claimantView(row.customer_id, row.policy_number);
    const person = view?.people.find((p) => p.customerId === row.customer_id);
    return view && person ? { covers: person.covers, startDate: view.startDate } : undefined;
  }

  /** A cashless claim for a group member, with its guarantee letter among the member's documents. */
  async createCashless(body: CashlessClaimCreate): Promise<Claim> {
    const policyNumber = normalisePolicyNumber(body.policyNumber);
    const memberId = await this.policies.memberByNumber(policyNumber, body.memberNumber);
    if (!memberId) throw new ServiceError('not_found', 'No such member on this policy.');
    const view = (await this.policies.claimantView(memberId, policyNumber))!;
    const person = view.people.find((p) => p.customerId === memberId)!;
    const covered = person.covers.some((c) => {
      const cover = coverOf(c);
      return cover?.types.includes(body.type) && cover.methods.includes('cashless');
    });
    const rules: string[] = [];
    if (!['active', 'grace_period'].includes(view.status)) rules.push('policy_not_active');
    if (!covered) rules.push('cashless_not_covered');
    const now = this.records.clock.now();
    const today = jakartaDate(now);
    if ([body.event.date, body.event.admissionDate, body.event.dischargeDate].some((d) => d && d > today))
      rules.push('date_in_future');
    if (rules.length > 0) throw brokenRules(rules);
    const e = body.event;
    const { row, jobIds } = await this.db.transaction().execute(async (trx) => {
      const draft = { policy_number: policyNumber, customer_id: memberId, filed_by_account_id: null };
      // The policy's row first: two guarantees for one person are decided one after the other.
      await this.records.lock(trx, draft);
      const left = await this.benefits.remaining(
        trx,
        { ...draft, type: body.type },
        person.covers,
        view.startDate,
        now,
      );
      if (left && body.guaranteedAmount > left.remaining)
        throw brokenRules(['benefit_limit_exceeded'], { remaining: left.remaining });
      const row: ClaimRow = {
        id: newId(),
        claim_number: await this.records.nextNumber(trx, now),
        policy_number: policyNumber,
        customer_id: memberId,
        filed_by_customer_id: null,
        filed_by_account_id: null,
        type: body.type,
        method: 'cashless',
        status: 'approved',
        event_date: e.date,
        admission_date: e.admissionDate ?? null,
        discharge_date: e.dischargeDate ?? null,
        provider_id: e.providerId ?? null,
        provider_name: e.providerName,
        provider_key: providerKey(e.providerId, e.providerName),
        diagnosis: e.diagnosis,
        icd10: e.icd10 ?? null,
        amount_claimed: null,
        approved_amount: body.guaranteedAmount,
        paid_amount: null,
        paid_at: null,
        payment_reference: null,
        rejection_reason: null,
        payout_bank_code: null,
        payout_account_number: null,
        payout_account_holder: null,
        request_note: null,
        request_kinds: null,
        request_at: null,
        expected_decision_date: null,
        guarantee_document_id: null,
        created_at: now,
        updated_at: now,
        submitted_at: now,
      };
      await trx.insertInto('claims').values(row).execute();
      await this.records.appendTimeline(trx, row.id, 'submitted', now, e.providerName);
      await this.records.appendTimeline(trx, row.id, 'approved', now);
      await this.records.announce(trx, row, { amount: body.guaranteedAmount }, now);
      // The letter is rendered and stored by a job, run at once: the answer usually carries it.
      const jobIds = await this.jobs.addAll(trx, now, [
        {
          kind: GUARANTEE_LETTER_JOB,
          key: `guarantee-letter:${row.id}`,
          payload: { claimId: row.id, documentId: newId(), memberNumber: body.memberNumber.toUpperCase() },
          runByCaller: true,
        },
      ]);
      return { row, jobIds };
    });
    await this.runner.runNow(jobIds);
    return this.claims.present(await this.records.anyRow(this.db, row.id));
  }
}

export const GUARANTEE_LETTER_JOB = 'claim.guarantee_letter';

/**
 * The guarantee letter of a cashless claim, among the member's own documents, linked to the
 * claim. Rendered from what the claim records, so running it again makes the same letter.
 */
export function guaranteeLetterJob(
  records: ClaimRecords,
  policies: Policies,
  documents: Documents,
): JobHandler<{ claimId: string; documentId: string; memberNumber: string }> {
  return {
    kind: GUARANTEE_LETTER_JOB,
    retry: { maxAttempts: 30 },
    // A PDF is rendered on the CPU that answers requests: one at a time, a burst answered first.
    concurrency: 1,
    async run({ claimId, documentId, memberNumber }) {
      const row = await records.anyRow(records.db, claimId);
      if (row.guarantee_document_id) return;
      const view = (await policies.claimantView(row.customer_id, row.policy_number))!;
      const person = view.people.find((p) => p.customerId === row.customer_id)!;
      const issued = jakartaDate(row.created_at);
      const letter = await guaranteeLetter({
        claimNumber: row.claim_number,
        memberName: person.fullName,
        memberNumber,
        policyNumber: view.printedNumber,
        policyholder: view.policyholderName,
        type: row.type as 'hospitalization' | 'outpatient',
        provider: row.provider_name ?? '',
        admission: row.admission_date ?? row.event_date ?? issued,
        diagnosis: row.diagnosis ?? '',
        amount: row.approved_amount ?? 0,
        issued,
      });
      await documents.putOnce(
        documentId,
        {
          policyNumber: row.policy_number,
          customerId: row.customer_id,
          title: `Surat Jaminan ${row.claim_number}`,
          category: 'other',
          issuedAt: issued,
          bytes: letter,
        },
        records.clock.now(),
      );
      await records.db.transaction().execute(async (trx) => {
        await records.lock(trx, row);
        const linked = await trx
          .updateTable('claims')
          .set({ guarantee_document_id: documentId })
          .where('id', '=', claimId)
          .where('guarantee_document_id', 'is', null)
          .executeTakeFirst();
        if (Number(linked.numUpdatedRows) === 1) await records.tellUpdated(trx, row, records.clock.now());
      });
    },
  };
}

/** Surat Jaminan: the letter the provider keeps, generated as a PDF in Indonesian. */
function guaranteeLetter(g: {
  claimNumber: string;
  memberName: string;
  memberNumber: string;
  policyNumber: string;
  policyholder: string;
  type: 'hospitalization' | 'outpatient';
  provider: string;
  admission: string;
  diagnosis: string;
  amount: number;
  issued: string;
}): Promise<Buffer> {
  const what = g.type === 'hospitalization' ? 'Rawat Inap' : 'Rawat Jalan';
  return renderPdf(`Surat Jaminan ${what} ${g.claimNumber}`, (doc) => {
    heading(doc, `Surat Jaminan ${what}`);
    doc.text(`Nomor: ${g.claimNumber}`).moveDown();
    doc.text(`Kepada Yth. ${g.provider}`).moveDown();
    doc.text('Dengan ini kami menjamin biaya perawatan peserta berikut sesuai ketentuan polis:').moveDown(0.5);
    line(doc, 'Nama Peserta', g.memberName);
    line(doc, 'Nomor Peserta', g.memberNumber);
    line(doc, 'Nomor Polis', g.policyNumber);
    line(doc, 'Pemegang Polis', g.policyholder);
    line(doc, 'Tanggal Masuk', tanggal(g.admission));
    line(doc, 'Diagnosa', g.diagnosis);
    line(doc, 'Batas Jaminan', rupiah(g.amount, 'id'));
    doc.moveDown();
    doc.text(
      'Biaya di luar manfaat polis dan di atas batas jaminan menjadi tanggungan peserta. Surat ini berlaku untuk satu kali perawatan.',
    );
    doc.moveDown();
    doc.text(`Diterbitkan ${tanggal(g.issued)}`);
    doc.text('Departemen Klaim');
  });
}
