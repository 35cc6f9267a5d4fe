#!/usr/bin/env node
// CSV read: the papaparse path against the byte-scanning fast path of readCSV, on the same files.
// Files: N rows × 5 numeric columns (x, y, z floats rounded to 6 decimals; k, j ints), as in
// the project's first CSV measurement, plus a mixed file (int, float, bool, utf8 category, utf8 unique id).
// Times include reading the file. Median (min) of RUNS runs after a warm-up, in ms.
// Writes a section at the end of BENCHMARKS.md between the bench:csv markers.
//
//   npm run bench:csv                                   # 1e5 and 1e6 rows
//   BENCH_SIZES=1e5 BENCH_NO_WRITE=1 node bench/csv.mjs
//
// Wide files (issue 16): BENCH_WIDE=1e3,1e4,1e5 reads, instead, one-row files of that many
// columns and files of 100 rows (for up to 1e4 columns), with both engines, and writes its own
// section (between the bench:csv-wide markers). BENCH_BEFORE_DIST=<a dist/ built from an older
// commit> also times that build on the same files, in the same run.
//
//   BENCH_WIDE=1e3,1e4,1e5 npm run bench:csv
import { cpus, totalmem, tmpdir, loadavg } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCSV } from '../dist/src/io/csv.js';
import { mulberry32 } from '../dist/src/random.js';

const sizes = (process.env.BENCH_SIZES ?? '1e5,1e6').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const rng = mulberry32;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn) {
  const w0 = performance.now();
  await fn();
  const warm = performance.now() - w0;
  if (warm > 10_000) return { median: warm, min: warm, cpu: NaN }; // a run over 10 s (the quadratic reads before the fix) is timed once
  const ts = [];
  const cs = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cs.push((c.user + c.system) / 1000);
  }
  // cpu: the process's CPU time (all its threads, GC helpers included), steadier than wall time on a loaded machine
  return { median: median(ts), min: Math.min(...ts), cpu: median(cs) };
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
if (process.env.BENCH_WIDE) {
  await wide(process.env.BENCH_WIDE.split(',').map(Number));
  process.exit(0);
}
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
  `Command: \`npm run bench:csv\` (BENCH_SIZES=${sizes.join(',')}, BENCH_RUNS=${RUNS}). Median (min) of ${RUNS} runs after a warm-up, in ms, reading the file included; both engines give identical tables (test/io/csv-fast.test.ts).`,
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

/** A file of `rows` rows × `cols` columns: ints, floats and words in turn (names c0, c1, ...). */
function wideFile(cols, rows, path) {
  const lines = [Array.from({ length: cols }, (_, k) => `c${k}`).join(',')];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, (_, k) => [String(r * cols + k), String((r + k) / 4), `w${(r * 7 + k) % 13}`][k % 3]).join(','));
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Wide files: this build (and BENCH_BEFORE_DIST's) with both engines; its own BENCHMARKS.md section. */
async function wide(colCounts) {
  const before = process.env.BENCH_BEFORE_DIST ? (await import(pathToFileURL(join(process.env.BENCH_BEFORE_DIST, 'src/io/csv.js')).href)).readCSV : undefined;
  const shapes = colCounts.flatMap((c) => (c <= 1e4 ? [[c, 1], [c, 100]] : [[c, 1]]));
  const out = [];
  for (const [cols, n] of shapes) {
    const path = join(dir, `wide-${cols}-${n}.csv`);
    wideFile(cols, n, path);
    const mb = statSync(path).size / 1e6;
    const row = { cols, n, mb };
    for (const engine of ['fast', 'papaparse']) {
      // threads: 1, so that the 100-row files (over 4 MiB at 1e4 columns) time the parser, not the cores
      row[engine] = await time(() => readCSV(path, { engine, threads: 1 }));
      if (before) row[`before-${engine}`] = await time(() => before(path, { engine, threads: 1 }));
      console.log(`${cols} columns × ${n} rows (${mb.toFixed(1)} MB), ${engine}: ${fmt(row[engine])} ms${before ? `, before ${fmt(row[`before-${engine}`])} ms` : ''}`);
    }
    out.push(row);
    rmSync(path);
  }
  const cpu = `${cpus().length} × ${cpus()[0]?.model.trim().split(/\s+/).slice(0, 2).join(' ')}`;
  const head = before
    ? '| columns × rows | MB | fast, before | fast | fast CPU | papaparse, before | papaparse | papaparse CPU |\n|---|---|---|---|---|---|---|---|'
    : '| columns × rows | MB | fast | fast CPU | papaparse | papaparse CPU |\n|---|---|---|---|---|---|';
  const ms = (t) => t.cpu.toFixed(0);
  const cell = (r) => (before ? [fmt(r['before-fast']), fmt(r.fast), ms(r.fast), fmt(r['before-papaparse']), fmt(r.papaparse), ms(r.papaparse)] : [fmt(r.fast), ms(r.fast), fmt(r.papaparse), ms(r.papaparse)]);
  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end (a shared machine).`,
    `Command: \`BENCH_WIDE=${colCounts.join(',')}${before ? ' BENCH_BEFORE_DIST=<dist built at the commit before>' : ''} npm run bench:csv\` (BENCH_RUNS=${RUNS}). Wall time: median (min) of ${RUNS} runs after a warm-up, in ms (a single run where the first took over 10 s), reading the file included, \`threads: 1\`; CPU: the median run's process CPU time (all threads), in ms, which a loaded machine inflates less.`,
    '',
    head,
    ...out.map((r) => `| ${r.cols.toExponential(0).replace('+', '')} × ${r.n} | ${r.mb.toFixed(1)} | ${cell(r).join(' | ')} |`),
  ].join('\n');
  console.log(table);
  if (process.env.BENCH_NO_WRITE) return;
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  let md = readFileSync(file, 'utf8');
  const start = '<!-- bench:csv-wide:start -->';
  const end = '<!-- bench:csv-wide:end -->';
  const block = `${start}\n${table}\n${end}`;
  if (md.includes(start)) md = md.slice(0, md.indexOf(start)) + block + md.slice(md.indexOf(end) + end.length);
  else md = md.trimEnd() + '\n\n## CSV read: wide files\n\n' + block + '\n';
  writeFileSync(file, md);
  console.log('BENCHMARKS.md updated (wide files)');
}
