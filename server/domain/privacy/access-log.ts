import type { Kysely } from 'kysely';
import type { AccessAction, AccessLog as AccessLogPage, AccessSubjectKind } from '../../../contract/api/privacy';
import type { Database } from '../../store/schema';
import { iso, type Clock } from '../clock';
import { newId } from '../identity/secrets';
import { newestFirst, pageOf } from '../paging';

/** Who in the back office, and why (the key's name and the call's `X-Reason`). */
export interface Accessor {
  keyName: string;
  reason: string;
}

interface Owned {
  id: string;
  customerId: string;
  number: string | null;
}

/** SQLite allows 32,766 bound values a statement; a page of items is far below, a batch stays so. */
const CHUNK = 500;

/**
 * Who looked at my data (complaints-privacy.md): every back-office read or move of a person's
 * claim, complaint, request, consultation or profile, one row per item under the person it is
 * about, and the person's own paged view of it.
 */
export class AccessLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Records `action` on each of `ids` (items of one kind, perhaps of many people). */
  async record(who: Accessor, action: AccessAction, kind: AccessSubjectKind, ids: readonly string[]): Promise<void> {
    const at = this.clock.now();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const owned = await this.owners(kind, [...new Set(ids.slice(i, i + CHUNK))]);
      if (owned.length === 0) continue;
      await this.db
        .insertInto('access_log')
        .values(
          owned.map((o) => ({
            id: newId(),
            customer_id: o.customerId,
            at,
            key_name: who.keyName,
            action,
            subject_kind: kind,
            subject_id: o.id,
            subject_number: o.number,
            reason: who.reason,
          })),
        )
        .execute();
    }
  }

  /** The signed-in person's log, newest first. */
  async list(accountId: string, q: { limit: number; cursor?: string }): Promise<AccessLogPage> {
    const query = this.db
      .selectFrom('access_log')
      .selectAll()
      .where('customer_id', '=', this.db.selectFrom('accounts').select('customer_id').where('id', '=', accountId));
    const { page, nextCursor } = pageOf(await newestFirst(query, q, 'at').execute(), q.limit, (r) => r.at);
    return {
      entries: page.map((r) => ({
        at: iso(r.at),
        keyName: r.key_name,
        action: r.action as AccessAction,
        subject: {
          kind: r.subject_kind as AccessSubjectKind,
          id: r.subject_id,
          ...(r.subject_number ? { number: r.subject_number } : {}),
        },
        reason: r.reason,
      })),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  /** Each item's person and number; an item that does not exist is nobody's and is left out. */
  private async owners(kind: AccessSubjectKind, ids: string[]): Promise<Owned[]> {
    const db = this.db;
    switch (kind) {
      case 'claim':
        return db
          .selectFrom('claims')
          .select(['id', 'customer_id as customerId', 'claim_number as number'])
          .where('id', 'in', ids)
          .execute();
      case 'complaint':
        return db
          .selectFrom('complaints')
          .select(['id', 'customer_id as customerId', 'complaint_number as number'])
          .where('id', 'in', ids)
          .execute();
      case 'consultation':
        return db
          .selectFrom('consultations')
          .select(['id', 'customer_id as customerId', 'number'])
          .where('id', 'in', ids)
          .execute();
      case 'request':
        return db
          .selectFrom('requests')
          .innerJoin('accounts', 'accounts.id', 'requests.account_id')
          .select(['requests.id as id', 'accounts.customer_id as customerId', 'requests.number as number'])
          .where('requests.id', 'in', ids)
          .execute();
      case 'profile':
        return (await db.selectFrom('customers').select('id').where('id', 'in', ids).execute()).map((r) => ({
          id: r.id,
          customerId: r.id,
          number: null,
        }));
    }
  }
}
