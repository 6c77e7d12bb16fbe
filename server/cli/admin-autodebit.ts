import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { AutodebitImportReport } from '../../contract/api/autodebit';
import { ConfigError, type Config } from '../config';
import { call, target } from './admin-claims';

export const ADMIN_AUTODEBIT_USAGE = `  npm run service -- admin autodebit export --bank bca --date YYYY-MM-DD [--out FILE]
     the day's debit instructions for the bank, as CSV (standard output without --out)
  npm run service -- admin autodebit import FILE [--bank bca]
     the bank's result file, booked all or nothing; a line naming no instruction is reported
     (the development service must be running, or ADMIN_URL and ADMIN_API_KEY set)`;

/** `admin autodebit …`: the back office's file exchange with the bank, over HTTP to the running service. */
export async function adminAutodebitCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bank: { type: 'string', default: 'bca' },
      date: { type: 'string' },
      out: { type: 'string' },
      dev: { type: 'boolean' },
    },
  });
  const [verb, file] = positionals;
  if (values.bank !== 'bca') throw new ConfigError(`only --bank bca is exchanged by file\n${ADMIN_AUTODEBIT_USAGE}`);
  const t = target(config);
  if (verb === 'export' && values.date && /^\d{4}-\d{2}-\d{2}$/u.test(values.date)) {
    const csv = (await call(
      t,
      'GET',
      `/v1/admin/autodebit/instructions?bank=bca&date=${values.date}`,
      undefined,
      'text',
    )) as string;
    const lines = csv.trimEnd().split('\r\n').length - 1;
    if (values.out) {
      // Written whole or not at all: the bank must never get half a day's file.
      fs.writeFileSync(`${values.out}.part`, csv);
      fs.renameSync(`${values.out}.part`, values.out);
      console.error(`${lines} instruction(s) of ${values.date} written to ${values.out}`);
    } else process.stdout.write(csv);
    return;
  }
  if (verb === 'import' && file) {
    let csv: string;
    try {
      csv = fs.readFileSync(file, 'utf8');
    } catch {
      throw new ConfigError(`cannot read ${file}`);
    }
    const r = (await call(
      t,
      'POST',
      '/v1/admin/autodebit/results?bank=bca',
      csv,
      'json',
      'text/csv',
    )) as AutodebitImportReport;
    for (const p of r.problems) console.log(p);
    for (const u of r.unmatched) console.log(`line ${u.line}: instruction ${u.instructionId} is not ours: not booked`);
    for (const u of r.refunds)
      console.log(`line ${u.line}: instruction ${u.instructionId}: the bill was paid otherwise: return the debit`);
    if (r.refused) {
      console.log(`refused: nothing of ${file} was booked`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `${r.debited} debited and booked, ${r.failed} failed, ${r.alreadyImported} imported before, ${r.unmatched.length} not ours, ${r.refunds.length} to return`,
    );
    if (r.unmatched.length > 0 || r.refunds.length > 0) process.exitCode = 2;
    return;
  }
  throw new ConfigError(`usage:\n${ADMIN_AUTODEBIT_USAGE}`);
}
