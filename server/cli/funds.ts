import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { Decimal4Schema, decimal4ToE4, IsoDateSchema } from '../../contract/api/common';
import { ConfigError, type Config } from '../config';
import { openStore } from '../store/connect';
import { readCsvRows } from './csv-rows';
import { savePrices } from '../domain/requests/funds';

export const FUNDS_USAGE = `  npm run service -- funds prices FILE.csv [--dev]   load unit prices (fund_code,price_date,price), all or nothing`;

const PriceRowSchema = z.strictObject({
  fund_code: z
    .string()
    .trim()
    .regex(/^[A-Z_]{2,20}$/u, 'must be a fund code such as SAHAM'),
  price_date: z.string().trim().pipe(IsoDateSchema),
  price: z.string().trim().pipe(Decimal4Schema),
});

/**
 * `funds prices FILE.csv`: the insurer's daily unit prices. Every row is checked first; then
 * all are written in one transaction (a price already there is replaced), or none.
 */
export async function fundsCommand(config: Config, argv: string[]): Promise<void> {
  const { positionals } = parseArgs({ args: argv, options: { dev: { type: 'boolean' } }, allowPositionals: true });
  const [verb, file] = positionals;
  if (verb !== 'prices' || !file || positionals.length !== 2) throw new ConfigError(`usage:\n${FUNDS_USAGE}`);
  if (!fs.existsSync(path.resolve(file))) throw new ConfigError(`cannot read ${file}`);
  const read = await readCsvRows(path.resolve(file), PriceRowSchema);
  const rejected = read.problems;
  const rows = read.rows.map(({ row }) => ({
    fund_code: row.fund_code,
    price_date: row.price_date,
    price_e4: Number(decimal4ToE4(row.price)),
  }));
  if (rejected.length > 0 || rows.length === 0) {
    for (const r of rejected) console.log(r);
    console.log(
      `nothing loaded: ${rows.length === 0 && rejected.length === 0 ? 'no prices in the file' : `${rejected.length} line(s) to fix`}`,
    );
    process.exitCode = 1;
    return;
  }
  const store = await openStore(config.database);
  try {
    await savePrices(store.db, rows);
    console.log(`${rows.length} prices loaded`);
  } finally {
    await store.close();
  }
}
