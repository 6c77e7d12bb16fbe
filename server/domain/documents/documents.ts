import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DocumentSummary } from '../../../contract/api/policies';
import type { Database, DocumentsTable } from '../../store/schema';
import { ServiceError } from '../errors';
import { newId } from '../identity/secrets';
import { inspectPdf } from './pdf-check';
import type { DocumentStore } from './store';

export type DocumentRow = Selectable<DocumentsTable>;

export interface NewDocument {
  policyNumber: string;
  title: string;
  category: DocumentsTable['category'];
  issuedAt: string;
  /** Only this member of a group policy sees it. */
  customerId?: string | null;
  bytes: Buffer;
}

/** Policy documents: metadata in the database, bytes in the document store. */
export class Documents {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: DocumentStore,
  ) {}

  /** Attaches a PDF to a policy; refuses anything that is not one. */
  async add(doc: NewDocument, now: number): Promise<DocumentRow> {
    let stored: string | undefined;
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await this.addWithin(trx, doc, now);
        stored = row.id;
        return row;
      });
    } catch (err) {
      // The commit itself may have failed after the bytes went in.
      if (stored) await this.discard(stored);
      throw err;
    }
  }

  /** Bytes whose row's transaction failed after they were stored. */
  async discard(documentId: string): Promise<void> {
    await this.store.delete(documentId).catch(() => undefined);
  }

  /**
   * The same inside the caller's transaction (a claim's guarantee letter comes with its
   * claim). The bytes go in last: a refused row leaves no file behind; if the transaction
   * fails after that, the bytes are removed again.
   */
  async addWithin(trx: Kysely<Database>, doc: NewDocument, now: number): Promise<DocumentRow> {
    const pdf = await inspectPdf(doc.bytes);
    if (!pdf) throw new ServiceError('invalid_request', 'That file is not a PDF.');
    const id = newId();
    const sha256 = crypto.createHash('sha256').update(doc.bytes).digest('hex');
    const row: DocumentRow = {
      id,
      policy_number: doc.policyNumber,
      customer_id: doc.customerId ?? null,
      title: doc.title,
      category: doc.category,
      issued_at: doc.issuedAt,
      page_count: pdf.pageCount,
      size_bytes: doc.bytes.length,
      password_protected: pdf.encrypted ? 1 : 0,
      sha256,
      storage_key: id,
      created_at: now,
    };
    await trx.insertInto('documents').values(row).execute();
    try {
      await this.store.put(id, doc.bytes);
    } catch (err) {
      await this.discard(id);
      throw err;
    }
    return row;
  }

  /** The documents of a policy the caller may see, newest first. */
  async list(customerId: string, policyNumber: string): Promise<DocumentSummary[]> {
    const rows = await this.visible(customerId).where('documents.policy_number', '=', policyNumber).execute();
    return rows
      .sort((a, b) => b.issued_at.localeCompare(a.issued_at) || a.title.localeCompare(b.title))
      .map((r) => ({
        documentId: r.id,
        title: r.title,
        category: r.category,
        issuedAt: r.issued_at,
        pageCount: r.page_count,
        sizeBytes: r.size_bytes,
        passwordProtected: r.password_protected === 1,
      }));
  }

  /** One document the caller may see; a stranger's answers exactly as a missing one. */
  async get(customerId: string, documentId: string): Promise<DocumentRow> {
    const row = await this.visible(customerId).where('documents.id', '=', documentId).executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such document.');
    return row;
  }

  read(row: DocumentRow, range?: { start: number; end: number }) {
    return this.store.read(row.storage_key, range);
  }

  private visible(customerId: string) {
    return this.db
      .selectFrom('documents')
      .innerJoin('policy_parties', 'policy_parties.policy_number', 'documents.policy_number')
      .selectAll('documents')
      .distinct()
      .where('policy_parties.customer_id', '=', customerId)
      .where((eb) => eb.or([eb('documents.customer_id', 'is', null), eb('documents.customer_id', '=', customerId)]));
  }
}
