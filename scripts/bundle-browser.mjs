#!/usr/bin/env node
// The browser bundle and its checks (issue 14):
// - bundles index.ts for a browser with esbuild (platform 'browser', the 'browser' condition, so
//   `#platform` resolves to src/platform/browser.ts; Node's builtins NOT external), ESM with code
//   splitting, into dist-browser/ (ignored), with parquet-wasm's .wasm copied beside the chunks;
// - fails on any `node:` import (or bare Node builtin, or the Dawn `webgpu` package) reachable
//   from the entry;
// - checks that parquet-wasm and the shapefile reader (shpjs, proj4) are in chunks of their
//   own, loaded only by dynamic import, not in the entry chunk;
// - emits the parallel CSV read's worker (src/io/csv-worker.ts) as a second entry, csv-worker.js,
//   and checks that `new URL('./csv-worker.js', import.meta.url)` in the output that holds
//   src/io/csv-parallel.ts names that file (esbuild leaves the expression as it is, so the URL is
//   relative to whichever output the code lands in), and that dist/src/io/csv-parallel.js keeps
//   the `new Worker(new URL(...), { type: 'module' })` form Vite bundles a worker from;
// - measures the gzip size of the entry chunk and of all chunks; `--write` records them in
//   scripts/bundle-size.json; `--check` fails when the entry chunk's gzip size is more than 10%
//   past the recorded one.
//
// Usage: node scripts/bundle-browser.mjs [--check | --write] [--sizes <file>] [--out <dir>]
// --out: where the bundle goes (default dist-browser/); the tests and the page check each bundle
// into a folder of their own, so runs side by side (CI's CPU half beside `npm run test:browser`)
// never delete each other's files.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outAt = process.argv.indexOf('--out');
const out = outAt > 0 ? resolve(root, process.argv[outAt + 1]) : join(root, 'dist-browser');
// --sizes <file>: another record to check against or write (the tests use it)
const sizesAt = process.argv.indexOf('--sizes');
const sizeFile = sizesAt > 0 ? process.argv[sizesAt + 1] : join(root, 'scripts', 'bundle-size.json');
const check = process.argv.includes('--check');
const write = process.argv.includes('--write');
const GROWTH = 0.1;
const readFileSafe = (p) => {
  try {
    return readFileSync(p);
  } catch {
    return undefined;
  }
};

const fail = (msg) => {
  console.error(`bundle-browser: ${msg}`);
  process.exit(1);
};

// Every import of a Node builtin or of Dawn is recorded (and left external, so the build itself
// completes and the report can list them all with the file that imports each).
const nodeImports = [];
const builtins = new Set(builtinModules);
const guard = {
  name: 'no-node',
  setup(b) {
    // `#platform` (package.json `imports`) names the built dist/src/platform/browser.js; this
    // bundle is of the sources, so take the source beside them (the package's own resolution is
    // checked on dist/ below).
    b.onResolve({ filter: /^#platform$/ }, () => ({ path: join(root, 'src', 'platform', 'browser.ts') }));
    b.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, '').split('/')[0];
      if (args.path.startsWith('node:') || (builtins.has(bare) && args.kind !== 'entry-point') || args.path === 'webgpu') {
        nodeImports.push(`${args.path} (imported by ${relative(root, args.importer)})`);
        return { path: args.path, external: true };
      }
      return undefined;
    });
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  absWorkingDir: root,
  // the worker is an entry of its own: csv-parallel.ts starts it by URL, it is never imported
  entryPoints: { gpuframe: join(root, 'index.ts'), 'csv-worker': join(root, 'src', 'io', 'csv-worker.ts') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['browser'],
  target: 'es2022',
  minify: true,
  sourcemap: false,
  metafile: true,
  outdir: out,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  // a .wasm referenced as `new URL(..., import.meta.url)` is fetched at run time, not bundled
  loader: { '.wasm': 'file' },
  plugins: [guard],
  logLevel: 'warning',
});

if (nodeImports.length > 0) fail(`Node modules reachable from the browser entry:\n  ${[...new Set(nodeImports)].join('\n  ')}`);

