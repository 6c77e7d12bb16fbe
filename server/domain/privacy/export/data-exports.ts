import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { ZipFile } from 'yazl';
import type { DataExport, DataExportList } from '../../../../contract/api/privacy';
import type { JobHandler, Jobs } from '../../../jobs/jobs';
import type { Database, DataExportsTable } from '../../../store/schema';
import type { Account } from '../../account/account';
import { iso, type Clock } from '../../clock';
import { getCustomer } from '../../customers';
import type { DocumentStore } from '../../documents/store';
import { ServiceError } from '../../errors';
import type { Inbox } from '../../events/inbox';
import { newId } from '../../identity/secrets';
import type { Principal } from '../../identity/sessions';
import type { ExportSection, ExportSink } from './sections';
import { renderExportSummary, summaryName } from './summary';

export const EXPORT_JOB = 'data.export';
export const EXPORT_EXPIRE_JOB = 'data.export.expire';

const DAY_MS = 86_400_000;
/** Downloadable this long once ready (complaints-privacy.md), then deleted. */
export const EXPORT_LIFE_MS = 7 * DAY_MS;
/** Still preparing after the law's 3×24 hours: it failed; a new request takes its place. */
const STALE_MS = 3 * DAY_MS;

interface Payload {
  exportId: string;
}

const present = (r: DataExportsTable): DataExport => ({
  exportId: r.id,
  status: r.status,
  createdAt: iso(r.created_at),
  ...(r.ready_at !== null ? { readyAt: iso(r.ready_at) } : {}),
  ...(r.expires_at !== null ? { expiresAt: iso(r.expires_at) } : {}),
  ...(r.size_bytes !== null && r.status === 'ready' ? { sizeBytes: Number(r.size_bytes) } : {}),
});

/**
 * A copy of my data (complaints-privacy.md): asked for with the password, built by a job as a
 * ZIP streamed to a file and from there to the document store (one entry in memory at a time),
 * announced in the inbox, downloadable for 7 days, then deleted by a job of its own.
 */
