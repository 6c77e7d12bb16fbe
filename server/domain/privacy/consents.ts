import type { Kysely } from 'kysely';
import type { Language } from '../../../contract/api/common';
import {
  ConsentPurposeSchema,
  type ConsentHistory,
  type ConsentList,
  type ConsentPurpose,
} from '../../../contract/api/privacy';
import type { StoreKind } from '../../store/connect';
import { lockInOrder } from '../../store/lock-order';
import type { Database } from '../../store/schema';
import { iso, type Clock } from '../clock';
import { accountLanguage } from '../account/language';
import { ServiceError } from '../errors';
import { newId } from '../identity/secrets';
import { newestFirst, pageOf } from '../paging';

export interface PurposeText {
  version: number;
  text: Record<Language, string>;
}

/** The purposes' texts as the insurer words them now; a changed text is a new version. */
export const PURPOSES: Record<ConsentPurpose, PurposeText> = {
  marketing_sms: {
    version: 1,
    text: {
      id: 'Saya bersedia menerima informasi produk dan promosi melalui SMS.',
      en: 'I agree to receive product news and offers by SMS.',
    },
  },
  marketing_email: {
    version: 1,
    text: {
      id: 'Saya bersedia menerima informasi produk dan promosi melalui e-mail.',
      en: 'I agree to receive product news and offers by e-mail.',
    },
  },
  share_with_providers: {
    version: 1,
    text: {
      id: 'Saya mengizinkan data saya dibagikan kepada rumah sakit dan klinik rekanan untuk layanan nontunai, di luar yang diperlukan untuk klaim.',
      en: 'I allow my data to be shared with partner hospitals and clinics for cashless service, beyond what a claim needs.',
    },
  },
  service_improvement: {
    version: 1,
    text: {
      id: 'Saya mengizinkan konsultasi saya, tanpa identitas saya, digunakan untuk meningkatkan layanan.',
      en: 'I allow my consultations, without my identity, to be used to improve the service.',
    },
  },
};

/**
 * Consents per purpose (UU 27/2022; complaints-privacy.md, Data Saya): each yes or no is kept,
 * the latest is in force at once, and a purpose never answered is not granted.
 */
export class Consents {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly kind: StoreKind,
    private readonly purposes: Record<ConsentPurpose, PurposeText> = PURPOSES,
  ) {}

  /** The latest answer of each (account, purpose) asked for, keyed `account purpose`. */
  private async latest(db: Kysely<Database>, where: { accountId?: string; purpose?: ConsentPurpose; until?: number }) {
    let q = db.selectFrom('consents').selectAll();
    if (where.until !== undefined) q = q.where('created_at', '<=', where.until);
    if (where.accountId) q = q.where('account_id', '=', where.accountId);
    if (where.purpose) q = q.where('purpose', '=', where.purpose);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      const key = `${r.account_id} ${r.purpose}`;
      if (!latest.has(key)) latest.set(key, r);
    }
    return latest;
  }

  /** An answer in force: a yes to the purpose's text as it is now (an answer to an earlier text is not). */
  private inForce(r: { granted: number; version: number; purpose: string } | undefined): boolean {
    return r !== undefined && r.granted === 1 && r.version === this.purposes[r.purpose as ConsentPurpose].version;
  }

  /** In the account's own language unless another is asked for. */
  async list(accountId: string, language?: Language): Promise<ConsentList> {
    const [latest, lang] = await Promise.all([
      this.latest(this.db, { accountId }),
      language ?? accountLanguage(this.db, accountId),
    ]);
    return {
      purposes: ConsentPurposeSchema.options.map((purpose) => {
        const now = this.purposes[purpose];
        const r = latest.get(`${accountId} ${purpose}`);
        return {
          purpose,
          version: now.version,
          text: now.text[lang],
          // An answer to an earlier text is not an answer to this one.
          granted: this.inForce(r),
          ...(r ? { at: iso(r.created_at) } : {}),
          review: r !== undefined && r.version < now.version,
        };
      }),
    };
  }

  /** Takes effect at once; the version the person read must be the one in force. */
  async set(accountId: string, purpose: ConsentPurpose, granted: boolean, read?: number): Promise<void> {
    const now = this.purposes[purpose];
    const version = read ?? now.version;
    if (version !== now.version) {
      throw new ServiceError('conflict', 'The text of this purpose has changed: read it again.', {
        reason: 'version_changed',
        version: now.version,
      });
    }
    await this.db.transaction().execute(async (trx) => {
      // The account's row taken first: simultaneous changes (two devices) go one after another,
      // so each reads the other's instant (on SQLite a transaction is alone anyway).
      await lockInOrder(trx, this.kind, { account: accountId });
      // Each change after the last in time, even within one millisecond: the latest is in force.
      const last = await trx
        .selectFrom('consents')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      const at = Math.max(this.clock.now(), Number(last?.at ?? 0) + 1);
      await trx
        .insertInto('consents')
        .values({ id: newId(), account_id: accountId, purpose, version, granted: granted ? 1 : 0, created_at: at })
        .execute();
    });
  }

  /** Closing an account withdraws every consent still given, as a change of its own (kept as the last of each). */
  async withdrawAll(trx: Kysely<Database>, accountId: string, now: number): Promise<void> {
    const latest = await this.latest(trx, { accountId });
    const given = [...latest.values()].filter((r) => r.granted === 1);
    const last = Math.max(0, ...[...latest.values()].map((r) => r.created_at));
    if (given.length === 0) return;
    await trx
      .insertInto('consents')
      .values(
        given.map((r) => ({
          id: newId(),
          account_id: accountId,
          purpose: r.purpose,
          version: r.version,
          granted: 0,
          created_at: Math.max(now, last + 1),
        })),
      )
      .execute();
  }

  /** The erasure of a closed account: every change until then but the last of each purpose goes. */
  async keepLastOnly(trx: Kysely<Database>, accountId: string, until: number): Promise<number> {
    const keep = [...(await this.latest(trx, { accountId, until })).values()].map((r) => r.id);
    let q = trx.deleteFrom('consents').where('account_id', '=', accountId).where('created_at', '<=', until);
    if (keep.length > 0) q = q.where('id', 'not in', keep);
    return Number((await q.executeTakeFirst()).numDeletedRows);
  }

  /** Whether the account's consent to `purpose` is in force now (a marketing message asks before it goes). */
  async granted(db: Kysely<Database>, accountId: string, purpose: ConsentPurpose): Promise<boolean> {
    return this.inForce((await this.latest(db, { accountId, purpose })).get(`${accountId} ${purpose}`));
  }

  /** Every account whose consent to `purpose` is in force now, in one read. */
  async grantedBy(db: Kysely<Database>, purpose: ConsentPurpose): Promise<string[]> {
    return [...(await this.latest(db, { purpose })).values()].filter((r) => this.inForce(r)).map((r) => r.account_id);
  }

  async history(accountId: string, q: { limit: number; cursor?: string }): Promise<ConsentHistory> {
    const query = this.db.selectFrom('consents').selectAll().where('account_id', '=', accountId);
    const { page, nextCursor } = pageOf(await newestFirst(query, q).execute(), q.limit, (r) => r.created_at);
    return {
      changes: page.map((r) => ({
        purpose: r.purpose as ConsentPurpose,
        version: r.version,
        granted: r.granted === 1,
        at: iso(r.created_at),
      })),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }
}
