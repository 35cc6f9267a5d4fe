#!/usr/bin/env node
// npm run bench:kernels — times each primitive on both backends against a plain typed-array
// JS loop, at 1e6 and 1e7 elements, in one process. Medians of 5 runs after a warm-up.
// GPU times cover the kernels only (inputs already resident, `await gf.sync()` at the end);
// host↔device transfer rates are reported on their own rows.
// Writes the table into BENCHMARKS.md between the bench:kernels markers.
//
//   BENCH_SIZES=1e5,1e6 npm run bench:kernels    # other sizes
//   BENCH_NO_WRITE=1 npm run bench:kernels       # print only
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as gf from '../dist/index.js';
import { mulberry32 } from '../dist/src/random.js';

const sizes = (process.env.BENCH_SIZES ?? '1e6,1e7').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const rng = mulberry32;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn, runs = RUNS) {
  await fn(); // warm-up (uploads inputs, compiles pipelines)
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

// Run a gpuframe op on a backend; dispose its outputs; wait for the device.
function gfRunner(backend, op) {
  return async () => {
    const out = gf.withBackend(backend, op);
    const resolved = await out;
    if (backend === 'webgpu') await gf.sync();
    for (const b of [resolved].flat().flatMap((o) => (o && typeof o === 'object' && !(o instanceof gf.DataBuffer) ? Object.values(o) : [o]))) {
      if (b instanceof gf.DataBuffer) b.dispose();
    }
  };
}

function data(n) {
  const r = rng(42);
  const f64 = new Float64Array(n), f32 = new Float32Array(n), u32 = new Uint32Array(n), i64 = new BigInt64Array(n);
  const idx = new Uint32Array(n), mask = new Uint8Array(n), bins = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = r();
    f64[i] = (v - 0.5) * 1e6;
    f32[i] = f64[i];
    u32[i] = (v * 2 ** 32) >>> 0;
    i64[i] = BigInt(Math.floor((v - 0.5) * 2 ** 52)) * 1024n;
    idx[i] = Math.floor(r() * n);
    mask[i] = v > 0.5 ? 1 : 0;
    bins[i] = u32[i] & 255;
  }
  return { f64, f32, u32, i64, idx, mask, bins };
}

// Each workload: a plain-JS loop and a gpuframe op over DataBuffers made once per size.
const workloads = [
  {
    name: 'map: x * 2 (float32)',
    js: ({ f32 }) => { const o = new Float32Array(f32.length); for (let i = 0; i < f32.length; i++) o[i] = f32[i] * 2; return o; },
    op: (b) => gf.kernels.mapBinary(b.f32, 2, 'mul'),
  },
  {
    name: 'compare: x > 0 (float64 → bool)',
    js: ({ f64 }) => { const o = new Uint8Array(f64.length); for (let i = 0; i < f64.length; i++) o[i] = f64[i] > 0 ? 1 : 0; return o; },
    op: (b) => gf.kernels.compare(b.f64, 0, 'gt'),
  },
  {
    name: 'reduce: sum (float64)',
    needs: 'reduce',
    js: ({ f64 }) => { let s = 0; for (let i = 0; i < f64.length; i++) s += f64[i]; return s; },
    op: (b) => gf.kernels.reduce(b.f64, 'sum'),
  },
  {
    name: 'reduce: sum (int64, exact)',
    needs: 'reduce',
    js: ({ i64 }) => { let s = 0n; for (let i = 0; i < i64.length; i++) s += i64[i]; return s; },
    op: (b) => gf.kernels.reduce(b.i64, 'sum'),
  },
  {
    name: 'reduce: min (float64)',
    needs: 'reduce',
    js: ({ f64 }) => { let m = Infinity; for (let i = 0; i < f64.length; i++) if (f64[i] < m) m = f64[i]; return m; },
    op: (b) => gf.kernels.reduce(b.f64, 'min'),
  },
  {
    name: 'scan: exclusive (uint32)',
    needs: 'scan',
    js: ({ bins }) => { const o = new Uint32Array(bins.length); let s = 0; for (let i = 0; i < bins.length; i++) { o[i] = s; s = (s + bins[i]) >>> 0; } return o; },
    op: (b) => gf.kernels.scan(b.bins),
  },
  {
    name: 'compact: indices of a 50% mask',
    needs: 'compactIndices',
    js: ({ mask }) => { const o = new Uint32Array(mask.length); let k = 0; for (let i = 0; i < mask.length; i++) if (mask[i]) o[k++] = i; return o.subarray(0, k); },
    op: (b) => gf.kernels.compactIndices(b.mask),
  },
  {
    name: 'gather: float64 at random indices',
    needs: 'gather',
    js: ({ f64, idx }) => { const o = new Float64Array(idx.length); for (let i = 0; i < idx.length; i++) o[i] = f64[idx[i]]; return o; },
    op: (b) => gf.kernels.gather(b.f64, b.idx),
  },
  {
    name: 'histogram: 256 bins (uint32)',
    needs: 'histogram',
    js: ({ bins }) => { const o = new Uint32Array(256); for (let i = 0; i < bins.length; i++) o[bins[i]]++; return o; },
    op: (b) => gf.kernels.histogram(b.bins, 256),
  },
  {
    name: 'argsort: float64 (stable)',
    needs: 'argsort',
    js: ({ f64 }) => { const idx = new Uint32Array(f64.length); for (let i = 0; i < idx.length; i++) idx[i] = i; return idx.sort((a, b) => f64[a] - f64[b] || a - b); },
    op: (b) => gf.kernels.argsort(b.f64),
  },
  {
    name: 'argsort: uint32 (stable)',
    needs: 'argsort',
    js: ({ u32 }) => { const idx = new Uint32Array(u32.length); for (let i = 0; i < idx.length; i++) idx[i] = i; return idx.sort((a, b) => u32[a] - u32[b] || a - b); },
    op: (b) => gf.kernels.argsort(b.u32),
  },
  {
    name: 'argsort: int64 (stable)',
    needs: 'argsort',
    js: ({ i64 }) => { const idx = new Uint32Array(i64.length); for (let i = 0; i < idx.length; i++) idx[i] = i; return idx.sort((a, b) => (i64[a] < i64[b] ? -1 : i64[a] > i64[b] ? 1 : a - b)); },
    op: (b) => gf.kernels.argsort(b.i64),
  },
];

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const ratio = (base, x) => (x === undefined ? '–' : `${fmt(x)} (${(base / x).toFixed(2)}×)`);

