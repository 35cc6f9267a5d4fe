#!/usr/bin/env node
// CSV read: the papaparse path against the byte-scanning fast path of readCSV, on the same files.
// Files: N rows × 5 numeric columns (x, y, z floats rounded to 6 decimals; k, j ints), as in
// the project's first CSV measurement, plus a mixed file (int, float, bool, utf8 category, utf8 unique id).
// Times include reading the file. Median (min) of RUNS runs after a warm-up, in ms.
// Writes a section at the end of BENCHMARKS.md between the bench:csv markers.
//
//   npm run build && node bench/csv.mjs                # 1e5 and 1e6 rows
//   BENCH_SIZES=1e5 BENCH_NO_WRITE=1 node bench/csv.mjs
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readCSV } from '../dist/src/io/csv.js';
import { mulberry32 } from '../dist/src/random.js';

const sizes = (process.env.BENCH_SIZES ?? '1e5,1e6').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const rng = mulberry32;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn) {
  await fn();
  const ts = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return { median: median(ts), min: Math.min(...ts) };
}

function numericFile(n, path) {
  const r = rng(42);
  const lines = ['x,y,z,k,j'];
  for (let i = 0; i < n; i++) {
    lines.push(`${Math.round(r() * 1e6) / 1e6},${Math.round((r() - 0.5) * 2e8) / 1e6},${Math.round(r() * 1e9) / 1e6},${Math.floor(r() * 1000)},${Math.floor(r() * 2e5)}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

function mixedFile(n, path) {
  const r = rng(7);
  const cats = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'];
  const lines = ['id,amount,flag,colour,key'];
  for (let i = 0; i < n; i++) {
    lines.push(`${i - (n >> 1)},${(r() * 1000).toFixed(2)},${r() < 0.5 ? 'true' : 'false'},${cats[Math.floor(r() * 8)]},k${Math.floor(r() * 1e9).toString(36)}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const fmt = (t) => `${t.median.toFixed(0)} (${t.min.toFixed(0)})`;
const dir = mkdtempSync(join(tmpdir(), 'gf-bench-csv-'));
const rows = [];
for (const n of sizes) {
  for (const [label, make] of [
    ['5 numeric columns', numericFile],
    ['mixed: int, float, bool, 8-value utf8, unique utf8', mixedFile],
  ]) {
    const path = join(dir, `f-${n}.csv`);
    make(n, path);
    const mb = statSync(path).size / 1e6;
    const papa = await time(() => readCSV(path, { engine: 'papaparse' }));
    const fast = await time(() => readCSV(path, { engine: 'fast' }));
    const row = { label, n, mb, papa, fast };
    rows.push(row);
    console.log(`${label}, ${n} rows (${mb.toFixed(1)} MB): papaparse ${fmt(papa)} ms, fast ${fmt(fast)} ms, ${(papa.median / fast.median).toFixed(1)}× (${(mb / (fast.median / 1000)).toFixed(0)} MB/s)`);
    rmSync(path);
  }
}

const cpu = `${cpus().length} × ${cpus()[0]?.model.trim().split(/\s+/).slice(0, 2).join(' ')}`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  `Command: \`npm run build && node bench/csv.mjs\` (BENCH_SIZES=${sizes.join(',')}, BENCH_RUNS=${RUNS}). Median (min) of ${RUNS} runs after a warm-up, in ms, reading the file included; both engines give identical tables (test/io/csv-fast.test.ts).`,
  '',
  '| file | rows | MB | papaparse path | fast path | speed-up | fast MB/s |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.label} | ${r.n.toExponential(0).replace('+', '')} | ${r.mb.toFixed(1)} | ${fmt(r.papa)} | ${fmt(r.fast)} | ${(r.papa.median / r.fast.median).toFixed(1)}× | ${(r.mb / (r.fast.median / 1000)).toFixed(0)} |`),
].join('\n');

if (!process.env.BENCH_NO_WRITE) {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  let md = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = '<!-- bench:csv:start -->';
  const end = '<!-- bench:csv:end -->';
  const block = `${start}\n${table}\n${end}`;
  if (md.includes(start)) md = md.slice(0, md.indexOf(start)) + block + md.slice(md.indexOf(end) + end.length);
  else {
    md =
      md.trimEnd() +
      '\n\n## CSV read: papaparse path vs fast path\n\n' +
      '`node bench/csv.mjs` reads the same files with `readCSV(path, { engine: \'papaparse\' })` and with\n' +
      "`{ engine: 'fast' }` (the byte scanner that `'auto'` picks for plain files).\n\n" +
      block +
      '\n';
  }
  writeFileSync(file, md);
  console.log('BENCHMARKS.md updated');
}
