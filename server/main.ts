import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildService } from './app';
import { ConfigError, loadConfig } from './config';
import { importLegacyAccounts } from './cli/import-legacy';
import { DemoCustomersSchema, LegacyAccountsSchema, readJsonFile } from './cli/demo-data';
import { seedCustomers } from './cli/seed-demo';
import { seedDemoDocuments } from './cli/demo-documents';
import { devAdminFile, writeDevAdminFile } from './cli/admin-claims';
import fs from 'node:fs';
import { resourcesDir } from './paths';
import { placeThreads } from './cpu-placement';
import { migrateDatabase, openStore } from './store/connect';
import { seedDemoProviders } from './domain/network/demo-providers';

// The commands are loaded when asked for: the service itself starts without them and what they
// alone use (the CSV parser of imports among it).
const commands = {
  addDocument: () => import('./cli/add-document'),
  adminClaims: () => import('./cli/admin-claims'),
  payments: () => import('./cli/payments'),
  network: () => import('./cli/network'),
  doctors: () => import('./cli/doctors'),
  funds: () => import('./cli/funds'),
  adminRequests: () => import('./cli/admin-requests'),
  adminAutodebit: () => import('./cli/admin-autodebit'),
  adminComplaints: () => import('./cli/admin-complaints'),
  holidays: () => import('./cli/holidays'),
  messages: () => import('./cli/messages'),
  adminJobs: () => import('./cli/admin-jobs'),
  backup: () => import('./cli/backup'),
};

async function usage(): Promise<string> {
  const [claims, payments, network, doctors, funds, requests, autodebit, complaints, holidays, messages, jobs, backup] =
    await Promise.all([
      commands.adminClaims(),
      commands.payments(),
      commands.network(),
      commands.doctors(),
      commands.funds(),
      commands.adminRequests(),
      commands.adminAutodebit(),
      commands.adminComplaints(),
      commands.holidays(),
      commands.messages(),
      commands.adminJobs(),
      commands.backup(),
    ]);
  return `usage:
  npm run service -- [--dev]                      start the policy service (--dev: development mode, demo data, outbox)
  npm run service -- migrate [--dev]              brings the database's schema to this release's (then start instances with MIGRATE=false)
  npm run service -- import-legacy FILE [--dev]   import accounts of the old system from FILE
  npm run service -- add-document --policy NUMBER --title TITLE [--category schedule|conditions|statement|member_card|other]
                     [--issued YYYY-MM-DD] [--member MEMBER_NUMBER] [--dev] FILE.pdf    attach a PDF to a policy
${claims.ADMIN_USAGE}
${payments.PAYMENTS_USAGE}
${autodebit.ADMIN_AUTODEBIT_USAGE}
${network.PROVIDERS_USAGE}
${network.CARD_USAGE}
${doctors.DOCTORS_USAGE}
${funds.FUNDS_USAGE}
${requests.ADMIN_REQUESTS_USAGE}
${complaints.ADMIN_COMPLAINTS_USAGE}
${holidays.HOLIDAYS_USAGE}
${messages.MESSAGES_USAGE}
${jobs.ADMIN_JOBS_USAGE}
${backup.BACKUP_USAGE}`;
}

/** After the requests' grace, how long the jobs, the events listener and the pool may take to close. */
const SHUTDOWN_AFTER_GRACE_SECONDS = 15;

