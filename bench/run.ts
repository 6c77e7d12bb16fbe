export {};
// `npm run bench -- <name>`: runs one benchmark and prints its figures.
const benches: Record<string, () => Promise<unknown>> = {
  identity: () => import('./identity').then((m) => m.main()),
  desktop: () => import('./desktop').then((m) => m.main()),
  documents: () => import('./documents').then((m) => m.main()),
  events: () => import('./events').then((m) => m.main()),
  claims: () => import('./claims').then((m) => m.main()),
  // `BENCH_PAYMENTS_PARTS=payments,collections` (both by default): paying and booking, a debit day's collections.
  payments: async () => {
    const parts = (process.env.BENCH_PAYMENTS_PARTS ?? 'payments,collections').split(',');
    if (parts.includes('payments')) await import('./payments').then((m) => m.main());
    if (parts.includes('collections')) await import('./collections').then((m) => m.main());
  },
  network: () => import('./network').then((m) => m.main()),
  consult: () => import('./consult').then((m) => m.main()),
  service: () => import('./service').then((m) => m.main()),
  data: () => import('./data').then((m) => m.main()),
  statements: () => import('./statements').then((m) => m.main()),
};

const name = process.argv[2];
const bench = name ? benches[name] : undefined;
if (!bench) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
await bench();
// A benchmark that left something running is said so, and does not hang the shell that ran it.
setTimeout(() => {
  console.error(`still running after the benchmark: ${process.getActiveResourcesInfo().join(', ')}`);
  process.exit(process.exitCode ?? 0);
}, 5_000).unref();
