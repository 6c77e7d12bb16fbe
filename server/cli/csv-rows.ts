import fs from 'node:fs';
import type { z } from 'zod';

/**
 * The rows of an operator's CSV file (a header line naming the columns), each checked against
 * `schema`: the good ones with their line numbers, and every problem by its line, so one run
 * names all that is to fix. A broken file (quoting, an overlong line) is one problem.
 */
export async function readCsvRows<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<{ rows: Array<{ line: number; row: z.infer<S> }>; problems: string[] }> {
  const { parse } = await import('csv-parse');
  const rows: Array<{ line: number; row: z.infer<S> }> = [];
  const problems: string[] = [];
  const parser = fs
    .createReadStream(file)
    .pipe(parse({ bom: true, columns: true, info: true, skip_empty_lines: true, max_record_size: 4096 }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const row = schema.safeParse(record);
      if (row.success) rows.push({ line: info.lines, row: row.data });
      else
        problems.push(
          `line ${info.lines}: ${row.error.issues.map((i) => `${i.path.join('.') || 'row'} ${i.message}`).join('; ')}`,
        );
    }
  } catch (err) {
    problems.push(`the file is broken: ${(err as Error).message}`);
  }
  return { rows, problems };
}