// The published package as a consumer's bundler sees it: `import 'gpuframe'` resolved through
// package.json `exports` (its `browser` condition) and `imports` (`#platform` → the built
// browser platform), with no configuration. It reads dist/, so it runs where dist/ is built.
if (readFileSafe(join(root, 'dist', 'index.js')) !== undefined && readFileSafe(join(root, 'dist', 'src', 'platform', 'browser.js')) !== undefined) {
  const consumer = join(out, '.consumer');
  mkdirSync(join(consumer, 'node_modules'), { recursive: true });
  symlinkSync(root, join(consumer, 'node_modules', 'gpuframe'), 'dir');
  writeFileSync(join(consumer, 'main.js'), "import * as gf from 'gpuframe';\nconsole.log(typeof gf.readCSV);\n");
  const before = nodeImports.length;
  const r = await build({
    absWorkingDir: consumer,
    entryPoints: [join(consumer, 'main.js')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    preserveSymlinks: true,
    outdir: join(consumer, 'out'),
    write: false,
    metafile: true,
    loader: { '.wasm': 'file' },
    plugins: [{ name: 'no-node', setup: (b) => guard.setup({ onResolve: (o, f) => (o.filter.source === '^#platform$' ? undefined : b.onResolve(o, f)) }) }],
    logLevel: 'warning',
  });
  rmSync(consumer, { recursive: true, force: true });
  if (nodeImports.length > before) fail(`the package (dist/) resolved for a browser reaches Node modules:\n  ${nodeImports.slice(before).join('\n  ')}`);
  const platformFile = Object.keys(r.metafile.inputs).find((i) => /platform\/(browser|node)\.js$/.test(i));
  if (!platformFile?.endsWith('platform/browser.js')) fail(`'gpuframe' for a browser resolved #platform to ${platformFile}, expected dist/src/platform/browser.js`);
  console.log(`bundle-browser: import 'gpuframe' (dist/, exports 'browser' condition) resolves #platform to dist/src/platform/browser.js with no configuration`);
  // A bundler that takes dist/ as it is (Vite) finds the worker through this form, Vite's own
  // pattern (vite:worker-import-meta-url), and bundles dist/src/io/csv-worker.js from it.
  const viteWorker = /\bnew\s+Worker\s*\(\s*new\s+URL\s*\(\s*'\.\/csv-worker\.js'\s*,\s*import\.meta\.url\s*\)\s*,\s*\{\s*type:\s*'module'\s*\}\s*\)/;
  if (!viteWorker.test(readFileSync(join(root, 'dist', 'src', 'io', 'csv-parallel.js'), 'utf8'))) fail("dist/src/io/csv-parallel.js lacks `new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' })`, the form Vite bundles the CSV worker from");
  if (readFileSafe(join(root, 'dist', 'src', 'io', 'csv-worker.js')) === undefined) fail('dist/src/io/csv-worker.js, the CSV worker beside csv-parallel.js, is not built');
  console.log("bundle-browser: dist/src/io/csv-parallel.js starts dist/src/io/csv-worker.js by `new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' })` (Vite's worker form)");
} else {
  console.log('bundle-browser: dist/ is not built: the package-resolution check is skipped (npm run build)');
}

// parquet-wasm's web build fetches parquet_wasm_bg.wasm beside its own module (import.meta.url):
// copy it next to the chunks.
const require = createRequire(import.meta.url);
const wasm = join(dirname(require.resolve('parquet-wasm/esm')), 'parquet_wasm_bg.wasm');
copyFileSync(wasm, join(out, 'chunks', 'parquet_wasm_bg.wasm'));

// Which output holds which input; the entry chunk's static imports (what loads with it).
const outputs = result.metafile.outputs;
const entryOut = Object.keys(outputs).find((o) => outputs[o].entryPoint !== undefined && o.endsWith('gpuframe.js'));
if (!entryOut) fail('no entry chunk in the output');

// The CSV worker: the URL in the output holding csv-parallel.ts must name the worker entry.
const workerOut = Object.keys(outputs).find((o) => outputs[o].entryPoint?.endsWith('src/io/csv-worker.ts'));
if (!workerOut) fail('no csv-worker entry in the output');
const starters = Object.keys(outputs).filter((o) => Object.keys(outputs[o].inputs).some((i) => i.endsWith('src/io/csv-parallel.ts')));
if (starters.length !== 1) fail(`src/io/csv-parallel.ts is in ${starters.length} outputs (${starters.join(', ')}), expected one`);
const workerUrl = /new URL\((["'`])(\.\/csv-worker\.js)\1,\s*import\.meta\.url\)/.exec(readFileSync(join(root, starters[0]), 'utf8'));
if (!workerUrl) fail(`${starters[0]} (which holds src/io/csv-parallel.ts) has no new URL('./csv-worker.js', import.meta.url)`);
const workerAt = relative(root, join(root, dirname(starters[0]), workerUrl[2]));
if (workerAt !== relative(root, join(root, workerOut))) fail(`new URL('${workerUrl[2]}', import.meta.url) in ${starters[0]} names ${workerAt}, but the worker is emitted as ${workerOut}`);
if (outputs[workerOut].imports.some((i) => i.kind === 'import-statement' && outputs[i.path] && Object.keys(outputs[i.path].inputs).some((p) => p.endsWith('src/io/csv-parallel.ts')))) fail('the CSV worker loads csv-parallel.ts (the pool and the join), expected csv-piece.ts only');
const staticClosure = new Set();
const visit = (o) => {
  if (staticClosure.has(o)) return;
  staticClosure.add(o);
  for (const imp of outputs[o].imports) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
};
visit(entryOut);
const holders = (pattern) => Object.keys(outputs).filter((o) => Object.keys(outputs[o].inputs).some((i) => pattern.test(i)));
const lazy = [
  ['parquet-wasm', /node_modules\/parquet-wasm\//],
  ['the shapefile reader (src/io/shapefile.ts)', /src\/io\/shapefile\.ts$/],
  ['shpjs', /node_modules\/shpjs\//],
  ['proj4', /node_modules\/proj4\//],
];
const chunks = {};
for (const [what, pattern] of lazy) {
  const where = holders(pattern);
  if (where.length === 0) fail(`${what} is not in the bundle at all`);
  const eager = where.filter((o) => staticClosure.has(o));
  if (eager.length > 0) fail(`${what} loads with the entry (in ${eager.join(', ')}), expected a chunk loaded only by dynamic import`);
  chunks[what] = where.map((o) => relative(root, join(root, o)));
}

const gz = (o) => gzipSync(readFileSync(join(root, o)), { level: 9 }).length;
const workerClosure = new Set();
const visitWorker = (o) => {
  if (workerClosure.has(o)) return;
  workerClosure.add(o);
  for (const imp of outputs[o].imports) if (imp.kind === 'import-statement' && outputs[imp.path]) visitWorker(imp.path);
};
visitWorker(workerOut);
const workerOwnGzip = gz(workerOut);
const entryGzip = [...staticClosure].reduce((s, o) => s + gz(o), 0);
const jsOutputs = Object.keys(outputs).filter((o) => o.endsWith('.js'));
const totalGzip = jsOutputs.reduce((s, o) => s + gz(o), 0);
const wasmGzip = gzipSync(readFileSync(wasm), { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const measured = {
  entryGzipBytes: entryGzip,
  entryBytes: [...staticClosure].reduce((s, o) => s + outputs[o].bytes, 0),
  totalJsGzipBytes: totalGzip,
  chunks: jsOutputs.length,
  parquetWasmGzipBytes: wasmGzip,
};
console.log(`bundle-browser: no node: import reachable from index.ts (platform 'browser'; ${Object.keys(result.metafile.inputs).length} inputs)`);
for (const [what, where] of Object.entries(chunks)) console.log(`bundle-browser: ${what} in a lazy chunk: ${where.join(', ')}`);
console.log(`bundle-browser: the CSV worker ${workerAt} (${kib(workerOwnGzip)} gzip, with ${workerClosure.size - 1} shared chunk(s) it imports) is the file new URL('./csv-worker.js', import.meta.url) names in ${starters[0]}`);
console.log(
  `bundle-browser: entry ${relative(root, join(root, entryOut))} (with its static imports) ${kib(measured.entryBytes)} minified, ${kib(entryGzip)} gzip; all ${jsOutputs.length} JS chunks ${kib(totalGzip)} gzip; parquet_wasm_bg.wasm ${kib(wasmGzip)} gzip (fetched only when Parquet is used)`,
);

if (write) {
  writeFileSync(sizeFile, `${JSON.stringify({ command: 'node scripts/bundle-browser.mjs --write', esbuild: result.metafile ? require('esbuild/package.json').version : undefined, ...measured }, null, 2)}\n`);
  console.log(`bundle-browser: recorded in ${relative(root, sizeFile)}`);
}
if (check) {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(sizeFile, 'utf8'));
  } catch (e) {
    fail(`no recorded size to check against (${relative(root, sizeFile)}: ${e.message}); run with --write`);
  }
  const limit = Math.floor(recorded.entryGzipBytes * (1 + GROWTH));
  if (entryGzip > limit) fail(`the entry chunk grew to ${kib(entryGzip)} gzip, past the recorded ${kib(recorded.entryGzipBytes)} + 10% (${kib(limit)}); shrink it, or record the new size with --write and say why in the commit`);
  console.log(`bundle-browser: entry ${kib(entryGzip)} gzip is within 10% of the recorded ${kib(recorded.entryGzipBytes)} (limit ${kib(limit)})`);
}
