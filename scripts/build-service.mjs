// Builds the policy service as plain JavaScript: `dist/service/main.mjs`, run with `node`, no
// TypeScript compiler at run time. Its packages stay outside the bundle (native ones such as
// better-sqlite3, argon2 and sharp cannot go in, and the large ones load only when an area needs
// them); run from the repository, Node finds them in its node_modules.
//
// --standalone [--out DIR]: the folder the Dockerfile copies — the same, plus only the files of
// node_modules the service reaches (traced by @vercel/nft, native binaries included), so it runs
// anywhere with Node 24 and nothing else.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

/** Files the service reaches by a path computed at run time, which a trace cannot follow. */
const UNTRACED = [
  // The documents' typeface (server/domain/documents/render-pdf.ts).
  'node_modules/@fontsource/plus-jakarta-sans/files/plus-jakarta-sans-latin-400-normal.woff',
  'node_modules/@fontsource/plus-jakarta-sans/files/plus-jakarta-sans-latin-700-normal.woff',
  // pdf.js in Node runs its worker in the same thread, imported when a PDF is first read.
  'node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs',
  'node_modules/pdfjs-dist/package.json',
];

const { values } = parseArgs({
  options: { standalone: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const root = process.cwd();
const finalOut = path.resolve(values.out ?? (values.standalone ? 'dist/service-standalone' : 'dist/service'));
// Built inside the repository in any case: the trace resolves packages from where main.mjs is.
const out = values.standalone ? path.join(root, 'dist', `.service-${process.pid}`) : finalOut;
fs.rmSync(out, { recursive: true, force: true });

await build({
  entryPoints: { main: 'server/main.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  // What a module loads with import() (server/lazy.ts) becomes its own chunk, its packages with it;
  // beside main.mjs, so that server/paths.ts finds resources/ from whichever file it lands in.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  // server/paths.ts: resources and the doctor console sit beside main.mjs.
  define: { PORTAL_SERVICE_BUILT: 'true' },
  logLevel: 'warning',
});
for (const dir of ['eula', 'demo'])
  fs.cpSync(path.join(root, 'resources', dir), path.join(out, 'resources', dir), { recursive: true });
// The doctor console is served by the service (teleconsultation.md); `vite build` made it first.
if (fs.existsSync(path.join(root, 'dist/doctor')))
  fs.cpSync(path.join(root, 'dist/doctor'), path.join(out, 'doctor'), { recursive: true });

if (values.standalone) {
  const { nodeFileTrace } = await import('@vercel/nft');
  const { fileList, warnings } = await nodeFileTrace([path.join(out, 'main.mjs')], { base: root });
  let copied = 0;
  for (const file of [...fileList, ...UNTRACED]) {
    if (!file.startsWith('node_modules/')) continue;
    const from = path.join(root, file);
    if (!fs.statSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    fs.copyFileSync(from, path.join(out, file));
    copied++;
  }
  // A file tried as a script and then as a module, or a shared library read as code: not faults.
  for (const w of warnings)
    if (!/Failed to (?:resolve dependency|parse)/u.test(String(w.message))) console.warn(`trace: ${w.message}`);
  fs.writeFileSync(
    path.join(out, 'package.json'),
    `${JSON.stringify({ name: 'portal-nasabah-service', private: true, type: 'module', scripts: { start: 'node main.mjs' } }, null, 2)}\n`,
  );
  if (finalOut !== out) {
    fs.rmSync(finalOut, { recursive: true, force: true });
    fs.cpSync(out, finalOut, { recursive: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
  console.log(`standalone service in ${finalOut}: ${copied} files of node_modules`);
}
