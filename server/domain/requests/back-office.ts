import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  AddressPayloadSchema,
  BeneficiaryPayloadSchema,
  PaymentMethodPayloadSchema,
  PolicyRequest,
  RequestStatus,
} from '../../../contract/api/requests';
import type { Database } from '../../store/schema';
import { ServiceError } from '../errors';
import { newId } from '../identity/secrets';
import type { RequestRecords, RequestRow } from './records';

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
 * policy's history keeps. From then on the policy's answer shows the change.
 */
async function apply(trx: Kysely<Database>, row: RequestRow, now: number): Promise<string> {
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
      return 'Polis dipulihkan dan aktif kembali';
    }
    case 'policy_book_duplicate':
      return 'Duplikat buku polis diterbitkan';
    default:
      throw new ServiceError('transition_invalid', 'This type is not carried out online yet.', {
        allowed: ['rejected'],
      });
  }
}

/** `POST /v1/admin/requests/{id}/transitions`: the back office moves a request; `done` applies it. */
export class RequestsBackOffice {
  constructor(private readonly records: RequestRecords) {}

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
    if (body.to === 'rejected' && !body.reason)
      throw new ServiceError('invalid_request', 'A rejection says why.', { in: 'body', fields: ['reason'] });
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
      if (body.to === 'done') {
        const what = await apply(trx, m, now);
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
