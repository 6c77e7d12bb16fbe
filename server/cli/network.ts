import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CardKeySchema, type CardKey } from '../../contract/api/network';
import { ConfigError, type Config } from '../config';
import { Keyed, loadServerKey } from '../domain/identity/secrets';
import { cardSigningKey, publicJwk, verifyCard } from '../domain/network/card-signing';
import { importProviders } from '../domain/network/provider-import';
import { openStore } from '../store/connect';

export const PROVIDERS_USAGE = `  npm run service -- providers import FILE.csv [--dry-run] [--dev]   load the insurer's provider file (all or nothing)`;
export const CARD_USAGE = `  npm run service -- card verify TOKEN [--key FILE|URL] [--dev]   check a member card's QR token (as a front desk would)`;

/** `providers import FILE.csv`: validates every row, then writes all of it in one transaction, or nothing. */
export async function providersCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'dry-run': { type: 'boolean', default: false }, dev: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [verb, file] = positionals;
  if (verb !== 'import' || !file || positionals.length !== 2) throw new ConfigError(`usage:\n${PROVIDERS_USAGE}`);
  const input = fs.createReadStream(path.resolve(file));
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (err) => reject(new ConfigError(`cannot read ${file}: ${err.message}`)));
  });
  await opened;
  const store = await openStore(config.database);
  try {
    const started = Date.now();
    const report = await importProviders(store.db, store.kind, input, started, { dryRun: values['dry-run'] });
    for (const r of report.rejected) {
      console.log(`line ${r.line}${r.code ? ` (${r.code})` : ''}: ${r.reason}`);
    }
    if (report.fatal) console.log(`line ${report.fatal.line}: ${report.fatal.reason}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (report.written) {
      const w = report.written;
      console.log(
        `${report.rows} rows imported in ${seconds} s: ${w.created} new, ${w.updated} updated, ${w.deactivated} marked inactive`,
      );
    } else if (report.fatal || report.rejected.length > 0) {
      console.log(
        `nothing imported: ${report.fatal ? 'the file is broken' : `${report.rejected.length} of ${report.rows} rows rejected`}; fix the lines above and import again`,
      );
      process.exitCode = 1;
    } else {
      console.log(`${report.rows} rows valid (dry run: nothing written)`);
    }
  } finally {
    await store.close();
  }
}

async function publishedKey(source: string): Promise<CardKey> {
  const text = /^https?:\/\//u.test(source)
    ? await fetch(source).then((r) => {
        if (!r.ok) throw new ConfigError(`${source} answered ${r.status}`);
        return r.text();
      })
    : fs.readFileSync(path.resolve(source), 'utf8');
  const key = CardKeySchema.safeParse(JSON.parse(text));
  if (!key.success) throw new ConfigError(`${source} is not an Ed25519 JWK`);
  return key.data;
}

/**
 * `card verify TOKEN`: what a provider's front desk does with a scanned card, offline. The
 * key is the published one (`--key`: a file or the service's `/v1/card-key`), or this
 * service's own from its settings.
 */
export async function cardCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { key: { type: 'string' }, dev: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [verb, token] = positionals;
  if (verb !== 'verify' || !token || positionals.length !== 2) throw new ConfigError(`usage:\n${CARD_USAGE}`);
  const jwk = values.key
    ? await publishedKey(values.key)
    : publicJwk(cardSigningKey(config, new Keyed(loadServerKey(config.dataDir, config.otpHmacKeyHex))));
  const verdict = verifyCard(token, jwk, Date.now());
  if (verdict.valid) {
    const c = verdict.claims;
    console.log(
      `valid: member ${c.memberNumber}, policy ${c.policyNumber}, plan ${c.plan}, until ${new Date(c.exp * 1000).toISOString()}`,
    );
    return;
  }
  const why = {
    malformed: 'not a member card token',
    wrong_key: 'signed with another key',
    bad_signature: 'the signature does not match: forged or altered',
    expired: 'expired',
  }[verdict.reason];
  console.log(`invalid: ${why}`);
  process.exitCode = 1;
}
