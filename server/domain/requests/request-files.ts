import type { Readable } from 'node:stream';
import { REQUEST_FILES_MAX } from '../../../contract/api/requests';
import type { UploadedFile } from '../../../contract/api/claims';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { DocumentStore } from '../documents/store';
import { brokenRules, ServiceError } from '../errors';
import type { Principal } from '../identity/sessions';
import { fileView, storedFileRow, type Uploads } from '../uploads/uploads';
import type { RequestRecords } from './records';
import type { Requests } from './requests';

/**
 * The documents a request carries: a data correction's KTP or birth certificate
 * (complaints-privacy.md, Correction). Added while the request is `submitted`, at most three,
 * by the upload rules every file follows (api-v1.md, Uploads).
 */
export class RequestFiles {
  constructor(
    private readonly requests: Pick<Requests, 'visible'>,
    private readonly records: RequestRecords,
    private readonly uploads: Uploads,
    private readonly store: DocumentStore,
  ) {}

  private get db(): Kysely<Database> {
    return this.records.db;
  }

  async add(
    p: Principal,
    id: string,
    upload: { body: Readable; contentType: string; length?: number; fileName?: string },
  ): Promise<UploadedFile> {
    const row = await this.requests.visible(p, id);
    if (row.type !== 'data_correction') throw brokenRules(['files_not_accepted']);
    if (row.status !== 'submitted') throw this.closed();
    await this.requireRoom(row.id, this.db);
    const now = this.records.clock.now();
    return this.uploads.acceptAndRecord(upload, async (stored) => {
      const file = { ...storedFileRow(stored, upload.fileName, now), request_id: row.id };
      await this.db.transaction().execute(async (trx) => {
        await this.records.lock(trx, { accountId: p.accountId, policyNumber: row.policy_number, requestId: row.id });
        // Takes the row (locked on PostgreSQL): racing uploads are counted one after another.
        const open = await trx
          .updateTable('requests')
          .set({ updated_at: now })
          .where('id', '=', row.id)
          .where('status', '=', 'submitted')
          .executeTakeFirst();
        if (Number(open.numUpdatedRows) !== 1) throw this.closed();
        await this.requireRoom(row.id, trx);
        await trx.insertInto('request_files').values(file).execute();
      });
      return fileView(file);
    });
  }

  async read(p: Principal, id: string, fileId: string) {
    const row = await this.requests.visible(p, id);
    const file = await this.db
      .selectFrom('request_files')
      .selectAll()
      .where('id', '=', fileId)
      .where('request_id', '=', row.id)
      .executeTakeFirst();
    if (!file) throw new ServiceError('not_found', 'No such file.');
    return { file, body: await this.store.read(file.storage_key) };
  }

  private closed(): ServiceError {
    return new ServiceError('conflict', 'Documents are added while the request is submitted.', {
      reason: 'request_not_open',
    });
  }

  private async requireRoom(id: string, db: Kysely<Database>): Promise<void> {
    const n = await db
      .selectFrom('request_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(n.n) >= REQUEST_FILES_MAX)
      throw new ServiceError('conflict', `A request holds at most ${REQUEST_FILES_MAX} files.`, {
        reason: 'too_many_files',
      });
  }
}
