#!/usr/bin/env node
// npm run bench:stream [-- --gb 1 --engines gpuframe-cpu,polars,duckdb --no-write]
// One generated CSV (bench/stream/data.mjs; default ~1 GB, in a temp folder removed after),
// streamed by each engine in a child process of its own (bench/stream/child.mjs): rows with
// y > -500000, grouped by (k, g), six aggregations, written to Parquet. Records wall seconds,
// rows/s and the child's peak RSS (VmHWM), checks that every engine found the same groups and
// counts, and writes the table into BENCHMARKS.md between the bench:stream markers.
// Peers: nodejs-polars (its streaming engine: scanCSV → sinkParquet) and DuckDB
// (COPY (SELECT ... FROM read_csv(...)) TO parquet), from bench/frame/node_modules
// (`npm --prefix bench/frame ci`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generate } from './data.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const gb = Number(opt('gb', '1'));
const engines = opt('engines', 'gpuframe-cpu,polars,duckdb').split(',');
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gpuframe-bench-stream-'));
const TITLE = { 'gpuframe-cpu': 'gpuframe CPU (scanCSV → sinkParquet)', 'gpuframe-webgpu': 'gpuframe WebGPU', polars: 'nodejs-polars 0.26.1 (scanCSV → sinkParquet, streaming)', duckdb: 'DuckDB node-api 1.5.6 (COPY … TO parquet)' };

try {
  const csv = join(dir, 'data.csv');
  const { rows, bytes } = generate(csv, gb * 1e9);
  console.error(`bench:stream: ${rows} rows, ${(bytes / 1e9).toFixed(2)} GB`);
  const load0 = loadavg()[0];
  const results = [];
  for (const e of engines) {
    const out = join(dir, `${e}.parquet`);
    const c = spawnSync(process.execPath, [join(root, 'bench/stream/child.mjs'), e, csv, out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (c.status !== 0) {
      results.push({ engine: e, error: `exit ${c.status}` });
      continue;
    }
    const r = JSON.parse(c.stdout.trim().split('\n').pop());
    results.push({ ...r, out });
    console.error(`${e}: ${r.seconds.toFixed(1)} s, ${Math.round(rows / r.seconds)} rows/s, peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
  }
  // every engine: the same groups with the same counts (read back by gpuframe)
  const gf = await import('../../dist/index.js');
  await gf.init({ backend: 'cpu', quiet: true });
  const signature = async (path) => {
    const df = (await gf.readParquet(path, { columns: ['k', 'g', 'n'] })).sort(['k', 'g']);
    const k = await df.getColumn('k').toValues();
    const g = await df.getColumn('g').toValues();
    const n = await df.getColumn('n').toValues();
    return k.map((x, i) => `${x}|${g[i]}|${n[i]}`).join('\n');
  };
  const ok = results.filter((r) => r.out);
  const sigs = await Promise.all(ok.map((r) => signature(r.out)));
  const agree = sigs.every((s) => s === sigs[0]);
  const load1 = loadavg()[0];
  const lines = [
    '<!-- bench:stream:start -->',
    `\`npm run bench:stream -- --gb ${gb}\`: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e9).toFixed(2)} GB of CSV; query: \`y > -500000\`, group by (k, g) (25,050 groups), count/sum/min/std of x, mean/max of y, written to Parquet. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end (other work on the machine slows every engine). Every engine found the same groups and counts: ${agree ? 'yes' : '**no**'}.`,
    '',
    '| engine | seconds | rows/s | peak RSS |',
    '|---|---|---|---|',
    ...results.map((r) => (r.error ? `| ${TITLE[r.engine] ?? r.engine} | failed (${r.error}) | | |` : `| ${TITLE[r.engine] ?? r.engine} | ${r.seconds.toFixed(1)} | ${Math.round(rows / r.seconds).toLocaleString('en-US')} | ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB |`)),
    '<!-- bench:stream:end -->',
  ].join('\n');
  console.log(lines);
  if (!args.includes('--no-write')) {
    const path = join(root, 'BENCHMARKS.md');
    const md = readFileSync(path, 'utf8');
    const a = md.indexOf('<!-- bench:stream:start -->');
    const b = md.indexOf('<!-- bench:stream:end -->');
    if (a < 0 || b < 0) console.error('bench:stream: no bench:stream markers in BENCHMARKS.md; the table is printed only');
    else writeFileSync(path, md.slice(0, a) + lines + md.slice(b + '<!-- bench:stream:end -->'.length));
  }
  if (!agree) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
