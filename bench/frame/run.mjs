#!/usr/bin/env node
// npm run bench:frame — DataFrame workloads for gpuframe (CPU and WebGPU backends), Arquero,
// nodejs-polars and DuckDB, at 1e5, 1e6 and 1e7 rows. ONE child process per
// (workload, library, size), so memory and JIT state do not leak between runs. Each child
// builds the same seeded inputs (load time not counted), runs the op once to warm up, then
// times it (median and min of --runs; one run when the warm-up took over 20 s), and
// reports a checksum of its result. The checksums of all libraries must agree, or this
// fails loudly. Results are kept in out/bench-frame.json (so partial runs add up) and the
// table goes into BENCHMARKS.md between the bench:frame markers.
//
//   npm --prefix bench/frame ci                  # once: the peers (kept out of the main package)
//   npm run bench:frame                          # everything (long at 1e7)
//   npm run bench:frame -- --sizes 1e5,1e6 --workloads sort,join --libs gpuframe-cpu,polars
//   options: --runs 3  --timeout 600 (s per run)  --fresh (forget stored results)
//            --no-write (print only)  --table-only (rewrite the table from stored results)
//            --cpu-prof DIR (profile each child with node --cpu-prof)
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareChecksums, dimCsv, factCsv } from './data.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');

export const WORKLOADS = {
  'filter-sum': 'filter x > 0.5, then sum(y)',
  'groupby-1k': 'groupBy k (1,000 groups): sum(y), mean(y)',
  'groupby-1m': 'groupBy g (up to 1,000,000 groups): sum(y), mean(y)',
  sort: 'sort by k ascending, x descending (all 5 columns reordered)',
  join: 'inner join with a 1e5-row table on j (about half the rows match)',
  unique: 'unique rows over (k, j), whole rows kept',
  csv: 'read a CSV of 5 numeric columns (x, y, k, g, j) from disk',
};
export const LIBS = ['gpuframe-cpu', 'gpuframe-cpu-mt', 'gpuframe-webgpu', 'arquero', 'polars', 'duckdb'];
const LIB_TITLE = { 'gpuframe-cpu': 'gpuframe CPU', 'gpuframe-cpu-mt': 'gpuframe CPU, all cores', 'gpuframe-webgpu': 'gpuframe WebGPU', arquero: 'Arquero 8.0.3', polars: 'nodejs-polars 0.26.1', duckdb: 'DuckDB (node-api 1.5.6)' };
const PEER_MODULES = { arquero: ['arquero'], polars: ['nodejs-polars', 'nodejs-polars-linux-x64-gnu'], duckdb: ['@duckdb/node-api'] };