export class DataExports {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly account: Pick<Account, 'requireStepUp'>,
    private readonly jobs: Jobs,
    private readonly store: DocumentStore,
    private readonly inbox: Inbox,
    private readonly sections: readonly ExportSection[],
    private readonly tmpDir = os.tmpdir(),
  ) {}

  async request(p: Principal): Promise<DataExport> {
    await this.account.requireStepUp(p);
    const now = this.clock.now();
    const row: DataExportsTable = {
      id: newId(),
      account_id: p.accountId,
      status: 'preparing',
      created_at: now,
      ready_at: null,
      expires_at: null,
      storage_key: null,
      size_bytes: null,
    };
    const made = await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('data_exports')
        .set({ status: 'expired' })
        .where('account_id', '=', p.accountId)
        .where('status', '=', 'preparing')
        .where('created_at', '<', now - STALE_MS)
        .execute();
      // One in preparation per account: the partial unique index says no to a second.
      const inserted = await trx
        .insertInto('data_exports')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      await this.jobs.add(trx, now, {
        kind: EXPORT_JOB,
        key: `export:${row.id}`,
        payload: { exportId: row.id } satisfies Payload,
      });
      return true;
    });
    if (!made)
      throw new ServiceError('conflict', 'A copy of your data is being prepared already.', {
        reason: 'export_in_progress',
      });
    return present(row);
  }

  async get(p: Principal, exportId: string): Promise<DataExport> {
    return present(await this.mine(p, exportId));
  }

  async list(p: Principal): Promise<DataExportList> {
    const rows = await this.db
      .selectFrom('data_exports')
      .selectAll()
      .where('account_id', '=', p.accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(10)
      .execute();
    return { exports: rows.map(present) };
  }

  /** The ZIP, with the password proved again: it is the person's whole file. */
  async open(p: Principal, exportId: string): Promise<{ body: Readable; sizeBytes: number; fileName: string }> {
    await this.account.requireStepUp(p);
    const row = await this.mine(p, exportId);
    if (row.status === 'preparing')
      throw new ServiceError('conflict', 'The copy is still being prepared.', { reason: 'not_ready' });
    if (row.status !== 'ready' || !row.storage_key || (row.expires_at ?? 0) <= this.clock.now())
      throw new ServiceError('not_found', 'This copy has expired: ask for a new one.');
    return {
      body: await this.store.read(row.storage_key),
      sizeBytes: Number(row.size_bytes ?? 0),
      fileName: `data-saya-${new Date(row.created_at).toISOString().slice(0, 10)}.zip`,
    };
  }

  private async mine(p: Principal, exportId: string): Promise<DataExportsTable> {
    const row = await this.db
      .selectFrom('data_exports')
      .selectAll()
      .where('id', '=', exportId)
      .where('account_id', '=', p.accountId)
      .executeTakeFirst();
    if (!row) throw new ServiceError('not_found', 'No such export.');
    return row;
  }

  /** Builds one export. One at a time on an instance: it streams many files, and a person waits minutes, not seconds. */
  buildJob(): JobHandler<Payload> {
    return {
      kind: EXPORT_JOB,
      concurrency: 1,
      run: async ({ exportId }) => {
        const row = await this.db
          .selectFrom('data_exports')
          .innerJoin('accounts', 'accounts.id', 'data_exports.account_id')
          .select([
            'data_exports.status',
            'accounts.id as accountId',
            'accounts.customer_id as customerId',
            'accounts.language',
          ])
          .where('data_exports.id', '=', exportId)
          .executeTakeFirst();
        if (row?.status !== 'preparing') return;
        const principal: Principal = { sessionId: '', accountId: row.accountId, customerId: row.customerId };
        const file = path.join(this.tmpDir, `data-export-${exportId}-${crypto.randomBytes(4).toString('hex')}.zip`);
        const key = `export-${exportId}`;
        try {
          await this.writeZip(principal, row.language, file);
          const { size } = await fs.promises.stat(file);
          await this.store.putStream(key, fs.createReadStream(file), size, 'application/zip');
          await this.finish(exportId, row.accountId, key, size);
        } finally {
          await fs.promises.rm(file, { force: true });
        }
      },
    };
  }

  private async writeZip(p: Principal, language: 'id' | 'en', file: string): Promise<void> {
    const zip = new ZipFile();
    const written = pipeline(zip.outputStream, fs.createWriteStream(file));
    // A failing section or file read ends the ZIP and the job (it is tried again): never a partial copy.
    const failed = new Promise<never>((_, reject) => zip.on('error', reject));
    let files = 0;
    const sink: ExportSink = {
      json: (name, data) => zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2)), `${name}.json`),
      file: (at, open) => {
        files++;
        // Files are PDFs and images, compressed already: stored as they are, read only as written.
        zip.addReadStreamLazy(at, { compress: false }, (cb) => {
          open().then(
            (s) => cb(null, s),
            (err: unknown) => cb(err, undefined as never),
          );
        });
      },
    };
    try {
      const counts = [];
      for (const s of this.sections) {
        const count = await s.collect(p, sink).catch((err: unknown) => {
          // The log says which area failed (the job's error is what the back office sees).
          throw new Error(`section ${s.key}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        });
        counts.push({ key: s.key, title: s.title, count });
      }
      const customer = (await getCustomer(this.db, p.customerId))!;
      const summary = await renderExportSummary({
        name: customer.fullName,
        madeAt: this.clock.now(),
        language,
        sections: counts,
        files,
      });
      zip.addBuffer(summary, summaryName(language));
      zip.end();
      await Promise.race([written, failed]);
    } catch (err) {
      (zip.outputStream as Readable).destroy();
      await written.catch(() => undefined);
      throw err;
    }
  }

  /** Ready, announced, and its end written down, in one transaction; a closure meanwhile leaves nothing behind. */
  private async finish(exportId: string, accountId: string, key: string, size: number): Promise<void> {
    const now = this.clock.now();
    const expiresAt = now + EXPORT_LIFE_MS;
    const done = await this.db.transaction().execute(async (trx) => {
      const ready = await trx
        .updateTable('data_exports')
        .set({ status: 'ready', ready_at: now, expires_at: expiresAt, storage_key: key, size_bytes: size })
        .where('id', '=', exportId)
        .where('status', '=', 'preparing')
        .executeTakeFirst();
      if (Number(ready.numUpdatedRows) !== 1) return false;
      await this.inbox.deliver(
        trx,
        {
          accountId,
          category: 'security',
          template: 'data_export_ready',
          params: { at: expiresAt },
          send: true,
          jobs: [
            {
              kind: EXPORT_EXPIRE_JOB,
              key: `export-expire:${exportId}`,
              payload: { exportId } satisfies Payload,
              runAt: expiresAt,
            },
          ],
        },
        now,
      );
      return true;
    });
    if (!done) await this.store.delete(key);
  }

  /** Deletes the ZIP when its 7 days are over. */
  expireJob(): JobHandler<Payload> {
    return {
      kind: EXPORT_EXPIRE_JOB,
      run: async ({ exportId }) => {
        const row = await this.db.selectFrom('data_exports').selectAll().where('id', '=', exportId).executeTakeFirst();
        if (!row || row.status !== 'ready') return;
        await this.db
          .updateTable('data_exports')
          .set({ status: 'expired', storage_key: null })
          .where('id', '=', exportId)
          .where('status', '=', 'ready')
          .execute();
        if (row.storage_key) await this.store.delete(row.storage_key);
      },
    };
  }
}
