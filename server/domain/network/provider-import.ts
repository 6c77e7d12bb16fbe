import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { StoreKind } from '../../store/connect';
import type { Database } from '../../store/schema';
import { PROVIDER_COLUMNS, ProviderRowSchema, rowProblem, type ProviderInput } from './provider-input';
import { refreshProviderStatistics, writeProviders, type WriteResult } from './provider-store';

/** A record longer than this is not a provider: the file is broken (a missing quote, a binary). */
export const MAX_RECORD_CHARS = 64 * 1024;

export interface ImportReport {
  /** Data rows read (the header not counted). */
  rows: number;
  rejected: Array<{ line: number; code?: string; reason: string }>;
  /** The file itself is broken (header, quoting, a line too long): nothing after it was read. */
  fatal?: { line: number; reason: string };
  /** Present when the import was written: nothing is written while any row is rejected. */
  written?: WriteResult;
}

function headerProblem(header: string[]): string | undefined {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = PROVIDER_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(PROVIDER_COLUMNS as readonly string[]).includes(n));
  const doubled = names.filter((n, i) => names.indexOf(n) !== i);
  const problems = [
    missing.length ? `missing column(s) ${missing.join(', ')}` : '',
    unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
    doubled.length ? `repeated column(s) ${doubled.join(', ')}` : '',
  ].filter(Boolean);
  return problems.length ? `wrong header: ${problems.join('; ')}` : undefined;
}

/**
 * `providers import FILE.csv` (network.md, Data). The file is read as a stream and every row
 * validated first; then, only if no row was rejected, all of it is written in one transaction
 * (upsert by code, the others marked inactive). So an import is all or nothing: a broken
 * file or a rejected row changes nothing, and the report names every line to fix.
 */
export async function importProviders(
  db: Kysely<Database>,
  kind: StoreKind,
  input: Readable,
  now: number,
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, rejected: [] };
  const valid: ProviderInput[] = [];
  const lineOfCode = new Map<string, number>();
  // Loaded by the import alone (the back office's command), not by the service.
  const { parse } = await import('csv-parse');
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const problem = headerProblem(header);
        if (problem) throw Object.assign(new Error(problem), { lines: 1 });
        return header.map((h) => h.trim().toLowerCase());
      },
      info: true,
      max_record_size: MAX_RECORD_CHARS,
      skip_empty_lines: true,
    }),
  );
  input.on('error', (err) => parser.destroy(err));
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      report.rows++;
      const line = info.lines;
      const parsed = ProviderRowSchema.safeParse(record);
      const code = typeof record.code === 'string' ? record.code.trim() : undefined;
      if (!parsed.success) {
        report.rejected.push({ line, ...(code ? { code } : {}), reason: rowProblem(parsed.error) });
        continue;
      }
      const first = lineOfCode.get(parsed.data.code);
      if (first !== undefined) {
        report.rejected.push({ line, code: parsed.data.code, reason: `code repeats line ${first}` });
        continue;
      }
      lineOfCode.set(parsed.data.code, line);
      valid.push(parsed.data);
    }
  } catch (err) {
    const e = err as { message?: string; lines?: number; code?: string };
    report.fatal = {
      line: typeof e.lines === 'number' ? e.lines : report.rows + 1,
      reason:
        e.code === 'CSV_MAX_RECORD_SIZE'
          ? `a record is longer than ${MAX_RECORD_CHARS} characters (a missing quote, or not a provider file)`
          : (e.message ?? String(err)),
    };
    return report;
  }
  if (report.rows === 0) report.fatal = { line: 1, reason: 'the file has no provider rows' };
  if (report.fatal || report.rejected.length > 0 || dryRun) return report;

  report.written = await db.transaction().execute(async (trx) => {
    // Later than any earlier write, even from a clock that stands still: the mark of this import.
    const last = await trx
      .selectFrom('providers')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirst();
    const stamp = Math.max(now, Number(last?.at ?? 0) + 1);
    return writeProviders(trx, valid, stamp, { demo: false, deactivateOthers: true });
  });
  await refreshProviderStatistics(db, kind);
  return report;
}
