import type { Account } from '../account/account';
import { lockInOrder } from '../../store/lock-order';
import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import type { Language } from '../../../contract/api/common';
import {
  CLAIM_FILES_MAX,
  type Claim,
  type ClaimCreate,
  type ClaimDocumentKind,
  type ClaimFile,
  type ClaimList,
  type ClaimOptions,
  type ClaimPatch,
  type ClaimStatus,
  type ClaimType,
} from '../../../contract/api/claims';
import { normalisePolicyNumber } from '../../../contract/api/common';
import type { Database } from '../../store/schema';
import { addDays } from '../calendar/working-days';
import { accountLanguage } from '../account/language';
import { deleteDraftRows, DraftGone } from './drafts';
import { jakartaDate } from '../clock';
import type { DocumentStore } from '../documents/store';
import { brokenRules, ServiceError } from '../errors';
import type { Principal } from '../identity/sessions';
import { newId } from '../identity/secrets';
import type { ClaimantView, Policies } from '../policies/policies';
import { fileView, storedFileRow, type Uploads } from '../uploads/uploads';
import { bankName } from './banks';
import { checklist, coverOf, requiredKinds } from './catalogue';
import { sameName } from './names';
import { isUniqueViolation } from '../../store/connect';
import type { ClaimRow, ClaimRecords } from './records';

const EDITABLE: readonly ClaimStatus[] = ['draft'];
const FILES_OPEN: readonly ClaimStatus[] = ['draft', 'documents_requested'];
const CLAIMABLE_POLICY = new Set(['active', 'grace_period']);

/** The provider as the duplicate rule compares it (claims.md): its id, or its name without case or spacing. */
export function providerKey(id: string | null | undefined, name: string | null | undefined): string {
  if (id) return `id:${id}`;
  if (name)
    return `name:${name
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()}`;
  return '';
}

/** The claim types each person of a policy may claim (claims.md: from the covers and riders). */
export function typesFor(view: ClaimantView): Map<ClaimType, { methods: Set<string>; personIds: string[] }> {
  const types = new Map<ClaimType, { methods: Set<string>; personIds: string[] }>();
  if (!CLAIMABLE_POLICY.has(view.status)) return types;
  for (const person of view.people) {
    for (const name of person.covers) {
      const cover = coverOf(name);
      for (const type of cover?.types ?? []) {
        // A death claim is the policyholder's (or a beneficiary's), never the insured's own.
        if (type === 'death' && !view.callerRoles.includes('holder')) continue;
        const t = types.get(type) ?? { methods: new Set(), personIds: [] };
        for (const m of cover?.methods ?? []) t.methods.add(m);
        if (!t.personIds.includes(person.customerId)) t.personIds.push(person.customerId);
        types.set(type, t);
      }
    }
  }
  return types;
}

/** Claims as the policyholder files and follows them (claims.md, calls of the customer). */
export class Claims {
  constructor(
    private readonly records: ClaimRecords,
    private readonly policies: Policies,
    private readonly uploads: Uploads,
    private readonly store: DocumentStore,
    readonly deadlineDays: number,
    /** Step-up (api-v1.md): where the money of a claim goes is a sensitive change. */
    private readonly stepUp: Pick<Account, 'requireStepUp'>,
  ) {}

  private get db() {
    return this.records.db;
  }
  private now() {
    return this.records.clock.now();
  }

  /** The language the person reads the service's labels in. */
  languageOf(p: Principal): Promise<Language> {
    return accountLanguage(this.db, p.accountId);
  }

  async options(p: Principal, policyNumber: string): Promise<ClaimOptions> {
    const [view, lang] = await Promise.all([this.view(p, policyNumber), this.languageOf(p)]);
    return {
      people: view.people.map((x) => ({ personId: x.customerId, fullName: x.fullName, role: x.role })),
      types: [...typesFor(view)].map(([type, t]) => ({
        type,
        methods: [...t.methods] as ClaimOptions['types'][number]['methods'],
        documents: checklist(type, lang),
        personIds: t.personIds,
      })),
      deadlineDays: this.deadlineDays,
    };
  }

