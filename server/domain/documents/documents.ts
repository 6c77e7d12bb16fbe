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
    const id = newId();
    try {
      return await this.putOnce(id, doc, now);
    } catch (err) {
      // The row may have failed after the bytes went in.
      await this.discard(id);
      throw err;
    }
  }

  /** Bytes whose row's transaction failed after they were stored. */
  async discard(documentId: string): Promise<void> {
    await this.store.delete(documentId).catch(() => undefined);
  }

  /**
   * Stores a document under an id decided earlier (a receipt's, named in the e-mail that carries
   * it), outside any transaction: the bytes first (a rewrite of the same key is harmless), then
   * the row, once. For the jobs that make documents; running again after a crash is no fault.
   */
  async putOnce(id: string, doc: NewDocument, now: number): Promise<DocumentRow> {
    const existing = await this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    if (existing) return existing;
    const row = await this.describe(id, doc, now);
    await this.store.put(id, doc.bytes);
    await this.db
      .insertInto('documents')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return row;
  }

  private async describe(id: string, doc: NewDocument, now: number): Promise<DocumentRow> {
    const pdf = await inspectPdf(doc.bytes);
    if (!pdf) throw new ServiceError('invalid_request', 'That file is not a PDF.');
    return {
      id,
      policy_number: doc.policyNumber,
      customer_id: doc.customerId ?? null,
      title: doc.title,
      category: doc.category,
      issued_at: doc.issuedAt,
      page_count: pdf.pageCount,
      size_bytes: doc.bytes.length,
      password_protected: pdf.encrypted ? 1 : 0,
      sha256: crypto.createHash('sha256').update(doc.bytes).digest('hex'),
      storage_key: id,
      created_at: now,
    };
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
