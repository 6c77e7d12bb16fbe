import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { IsoDateSchema } from '../../contract/api/common';
import { ConfigError, type Config } from '../config';
import { decreeOf, importDecree, type HolidayRow } from '../domain/calendar/holiday-store';
import { openStore } from '../store/connect';
import { readCsvRows } from './csv-rows';

export const HOLIDAYS_USAGE = `  npm run service -- admin holidays import FILE.csv [--source TEXT] [--dev]   a year's decree (date,kind,name; kind holiday|cuti_bersama), all or nothing
  npm run service -- admin holidays list --year YYYY [--dev]`;

const RowSchema = z.strictObject({
  date: z.string().trim().pipe(IsoDateSchema),
  kind: z.enum(['holiday', 'cuti_bersama']),
  name: z.string().trim().min(1, 'is empty').max(200),
});

/** Every problem of a decree's file, by line; none when it can be imported. */
export async function readDecreeFile(file: string): Promise<{ year?: number; rows: HolidayRow[]; problems: string[] }> {
  const read = await readCsvRows(file, RowSchema);
  const problems = read.problems;
  const rows = read.rows.map(({ line, row }) => ({ ...row, line }));
  const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))];
  if (years.length > 1) problems.push(`the dates are in ${years.join(', ')}: a file holds one year's decree`);
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.date);
    if (first !== undefined) problems.push(`line ${r.line}: ${r.date} is on line ${first} already`);
    else seen.set(r.date, r.line);
  }
  if (rows.length === 0 && problems.length === 0) problems.push('no days in the file');
  return { year: years.length === 1 ? years[0] : undefined, rows: rows.map(({ line: _, ...r }) => r), problems };
}

/** `admin holidays import|list`: the calendar's decrees, in the database the settings name. */
export async function holidaysCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { year: { type: 'string' }, source: { type: 'string' }, dev: { type: 'boolean' } },
  });
  const [verb, file] = positionals;
  if (verb === 'import' && file) {
    if (!fs.existsSync(path.resolve(file))) throw new ConfigError(`cannot read ${file}`);
    const read = await readDecreeFile(path.resolve(file));
    if (read.problems.length > 0 || read.year === undefined) {
      for (const p of read.problems) console.log(p);
      throw new ConfigError(`nothing imported: ${read.problems.length} problem(s) to fix`);
    }
    const store = await openStore(config.database);
    try {
      await importDecree(store.db, read.year, values.source ?? path.basename(file), read.rows, Date.now());
    } finally {
      await store.close();
    }
    const cuti = read.rows.filter((r) => r.kind === 'cuti_bersama').length;
    console.log(
      `the decree of ${read.year} imported: ${read.rows.length - cuti} holiday(s), ${cuti} cuti bersama day(s); running services count with it within ten minutes`,
    );
    return;
  }
  if (verb === 'list' && values.year && /^\d{4}$/u.test(values.year)) {
    const store = await openStore(config.database, undefined, { migrate: 'none' });
    try {
      const decree = await decreeOf(store.db, Number(values.year));
      if (!decree) {
        console.log(`no decree for ${values.year}: its working days are counted with computed public holidays`);
        return;
      }
      console.log(`${values.year}: ${decree.source}`);
      for (const d of decree.days) console.log(`${d.date}  ${d.kind.padEnd(12)}  ${d.name}`);
      console.log(`${decree.days.length} day(s)`);
    } finally {
      await store.close();
    }
    return;
  }
  throw new ConfigError(`usage:\n${HOLIDAYS_USAGE}`);
}