  async create(p: Principal, body: ClaimCreate): Promise<Claim> {
    const view = await this.view(p, body.policyNumber);
    const rules = this.coverRules(view, body.personId, body.type);
    if (body.payout) rules.push(...this.payoutRules(view, body.personId, body.type, body.payout));
    rules.push(...this.futureDates(body.event));
    if (rules.length > 0) throw brokenRules(rules);
    if (body.payout) await this.stepUp.requireStepUp(p);
    const now = this.now();
    const e = await this.withProvider(body.event ?? {});
    const row = await this.db.transaction().execute(async (trx) => {
      await lockInOrder(trx, this.records.kind, { account: p.accountId, policy: view.policyNumber });
      const row: ClaimRow = {
        id: newId(),
        claim_number: await this.records.nextNumber(trx, now),
        policy_number: view.policyNumber,
        customer_id: body.personId,
        filed_by_customer_id: p.customerId,
        filed_by_account_id: p.accountId,
        type: body.type,
        method: 'reimbursement',
        status: 'draft',
        event_date: e.date ?? null,
        admission_date: e.admissionDate ?? null,
        discharge_date: e.dischargeDate ?? null,
        provider_id: e.providerId ?? null,
        provider_name: e.providerName ?? null,
        provider_key: providerKey(e.providerId, e.providerName),
        diagnosis: e.diagnosis ?? null,
        icd10: e.icd10 ?? null,
        amount_claimed: body.amountClaimed ?? null,
        approved_amount: null,
        paid_amount: null,
        paid_at: null,
        payment_reference: null,
        rejection_reason: null,
        payout_bank_code: body.payout?.bankCode ?? null,
        payout_account_number: body.payout?.accountNumber ?? null,
        payout_account_holder: body.payout?.accountHolder ?? null,
        request_note: null,
        request_kinds: null,
        request_at: null,
        expected_decision_date: null,
        guarantee_document_id: null,
        created_at: now,
        updated_at: now,
        submitted_at: null,
      };
      await trx.insertInto('claims').values(row).execute();
      await this.records.appendTimeline(trx, row.id, 'draft', now);
      await this.records.announce(trx, row, {}, now);
      return row;
    });
    return this.present(row);
  }

  /**
   * A provider picked from the network (network.md) is named as the network names it; an id
   * the network does not know is a broken rule.
   */
  private async withProvider<E extends { providerId?: string | null; providerName?: string | null }>(e: E): Promise<E> {
    if (!e.providerId) return e;
    const provider = await this.db
      .selectFrom('providers')
      .select('name')
      .where('id', '=', e.providerId)
      .executeTakeFirst();
    if (!provider) throw brokenRules(['provider_unknown']);
    return { ...e, providerName: provider.name };
  }