function parseArgs(argv) {
  const o = { sizes: [1e5, 1e6, 1e7], workloads: Object.keys(WORKLOADS), libs: LIBS, runs: 3, timeout: 600, fresh: false, write: true, cpuProf: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: expected a value`);
      return v;
    };
    if (a === '--sizes') o.sizes = val().split(',').map(Number);
    else if (a === '--workloads') o.workloads = val().split(',');
    else if (a === '--libs') o.libs = val().split(',');
    else if (a === '--runs') o.runs = Number(val());
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--fresh') o.fresh = true;
    else if (a === '--no-write') o.write = false;
    else if (a === '--table-only') o.tableOnly = true;
    else if (a === '--cpu-prof') o.cpuProf = resolve(val());
    else throw new Error(`bench:frame: unknown option '${a}'`);
  }
  for (const w of o.workloads) if (!WORKLOADS[w]) throw new Error(`--workloads: expected ${Object.keys(WORKLOADS).join(', ')}, got '${w}'`);
  for (const l of o.libs) if (!LIBS.includes(l)) throw new Error(`--libs: expected ${LIBS.join(', ')}, got '${l}'`);
  for (const s of o.sizes) if (!(Number.isInteger(s) && s > 0)) throw new Error(`--sizes: expected positive integers like 1e5, got ${s}`);
  return o;
}

function checkInstall(libs) {
  const missing = [];
  for (const l of libs) for (const m of PEER_MODULES[l] ?? []) if (!existsSync(join(HERE, 'node_modules', m, 'package.json'))) missing.push(m);
  if (missing.length) {
    console.error(`bench:frame: the peer libraries are not installed (missing: ${missing.join(', ')}).\n` +
      `They live in their own package so the main one stays clean. Install them with:\n\n    npm --prefix bench/frame ci\n`);
    process.exit(2);
  }
  if (libs.some((l) => l.startsWith('gpuframe')) && !existsSync(join(ROOT, 'dist/index.js'))) {
    console.error('bench:frame: dist/index.js is missing; run `npm run build` first (npm run bench:frame does).');
    process.exit(2);
  }
}

function runChild(spec, timeoutS, cpuProf) {
  return new Promise((res) => {
    const out = join(ROOT, 'out', `bench-frame-child-${process.pid}.json`);
    rmSync(out, { force: true });
    const flags = ['--expose-gc', '--max-old-space-size=16384'];
    if (cpuProf) flags.push('--cpu-prof', `--cpu-prof-dir=${cpuProf}`, `--cpu-prof-name=${spec.workload}-${spec.lib}-${spec.size}.cpuprofile`);
    const t0 = Date.now();
    const child = spawn(process.execPath, [...flags, join(HERE, 'child.mjs'), JSON.stringify({ ...spec, out })], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 20000) stderr = stderr.slice(-10000); });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wallS = (Date.now() - t0) / 1000;
      if (timedOut) return res({ status: 'timeout', reason: `no result within ${timeoutS} s`, wallS });
      if (existsSync(out)) {
        const r = JSON.parse(readFileSync(out, 'utf8'));
        rmSync(out, { force: true });
        return res({ ...r, wallS });
      }
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      res({ status: 'error', reason: `exit ${code ?? signal}: ${tail}`, wallS });
    });
  });
}

const key = (w, l, s) => `${w}|${l}|${s}`;
const fmtN = (n) => n.toExponential(0).replace('+', '');
function fmtMs(ms) {
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return String(Math.round(ms));
}
const fmtRatio = (r) => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)) + '×';

/** Compare every stored ok checksum of each (workload, size) with the first; mark mismatches. */
function verify(store) {
  const failures = [];
  const groups = new Map();
  for (const r of Object.values(store.results)) {
    if (r.status !== 'ok') continue;
    const g = `${r.workload}|${r.size}`;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(r);
  }
  for (const rs of groups.values()) {
    rs.sort((a, b) => LIBS.indexOf(a.lib) - LIBS.indexOf(b.lib));
    // The reference is the checksum most libraries agree with.
    const votes = rs.map((a) => rs.filter((b) => compareChecksums(a.checksum, b.checksum).length === 0).length);
    const ref = rs[votes.indexOf(Math.max(...votes))];
    for (const r of rs) {
      const d = compareChecksums(ref.checksum, r.checksum);
      r.mismatch = d.length ? `${ref.lib} vs ${r.lib}: ${d.join('; ')}` : undefined;
      if (d.length) failures.push(`${r.workload} @ ${fmtN(r.size)}: ${r.mismatch}`);
    }
  }
  return failures;
}

function cell(r, base) {
  if (!r) return '–';
  if (r.status === 'timeout') return `timeout (> ${r.timeoutS} s)`;
  if (r.status === 'n/a') return 'not available';
  if (r.status !== 'ok') return 'error';
  if (r.mismatch) return `**wrong result** (${fmtMs(r.median)})`;
  let s = fmtMs(r.median);
  if (r.times.length === 1) s += ' [1 run]';
  if (base && base.status === 'ok' && !base.mismatch && r !== base) s += ` (${fmtRatio(r.median / base.median)})`;
  return s;
}

/** "3" or "3 or 5": the timed-run counts of the stored cells (a rerun may use another --runs). */
function runCounts(rs) {
  const counts = [...new Set(rs.filter((r) => r.status === 'ok' && r.times.length > 1).map((r) => r.times.length))].sort((a, b) => a - b);
  return counts.length ? counts.join(' or ') : '1';
}

function render(store) {
  const rs = Object.values(store.results);
  const sizes = [...new Set(rs.map((r) => r.size))].sort((a, b) => a - b);
  const libs = LIBS.filter((l) => rs.some((r) => r.lib === l));
  const adapter = rs.find((r) => r.adapter)?.adapter ?? 'none';
  const dates = [...new Set(rs.map((r) => r.date))].sort();
  const loads = rs.map((r) => r.load).filter((x) => x !== undefined);
  const lines = [
    `Measured ${dates[0]}${dates.length > 1 ? ` to ${dates.at(-1)}` : ''} on ${store.machine}; WebGPU adapter: ${adapter}.`,
    `Commands: ${store.commands.map((c) => `\`nice -n 5 node bench/frame/run.mjs ${c.replace(/^bench:frame ?/, '')}\``).join(', ')} (\`npm run bench:frame -- ARGS\` is the same after a build). One process per cell; inputs built before timing; ` +
      `median of ${runCounts(rs)} timed runs after a warm-up, in ms ("[1 run]": the warm-up took over 20 s, so one timed run). ` +
      `In brackets: that library's time ÷ gpuframe CPU's time (above 1×: gpuframe CPU is faster). ` +
      `Load average during the runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on 2 cores (other work sometimes shared the machine), so timings are noisy: the cells of a few ms swing up to 2× between identical runs. ` +
      'Every cell\'s checksum agreed with the others in its row.',
    '',
    `| workload | rows | ${libs.map((l) => LIB_TITLE[l]).join(' | ')} | CPU faster than Arquero? | CPU within 2× of polars? |`,
    `|---|---|${libs.map(() => '---|').join('')}---|---|`,
  ];
  for (const w of Object.keys(WORKLOADS)) {
    for (const s of sizes) {
      const get = (l) => store.results[key(w, l, s)];
      if (!libs.some((l) => get(l))) continue;
      const base = get('gpuframe-cpu');
      const ok = (r) => r?.status === 'ok' && !r.mismatch;
      const vsA = ok(base) && ok(get('arquero')) ? (base.median < get('arquero').median ? 'yes' : '**no**') : '–';
      const vsP = ok(base) && ok(get('polars')) ? (base.median <= 2 * get('polars').median ? 'yes' : `**no** (${fmtRatio(base.median / get('polars').median)} polars)`) : '–';
      lines.push(`| ${w} | ${fmtN(s)} | ${libs.map((l) => cell(get(l), base)).join(' | ')} | ${vsA} | ${vsP} |`);
    }
  }
  lines.push('', 'Workloads (identical seeded inputs: x, y float64 with 6 decimals; k int32, 1,000 values; g int32, up to 1e6 values; j int32 in [0, 2e5)):', '');
  for (const [w, d] of Object.entries(WORKLOADS)) lines.push(`- **${w}**: ${d}.`);
  const notes = rs.filter((r) => r.status !== 'ok').map((r) => `${r.workload} @ ${fmtN(r.size)}, ${LIB_TITLE[r.lib]}: ${r.status}${r.reason ? ` (${r.reason.slice(0, 160).replaceAll('|', '/')})` : ''}`);
  if (notes.length) lines.push('', 'Cells without a time:', '', ...notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

const START = '<!-- bench:frame:start -->';
const END = '<!-- bench:frame:end -->';
const INTRO = `## DataFrame workloads

\`npm run bench:frame\` (after \`npm --prefix bench/frame ci\`, which installs the peers in
their own package) runs each workload for each library and size in its own Node process
(\`bench/frame/run.mjs\` → \`bench/frame/child.mjs\`). gpuframe comes from \`dist/\`. Polars and
DuckDB use both cores through their own thread pools; Arquero and "gpuframe CPU" use one JS
thread; "gpuframe CPU, all cores" is the CPU backend on its thread pool (\`init\`'s default: every
core; the same bits as one thread). Polars and DuckDB keep table results in native memory (DuckDB: \`CREATE TEMP
TABLE r AS ...\`); filter+sum on Polars uses the lazy API. The WebGPU column on this machine
is SwiftShader (a CPU emulating a GPU), not GPU speed.
`;

function writeBenchmarks(table) {
  const path = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(path, 'utf8'); // re-read right before writing: others append sections too
  const block = `${START}\n${table}\n${END}`;
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  const next = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + END.length) : `${text.replace(/\n*$/, '\n')}\n${INTRO}\n${block}\n`;
  writeFileSync(path, next);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  checkInstall(o.libs);
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  if (o.cpuProf) mkdirSync(o.cpuProf, { recursive: true });
  const storePath = join(ROOT, 'out', 'bench-frame.json');
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  let store = { machine, runs: o.runs, commands: [], results: {} };
  if (!o.fresh && existsSync(storePath)) store = { ...store, ...JSON.parse(readFileSync(storePath, 'utf8')), machine, runs: o.runs };
  const cmd = `bench:frame ${process.argv.slice(2).join(' ')}`.trim();
  if (!o.tableOnly && !store.commands.includes(cmd)) store.commands.push(cmd);

  // Cached CSV inputs, written here once so that children never race on them.
  if (!o.tableOnly && (o.libs.includes('duckdb') || o.workloads.includes('csv'))) {
    for (const s of o.sizes) { process.stdout.write(`inputs: CSV of ${fmtN(s)} rows… `); factCsv(s); console.log('ok'); }
    dimCsv();
  }
  for (const size of o.tableOnly ? [] : o.sizes) {
    for (const workload of o.workloads) {
      for (const lib of o.libs) {
        process.stdout.write(`${workload.padEnd(11)} ${fmtN(size).padEnd(4)} ${lib.padEnd(16)} `);
        const r = await runChild({ workload, lib, size, runs: o.runs }, o.timeout, o.cpuProf);
        const rec = { workload, lib, size, ...r, timeoutS: o.timeout, date: new Date().toISOString().slice(0, 10), load: loadavg()[0] };
        store.results[key(workload, lib, size)] = rec;
        writeFileSync(storePath, JSON.stringify(store, null, 1));
        console.log(r.status === 'ok' ? `${fmtMs(r.median)} ms (min ${fmtMs(r.min)}, ${r.times.length} runs; wall ${r.wallS.toFixed(1)} s)` : `${r.status}: ${r.reason}`);
      }
    }
  }
  const failures = verify(store);
  writeFileSync(storePath, JSON.stringify(store, null, 1));
  const table = render(store);
  console.log('\n' + table);
  if (failures.length) {
    console.error(`\nbench:frame: CHECKSUMS DISAGREE — some library computed a different result:\n${failures.map((f) => `  ${f}`).join('\n')}\nBENCHMARKS.md not written.`);
    process.exit(1);
  }
  if (o.write) {
    writeBenchmarks(table);
    console.log('\nBENCHMARKS.md: bench:frame section written.');
  }
}

main().catch((e) => {
  console.error(`bench:frame: ${e.message}`);
  process.exit(1);
});