async function serve(dev: boolean): Promise<void> {
  const config = loadConfig(process.env, dev ? 'development' : 'production');
  // Before anything else: a wrong HASH_CPUS stops the start before the database is touched.
  const placement = config.hashCpus ? await placeThreads(config.hashCpus) : undefined;
  const service = await buildService({ config });
  if (placement) service.app.log.info(placement, 'threads placed (HASH_CPUS)');
  if (dev) {
    // The demo is laid relative to the service's day (its clock may have been moved by hand).
    const now = service.clock.now();
    const seeded = await seedCustomers(
      service.store.db,
      readJsonFile(path.join(resourcesDir, 'demo/customers.json'), DemoCustomersSchema),
      now,
    );
    if (seeded) {
      const legacy = await importLegacyAccounts(
        service.store.db,
        readJsonFile(path.join(resourcesDir, 'demo/legacy-accounts.json'), LegacyAccountsSchema),
        now,
        config.legacyUsernameGraceDays * 86_400_000,
      );
      for (const r of legacy) console.log(`[demo] old account ${r.oldUsername} -> ${r.newUsername ?? r.reason}`);
      const docs = await seedDemoDocuments(service.store.db, service.documents, now);
      console.log(`[demo] ${docs} policy documents generated`);
    }
    const providers = await seedDemoProviders(service.store.db, now);
    if (providers) console.log(`[demo] ${providers} invented hospitals and clinics`);
    console.log(`[demo] data in ${config.dataDir}`);
  }
  const address = await service.app.listen({ port: config.port, host: config.host });
  const url = new URL(address);
  // The back office from the command line finds this development service (and its own key)
  // here; written before the service says it listens, so whoever waits for that finds it.
  if (dev) writeDevAdminFile(config.dataDir, `http://${config.host}:${url.port}`, service.devAdminKey);
  if (service.metricsUrl) console.log(`metrics on ${service.metricsUrl}`);
  console.log(`listening on http://${config.host}:${url.port}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.app.log.info({ signal }, 'stopping');
    if (dev) fs.rmSync(devAdminFile(config.dataDir), { force: true });
    // The last word: whatever still holds the process after the grace and the parts' own
    // closing (a job, a pool) does not keep it alive; leased jobs go back when their lease ends.
    setTimeout(
      () => {
        service.app.log.error('stopping took too long: exiting');
        process.exit(1);
      },
      (config.shutdownGraceSeconds + SHUTDOWN_AFTER_GRACE_SECONDS) * 1000,
    ).unref();
    // Fastify stops accepting, lets requests in flight finish (cut after the grace), then the store closes.
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function importLegacy(file: string, dev: boolean): Promise<void> {
  const config = loadConfig(process.env, dev ? 'development' : 'production', { sendsMessages: false });
  const records = readJsonFile(path.resolve(file), LegacyAccountsSchema);
  const store = await openStore(config.database);
  try {
    const results = await importLegacyAccounts(
      store.db,
      records,
      Date.now(),
      config.legacyUsernameGraceDays * 86_400_000,
    );
    for (const r of results) console.log(JSON.stringify(r));
    const refused = results.filter((r) => r.status === 'refused').length;
    console.log(`${results.length - refused} imported or already there, ${refused} refused`);
    if (refused > 0) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'admin' && argv[1] === 'pay') {
    return (await commands.payments()).adminPayCommand(
      loadConfig(process.env, 'development', { sendsMessages: false }),
      argv.slice(2),
    );
  }
  if (argv[0] === 'payments' && argv[1] === 'reconcile') {
    const dev = argv.includes('--dev');
    // The service's own settings, all of them: it reads the store and asks the gateway.
    return (await commands.payments()).reconcileCommand(
      loadConfig(process.env, dev ? 'development' : 'production'),
      argv.slice(2),
    );
  }
  if (argv[0] === 'providers') {
    const dev = argv.includes('--dev');
    return (await commands.network()).providersCommand(
      loadConfig(process.env, dev ? 'development' : 'production', { sendsMessages: false }),
      argv.slice(1),
    );
  }
  if (argv[0] === 'funds') {
    const dev = argv.includes('--dev');
    return (await commands.funds()).fundsCommand(
      loadConfig(process.env, dev ? 'development' : 'production', { sendsMessages: false }),
      argv.slice(1),
    );
  }
  if (argv[0] === 'doctors') {
    const dev = argv.includes('--dev');
    return (await commands.doctors()).doctorsCommand(
      loadConfig(process.env, dev ? 'development' : 'production', { sendsMessages: false }),
      argv.slice(1),
    );
  }
  if (argv[0] === 'card') {
    const dev = argv.includes('--dev');
    return (await commands.network()).cardCommand(
      loadConfig(process.env, dev ? 'development' : 'production', { sendsMessages: false }),
      argv.slice(1),
    );
  }
  if (argv[0] === 'admin' && argv[1] === 'jobs') {
    return (await commands.adminJobs()).adminJobsCommand(
      loadConfig(process.env, 'development', { sendsMessages: false }),
      argv.slice(2),
    );
  }
  if (argv[0] === 'admin' && argv[1] === 'messages') {
    const dev = argv.includes('--dev');
    return (await commands.messages()).messagesCommand(
      loadConfig(process.env, dev ? 'development' : 'production', { sendsMessages: false }),
      argv.slice(2),
    );
  }
  if (argv[0] === 'admin' && argv[1] === 'holidays') {
    // The database itself, as the settings name it: no running service is needed.
    const dev = argv.includes('--dev');
    return (await commands.holidays()).holidaysCommand(
      loadConfig(process.env, dev ? 'development' : 'production', { sendsMessages: false }),
      argv.slice(2),
    );
  }
  if (argv[0] === 'admin' && (argv[1] === 'complaints' || argv[1] === 'alerts')) {
    return (await commands.adminComplaints()).adminComplaintsCommand(
      loadConfig(process.env, 'development', { sendsMessages: false }),
      argv.slice(1),
    );
  }
  if (argv[0] === 'admin' && argv[1] === 'autodebit') {
    return (await commands.adminAutodebit()).adminAutodebitCommand(
      loadConfig(process.env, 'development', { sendsMessages: false }),
      argv.slice(2),
    );
  }
  if (argv[0] === 'admin' && argv[1] === 'requests') {
    return (await commands.adminRequests()).adminRequestsCommand(
      loadConfig(process.env, 'development', { sendsMessages: false }),
      argv.slice(2),
    );
  }
  if (argv[0] === 'admin') {
    if (argv[1] !== 'claims') throw new ConfigError(`usage:\n${(await commands.adminClaims()).ADMIN_USAGE}`);
    // The back office of development mode: the development data folder's running service.
    return (await commands.adminClaims()).adminClaimsCommand(
      loadConfig(process.env, 'development', { sendsMessages: false }),
      argv.slice(2),
    );
  }
  const { values, positionals } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      policy: { type: 'string' },
      title: { type: 'string' },
      category: { type: 'string', default: 'other' },
      issued: { type: 'string' },
      member: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(await usage());
    return;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) return serve(values.dev);

  if (
    ['backup', 'restore', 'check-documents'].includes(command) &&
    rest.length === (command === 'check-documents' ? 0 : 1)
  ) {
    const config = loadConfig(process.env, values.dev ? 'development' : 'production', { sendsMessages: false });
    const backup = await commands.backup();
    if (command === 'backup') return backup.backupCommand(config, rest[0]!);
    if (command === 'restore') return backup.restoreCommand(config, rest[0]!);
    return backup.checkDocumentsCommand(config);
  }
  if (command === 'migrate' && rest.length === 0) {
    const config = loadConfig(process.env, values.dev ? 'development' : 'production', { sendsMessages: false });
    const ran = await migrateDatabase(config.database);
    console.log(ran.length ? `migrated: ${ran.join(', ')}` : 'the schema is current');
    return;
  }
  if (command === 'import-legacy' && rest.length === 1) return importLegacy(rest[0]!, values.dev);
  if (command === 'add-document' && rest.length === 1) {
    const config = loadConfig(process.env, values.dev ? 'development' : 'production', { sendsMessages: false });
    return (await commands.addDocument()).addDocumentCommand(config, rest[0]!, values);
  }
  throw new ConfigError(await usage());
}

main().catch((err: unknown) => {
  // A bad setting or argument is said in one plain line, without a stack.
  console.error(err instanceof ConfigError ? err.message : err instanceof Error ? `error: ${err.message}` : err);
  process.exit(1);
});