  /** Fills a draft; `null` clears a field. */
  async update(p: Principal, claimId: string, body: ClaimPatch): Promise<Claim> {
    const row = await this.records.visibleRow(this.db, p.customerId, claimId);
    this.requireStatus(row, EDITABLE);
    const view = await this.view(p, row.policy_number);
    const personId = body.personId ?? row.customer_id;
    const type = body.type ?? row.type;
    const rules = body.personId || body.type ? this.coverRules(view, personId, type) : [];
    if (body.payout) rules.push(...this.payoutRules(view, personId, type, body.payout));
    rules.push(...this.futureDates(body.event));
    if (rules.length > 0) throw brokenRules(rules);
    if (body.payout) await this.stepUp.requireStepUp(p);
    const set: Partial<ClaimRow> = { customer_id: personId, type, updated_at: this.now() };
    const e = body.event && (await this.withProvider(body.event));
    if (e) {
      const map = {
        date: 'event_date',
        admissionDate: 'admission_date',
        dischargeDate: 'discharge_date',
        providerId: 'provider_id',
        providerName: 'provider_name',
        diagnosis: 'diagnosis',
        icd10: 'icd10',
      } as const;
      for (const [k, col] of Object.entries(map) as Array<[keyof typeof map, (typeof map)[keyof typeof map]]>) {
        if (e[k] !== undefined) set[col] = e[k];
      }
    }
    if (body.amountClaimed !== undefined) set.amount_claimed = body.amountClaimed;
    if (body.payout !== undefined) {
      set.payout_bank_code = body.payout?.bankCode ?? null;
      set.payout_account_number = body.payout?.accountNumber ?? null;
      set.payout_account_holder = body.payout?.accountHolder ?? null;
    }
    const merged = { ...row, ...set };
    set.provider_key = providerKey(merged.provider_id, merged.provider_name);
    const done = await this.db
      .updateTable('claims')
      .set(set)
      .where('id', '=', row.id)
      .where('status', 'in', EDITABLE)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) this.requireStatus(await this.records.anyRow(this.db, row.id), EDITABLE);
    return this.present({ ...merged, ...set });
  }

  /** Deletes a draft with its files. */
  async remove(p: Principal, claimId: string): Promise<void> {
    const row = await this.records.visibleRow(this.db, p.customerId, claimId);
    this.requireStatus(row, EDITABLE);
    const keys = await this.db
      .transaction()
      .execute((trx) => deleteDraftRows(trx, row.id))
      .catch((err: unknown) => {
        throw err instanceof DraftGone ? this.notNow(row.status) : err;
      });
    for (const key of keys) await this.store.delete(key);
  }

  async addFile(
    p: Principal,
    claimId: string,
    kind: ClaimDocumentKind,
    upload: { body: Readable; contentType: string; length?: number; fileName?: string },
  ): Promise<ClaimFile> {
    const row = await this.records.visibleRow(this.db, p.customerId, claimId);
    this.requireStatus(row, FILES_OPEN);
    await this.requireRoom(this.db, row.id);
    const now = this.now();
    return this.uploads.acceptAndRecord(upload, async (stored) => {
      const file = { ...storedFileRow(stored, upload.fileName, now), claim_id: row.id, kind };
      await this.db.transaction().execute(async (trx) => {
        await this.records.lock(trx, row);
        // The row is taken (locked on PostgreSQL) by this update: racing uploads count one after another.
        const open = await trx
          .updateTable('claims')
          .set({ updated_at: now })
          .where('id', '=', row.id)
          .where('status', 'in', FILES_OPEN)
          .executeTakeFirst();
        if (Number(open.numUpdatedRows) !== 1) throw this.notNow((await this.records.anyRow(trx, row.id)).status);
        await this.requireRoom(trx, row.id);
        await trx.insertInto('claim_files').values(file).execute();
        await this.records.announce(trx, { ...row, status: 'draft' }, {}, now);
      });
      return { ...fileView(file), kind };
    });
  }

  /** In a draft any file; while documents are requested only those added since the request. */
  async removeFile(p: Principal, claimId: string, fileId: string): Promise<void> {
    const row = await this.records.visibleRow(this.db, p.customerId, claimId);
    this.requireStatus(row, FILES_OPEN);
    const file = await this.fileOf(row, fileId);
    if (row.status === 'documents_requested' && file.created_at < (row.request_at ?? 0)) {
      throw brokenRules(['file_already_received']);
    }
    await this.db.deleteFrom('claim_files').where('id', '=', file.id).execute();
    await this.store.delete(file.storage_key);
  }

  async readFile(p: Principal, claimId: string, fileId: string) {
    const file = await this.fileOf(await this.records.visibleRow(this.db, p.customerId, claimId), fileId);
    return { file, body: await this.store.read(file.storage_key) };
  }

  /** A file of this claim, or `not_found` (a file of another claim is not found either). */
  private async fileOf(row: ClaimRow, fileId: string) {
    const file = await this.db
      .selectFrom('claim_files')
      .selectAll()
      .where('id', '=', fileId)
      .where('claim_id', '=', row.id)
      .executeTakeFirst();
    if (!file) throw new ServiceError('not_found', 'No such file.');
    return file;
  }

  async submit(p: Principal, claimId: string): Promise<Claim> {
    const row = await this.records.visibleRow(this.db, p.customerId, claimId);
    this.requireStatus(row, EDITABLE);
    const view = await this.view(p, row.policy_number);
    const now = this.now();
    const today = jakartaDate(now);
    const rules = [...this.coverRules(view, row.customer_id, row.type), ...this.missing(row)];
    const kinds = new Set(
      (await this.db.selectFrom('claim_files').select('kind').where('claim_id', '=', row.id).execute()).map(
        (f) => f.kind,
      ),
    );
    for (const kind of requiredKinds(row.type)) if (!kinds.has(kind)) rules.push(`missing_document:${kind}`);
    const dates = this.dateRules(row, today, view.startDate);
    rules.push(...dates.rules);
    if (row.payout_bank_code && row.payout_account_number && row.payout_account_holder) {
      rules.push(
        ...this.payoutRules(view, row.customer_id, row.type, {
          bankCode: row.payout_bank_code,
          accountHolder: row.payout_account_holder,
        }),
      );
    }
    if (rules.length > 0) throw brokenRules(rules, dates.deadline ? { deadline: dates.deadline } : {});
    await this.refuseDuplicate(row);
    const expected = this.records.decisionDate(now);
    try {
      const moved = await this.db
        .transaction()
        .execute((trx) =>
          this.records.move(
            trx,
            row,
            'submitted',
            'customer',
            { submitted_at: now, expected_decision_date: expected },
            { date: expected },
            now,
          ),
        );
      return this.present(moved);
    } catch (err) {
      // Two submissions of one stay at once: the database's index let one through.
      if (isUniqueViolation(err)) await this.refuseDuplicate(row);
      throw err;
    }
  }

  /** The claim as the contract answers it, with its submission deadline while a draft. */
  async present(row: ClaimRow): Promise<Claim> {
    return this.withDeadline(await this.records.toClaim(row));
  }

  /** The answer to a request for documents: needs a file added since the request. */
  async answer(p: Principal, claimId: string, note: string): Promise<Claim> {
    const row = await this.records.visibleRow(this.db, p.customerId, claimId);
    this.requireStatus(row, ['documents_requested']);
    const fresh = await this.db
      .selectFrom('claim_files')
      .select('id')
      .where('claim_id', '=', row.id)
      .where('created_at', '>=', row.request_at ?? 0)
      .executeTakeFirst();
    if (!fresh) throw brokenRules(['no_new_file']);
    const now = this.now();
    const expected = this.records.decisionDate(now);
    const moved = await this.db.transaction().execute((trx) =>
      this.records.move(
        trx,
        row,
        'verifying',
        'customer',
        // The expected decision is counted again from the answer (claims.md).
        { expected_decision_date: expected, request_note: null, request_kinds: null, request_at: null },
        { note, date: expected },
        now,
      ),
    );
    return this.present(moved);
  }

  async withdraw(p: Principal, claimId: string): Promise<Claim> {
    const row = await this.records.visibleRow(this.db, p.customerId, claimId);
    const now = this.now();
    const moved = await this.db
      .transaction()
      .execute((trx) =>
        this.records.move(trx, row, 'withdrawn', 'customer', { expected_decision_date: null }, {}, now),
      );
    return this.present(moved);
  }

  async list(
    p: Principal,
    q: { limit: number; cursor?: string; policyNumber?: string; status?: ClaimStatus },
  ): Promise<ClaimList> {
    type Base = Parameters<Parameters<ClaimRecords['list']>[0][number]>[0];
    const filters = (s: Base) => {
      let f = s;
      if (q.policyNumber) f = f.where('claims.policy_number', '=', normalisePolicyNumber(q.policyNumber));
      if (q.status) f = f.where('claims.status', '=', q.status);
      return f;
    };
    return this.records.list(
      [
        // Those the person filed, and those filed for them by someone else (or by the back office).
        (base) => filters(base.where('claims.filed_by_customer_id', '=', p.customerId)),
        (base) =>
          filters(
            base
              .where('claims.customer_id', '=', p.customerId)
              .where((eb) =>
                eb.or([
                  eb('claims.filed_by_customer_id', 'is', null),
                  eb('claims.filed_by_customer_id', '!=', p.customerId),
                ]),
              ),
          ),
      ],
      q,
    );
  }

  async get(p: Principal, claimId: string): Promise<Claim> {
    return this.present(await this.records.visibleRow(this.db, p.customerId, claimId));
  }

  // --- rules -----------------------------------------------------------------------------------

  private async view(p: Principal, policyNumber: string): Promise<ClaimantView> {
    const view = await this.policies.claimantView(p.customerId, normalisePolicyNumber(policyNumber));
    if (!view) throw new ServiceError('not_found', 'No such policy.');
    return view;
  }

  private coverRules(view: ClaimantView, personId: string, type: ClaimType): string[] {
    if (!view.people.some((x) => x.customerId === personId)) throw new ServiceError('not_found', 'No such person.');
    if (!CLAIMABLE_POLICY.has(view.status)) return ['policy_not_active'];
    return typesFor(view).get(type)?.personIds.includes(personId) ? [] : ['type_not_covered'];
  }

  /** The payout account: a known bank, and the policyholder's name (a beneficiary's for death). */
  private payoutRules(
    view: ClaimantView,
    personId: string,
    type: ClaimType,
    payout: { bankCode: string; accountHolder: string },
  ): string[] {
    const rules: string[] = [];
    if (!bankName(payout.bankCode)) rules.push('bank_unknown');
    const names = [view.policyholderName];
    // On a group policy the holder is the employer: the member's own account is theirs to give.
    if (view.policyType === 'group')
      names.push(...view.people.filter((x) => x.customerId === personId).map((x) => x.fullName));
    if (type === 'death') names.push(...view.beneficiaryNames);
    if (!names.some((n) => sameName(n, payout.accountHolder))) rules.push('payout_holder_mismatch');
    return rules;
  }

  private missing(row: ClaimRow): string[] {
    const need: Array<[string, unknown]> = [
      ['event.date', row.event_date],
      ['event.diagnosis', row.diagnosis],
      ['amountClaimed', row.amount_claimed],
      ['payout.bankCode', row.payout_bank_code],
      ['payout.accountNumber', row.payout_account_number],
      ['payout.accountHolder', row.payout_account_holder],
    ];
    if (row.type === 'hospitalization') {
      need.push(['event.admissionDate', row.admission_date], ['event.dischargeDate', row.discharge_date]);
    }
    if (row.type === 'hospitalization' || row.type === 'outpatient') {
      need.push(['event.providerName', row.provider_id ?? row.provider_name]);
    }
    return need.filter(([, v]) => v === null || v === undefined).map(([f]) => `missing_field:${f}`);
  }

  /** Dates that cannot be, and the deadline: 60 days from discharge (or the event). */
  /** An event has happened: a date after today (Jakarta) is refused where it enters, not only at submission. */
  private futureDates(
    e: { date?: string | null; admissionDate?: string | null; dischargeDate?: string | null } | undefined,
  ) {
    const today = jakartaDate(this.now());
    return [e?.date, e?.admissionDate, e?.dischargeDate].some((d) => d && d > today) ? ['date_in_future'] : [];
  }

  private dateRules(row: ClaimRow, today: string, policyStart: string): { rules: string[]; deadline?: string } {
    const rules: string[] = [];
    for (const d of [row.event_date, row.admission_date, row.discharge_date]) {
      if (d && d > today && !rules.includes('date_in_future')) rules.push('date_in_future');
    }
    if (row.admission_date && row.discharge_date && row.discharge_date < row.admission_date) {
      rules.push('discharge_before_admission');
    }
    if (row.event_date && row.event_date < policyStart) rules.push('event_before_policy_start');
    const deadline = this.deadlineOf(row);
    if (deadline && today > deadline) rules.push('deadline_passed');
    return { rules, deadline: rules.includes('deadline_passed') ? deadline : undefined };
  }

  private deadlineOf(row: Pick<ClaimRow, 'discharge_date' | 'event_date'>): string | undefined {
    const from = row.discharge_date ?? row.event_date;
    return from ? addDays(from, this.deadlineDays) : undefined;
  }

  private withDeadline(claim: Claim): Claim {
    const deadline = this.deadlineOf({
      discharge_date: claim.event.dischargeDate ?? null,
      event_date: claim.event.date ?? null,
    });
    return claim.status === 'draft' && deadline ? { ...claim, submitDeadline: deadline } : claim;
  }

  private async refuseDuplicate(row: ClaimRow): Promise<void> {
    const first = await this.db
      .selectFrom('claims')
      .select(['id', 'claim_number'])
      .where('customer_id', '=', row.customer_id)
      .where('type', '=', row.type)
      .where('event_date', '=', row.event_date)
      .where('provider_key', '=', row.provider_key)
      .where('status', 'not in', ['draft', 'withdrawn'])
      .where('id', '!=', row.id)
      .executeTakeFirst();
    if (first) {
      throw new ServiceError('conflict', 'This stay was claimed already.', {
        id: first.id,
        claimNumber: first.claim_number,
      });
    }
  }

  private async requireRoom(db: Kysely<Database>, claimId: string): Promise<void> {
    const n = await db
      .selectFrom('claim_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('claim_id', '=', claimId)
      .executeTakeFirstOrThrow();
    if (Number(n.n) >= CLAIM_FILES_MAX) {
      throw new ServiceError('conflict', `A claim holds at most ${CLAIM_FILES_MAX} files.`, {
        reason: 'too_many_files',
        max: CLAIM_FILES_MAX,
      });
    }
  }

  private requireStatus(row: ClaimRow, allowed: readonly ClaimStatus[]): void {
    if (!allowed.includes(row.status)) throw this.notNow(row.status);
  }

  private notNow(status: ClaimStatus): ServiceError {
    return new ServiceError('transition_invalid', `Not possible while the claim is ${status}.`, {
      from: status,
      allowed: [],
    });
  }
}