// The WebGPU column is wanted even on a software adapter ('auto' would skip it); no adapter: CPU only.
const info = await gf.init({ quiet: true, backend: 'webgpu' }).catch(() => gf.init({ quiet: true, backend: 'cpu' }));
const gpuOn = info.backend === 'webgpu';
console.log(`backend: ${info.backend}${gpuOn ? ` (${info.adapter}, route ${info.route})` : ` (${info.note})`}`);
const rows = [];
for (const n of sizes) {
  const d = data(n);
  const b = {
    f64: gf.array(d.f64), f32: gf.array(d.f32), u32: gf.array(d.u32), i64: gf.array(d.i64),
    idx: gf.array(d.idx), mask: gf.array(d.mask, 'bool'), bins: gf.array(d.bins),
  };
  for (const w of workloads) {
    if (w.needs && typeof gf[w.needs] !== 'function') { console.log(`skip ${w.name}: gf.${w.needs} not built`); continue; }
    const slowJs = w.name.startsWith('argsort') && n > 2e6;
    const js = await time(() => w.js(d), slowJs ? 1 : RUNS);
    const cpu = await time(gfRunner('cpu', () => w.op(b)));
    const gpu = gpuOn ? await time(gfRunner('webgpu', () => w.op(b))) : undefined;
    const row = { name: w.name, n, js, cpu, gpu, jsRuns: slowJs ? 1 : RUNS };
    rows.push(row);
    console.log(`${w.name.padEnd(36)} n=${n.toExponential(0)}  js ${fmt(js)} ms${slowJs ? ' [1 run]' : ''}  cpu ${ratio(js, cpu)}  webgpu ${ratio(js, gpu)}`);
  }
  if (gpuOn) {
    // Transfer rates: a fresh host array uploaded, and a device result read back.
    const up = await time(async () => { const a = gf.array(d.f64.slice(0, n)); gf.withBackend('webgpu', () => gf.kernels.mapUnary(a, 'neg')).dispose(); await gf.sync(); a.dispose(); });
    const down = await time(async () => { const r = gf.withBackend('webgpu', () => gf.kernels.mapUnary(b.f64, 'neg')); await r.toArray(); r.dispose(); });
    rows.push({ name: 'transfer: upload float64 (+1 map)', n, js: NaN, cpu: NaN, gpu: up, gbps: (n * 8) / up / 1e6 });
    rows.push({ name: 'transfer: map + download float64', n, js: NaN, cpu: NaN, gpu: down, gbps: (n * 8) / down / 1e6 });
  }
  for (const x of Object.values(b)) x.dispose();
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; WebGPU adapter: ${gpuOn ? `${info.adapter} (route ${info.route})` : 'none'}.`,
  `Command: \`npm run bench:kernels\` (BENCH_SIZES=${sizes.join(',')}). Median of ${RUNS} runs after a warm-up, in ms; in brackets, speed-up over the plain typed-array JS loop (>1 is faster).`,
  '',
  '| primitive | n | plain JS loop | gpuframe CPU backend | gpuframe WebGPU |',
  '|---|---|---|---|---|',
  ...rows.map((r) =>
    r.name.startsWith('transfer')
      ? `| ${r.name} | ${r.n.toExponential(0)} | – | – | ${fmt(r.gpu)} (${r.gbps.toFixed(2)} GB/s) |`
      : `| ${r.name} | ${r.n.toExponential(0)} | ${fmt(r.js)}${r.jsRuns === 1 ? ' [1 run]' : ''} | ${ratio(r.js, r.cpu)} | ${ratio(r.js, r.gpu)} |`,
  ),
];
const table = lines.join('\n');
console.log('\n' + table);
if (!process.env.BENCH_NO_WRITE) {
  const file = 'BENCHMARKS.md';
  const start = '<!-- bench:kernels:start -->';
  const end = '<!-- bench:kernels:end -->';
  let md = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n## Kernels\n\n${start}\n${end}\n`;
  if (!md.includes(start)) md += `\n## Kernels\n\n${start}\n${end}\n`;
  md = md.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
  writeFileSync(file, md);
  console.log(`\nwrote ${file}`);
}
await gf.shutdown();
