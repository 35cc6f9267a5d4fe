#!/usr/bin/env node
// npm run bench:ml — every estimator at 1e5 and 1e6 rows × 8 and 32 features, on gpuframe's
// CPU backend, against scikit-learn (subprocess, timed inside Python after the data is loaded)
// and the ml.js package that does the same (child process, timed inside, stopped after
// BENCH_MLJS_TIMEOUT s, default 120). Data: seeded Gaussian features; a linear target plus
// noise for regressors; 3 classes from a linear score for classifiers (2 for the binary
// logistic cell); Poisson-like counts for MultinomialNB. Neighbour workloads fit on n rows and
// query 1,000. Cells are medians of BENCH_RUNS (default 3) runs after a warm-up, elapsed ms
// (BENCH_CLOCK=cpu: CPU ms of the working process, BLAS threads included). scikit-learn uses
// both cores through OpenBLAS; gpuframe's CPU backend uses one thread.
// BENCH_GF_BUDGET (default 240 s): a gpuframe cell predicted from the previous size to take longer is
// not run. Options: BENCH_ONLY=StandardScaler,PCA (comma list of workload names), BENCH_SIZES=1e5
// (comma list), BENCH_FEATURES=8, BENCH_NO_WRITE=1 (print only), BENCH_WEBGPU=1 (adds a WebGPU
// column at n <= BENCH_WEBGPU_MAX, default 1e5; without a GPU the adapter is SwiftShader).
// Writes the table into BENCHMARKS.md between the bench:ml markers. Peers: npm --prefix
// bench/ml ci (ml.js); /usr/bin/python3 with scikit-learn (Debian's python3-sklearn).
import { cpus, totalmem, tmpdir, loadavg } from 'node:os';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as gf from '../dist/index.js';
import { mulberry32 } from '../dist/src/random.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLOCK = process.env.BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall';
const ONLY = process.env.BENCH_ONLY?.split(',');
const SIZES = (process.env.BENCH_SIZES ?? '1e5,1e6').split(',').map(Number);
const FEATURES = (process.env.BENCH_FEATURES ?? '8,32').split(',').map(Number);
const MLJS_TIMEOUT = Number(process.env.BENCH_MLJS_TIMEOUT ?? 120);
const WEBGPU = process.env.BENCH_WEBGPU === '1';
const GPU_MAX = Number(process.env.BENCH_WEBGPU_MAX ?? 1e5);
const PY = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const NQ = 1000;
// A gpuframe cell whose time at the previous size predicts (linearly in n) more than this many
// seconds is not run; the table says so with the estimate.
const GF_BUDGET = Number(process.env.BENCH_GF_BUDGET ?? 240);
const lastCpu = new Map();
const hasMljs = existsSync(new URL('./ml/node_modules/ml-pca', import.meta.url));

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
async function time(fn) {
  const once = async () => { const c0 = cpuMs(), t0 = performance.now(); const out = await fn(); return { wall: performance.now() - t0, cpu: cpuMs() - c0, out }; };
  const warm = await once();
  if (warm.wall > 30_000) return { ms: warm[CLOCK], runs: 1, out: warm.out };
  const ts = [];
  for (let i = 0; i < RUNS; i++) ts.push(await once());
  const m = ts.sort((a, b) => a[CLOCK] - b[CLOCK])[Math.floor(ts.length / 2)];
  return { ms: m[CLOCK], runs: RUNS, out: m.out };
}
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const cell = (t) => (typeof t === 'string' ? t : `${fmt(t.ms)}${t.runs === 1 ? ' [1 run]' : ''}`);
/** A peer's time and, in brackets, peer ÷ gpuframe CPU (above 1×: gpuframe is faster). */
const vs = (t, base) => (typeof t === 'string' ? t : `${cell(t)} (${typeof base === 'string' ? '–' : (t.ms / base.ms).toFixed(2)}×)`);

/** Seeded data, column-major (one Float64Array per feature), and the targets. */
function makeData(n, d, seed) {
  const r = mulberry32(seed);
  const gauss = () => { let u = r(); while (u === 0) u = r(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r()); };
  const X = Array.from({ length: d }, () => new Float64Array(n));
  const counts = Array.from({ length: d }, () => new Float64Array(n));
  const w = Float64Array.from({ length: d }, () => gauss());
  const W = Array.from({ length: 3 }, () => Float64Array.from({ length: d }, () => gauss()));
  const yReg = new Float64Array(n), yCls = new Int32Array(n), yBin = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const sc = [0, 0, 0];
    for (let j = 0; j < d; j++) {
      const v = gauss() + (j % 3);
      X[j][i] = v;
      counts[j][i] = Math.floor(-Math.log(1 - r()) * (1 + (j % 4)));
      s += w[j] * v;
      for (let c = 0; c < 3; c++) sc[c] += W[c][j] * v + 0.5 * gauss();
    }
    yReg[i] = s + 0.1 * gauss();
    yCls[i] = sc[0] >= sc[1] && sc[0] >= sc[2] ? 0 : sc[1] >= sc[2] ? 1 : 2;
    yBin[i] = s > 0 ? 1 : 0;
  }
  return { X, counts, yReg, yCls, yBin };
}

const colsOf = (X, n) => X.map((c) => c.subarray(0, n));
const sumAbs = async (out) => {
  if (out === undefined) return undefined;
  const bufs = Array.isArray(out) ? out : [out];
  let s = 0;
  for (const b of bufs) for (const v of await b.toArray()) s += Math.abs(Number(v));
  return s;
};
const free = (out) => { for (const b of Array.isArray(out) ? out : out ? [out] : []) b?.dispose?.(); };

/**
 * The workloads: gpuframe's call, scikit-learn's class and parameters (the same model), the
 * data they take and the operation timed.
 */
const WORKLOADS = [
  { name: 'StandardScaler', op: 'fit_transform', data: 'X', sk: {}, gf: (X) => new gf.StandardScaler().fitTransform(X) },
  { name: 'MinMaxScaler', op: 'fit_transform', data: 'X', sk: {}, gf: (X) => new gf.MinMaxScaler().fitTransform(X) },
  { name: 'RobustScaler', op: 'fit_transform', data: 'X', sk: {}, gf: (X) => new gf.RobustScaler().fitTransform(X) },
  { name: 'PCA', op: 'fit_transform', data: 'X', sk: { n_components: 4, svd_solver: 'full' }, mljs: true, gf: (X) => new gf.PCA({ nComponents: 4, svdSolver: 'full' }).fitTransform(X) },
  { name: 'PCA randomized', estimator: 'PCA', op: 'fit_transform', data: 'X', sk: { n_components: 4, svd_solver: 'randomized', random_state: 0 }, gf: (X) => new gf.PCA({ nComponents: 4, svdSolver: 'randomized', seed: 0 }).fitTransform(X) },
  { name: 'TruncatedSVD', op: 'fit_transform', data: 'X', sk: { n_components: 4, random_state: 0 }, gf: (X) => new gf.TruncatedSVD({ nComponents: 4, seed: 0 }).fitTransform(X) },
  { name: 'LinearRegression', op: 'fit_predict', data: 'reg', sk: {}, mljs: true, gf: async (X, y) => (await new gf.LinearRegression().fit(X, y)).predict(X) },
  { name: 'Ridge', op: 'fit_predict', data: 'reg', sk: { alpha: 1.0 }, gf: async (X, y) => (await new gf.Ridge({ alpha: 1 }).fit(X, y)).predict(X) },
  { name: 'Lasso', op: 'fit', data: 'reg', sk: { alpha: 0.01 }, gf: (X, y) => new gf.Lasso({ alpha: 0.01 }).fit(X, y) },
  { name: 'ElasticNet', op: 'fit', data: 'reg', sk: { alpha: 0.01, l1_ratio: 0.5 }, gf: (X, y) => new gf.ElasticNet({ alpha: 0.01, l1Ratio: 0.5 }).fit(X, y) },
  { name: 'LogisticRegression', op: 'fit', data: 'cls', sk: { max_iter: 100 }, mljs: true, gf: (X, y) => new gf.LogisticRegression({ maxIter: 100 }).fit(X, y) },
  { name: 'KNeighborsClassifier', op: 'fit_predict', data: 'cls', query: true, sk: { n_neighbors: 5 }, mljs: true, gf: async (X, y, Q) => (await new gf.KNeighborsClassifier({ nNeighbors: 5 }).fit(X, y)).predict(Q) },
  { name: 'GaussianNB', op: 'fit_predict', data: 'cls', sk: {}, mljs: true, gf: async (X, y) => (await new gf.GaussianNB().fit(X, y)).predict(X) },
  { name: 'MultinomialNB', op: 'fit_predict', data: 'counts', sk: {}, mljs: true, gf: async (X, y) => (await new gf.MultinomialNB().fit(X, y)).predict(X) },
  { name: 'KMeans', op: 'fit', data: 'X', sk: { n_clusters: 8, n_init: 1, max_iter: 50, tol: 0, random_state: 0, algorithm: 'lloyd' }, mljs: true, gf: (X) => new gf.KMeans({ nClusters: 8, maxIter: 50, tol: 0 }).fit(X) },
];

const info = await gf.init({ quiet: true, backend: WEBGPU ? 'webgpu' : 'cpu' });
const gpuOn = WEBGPU && info.backend === 'webgpu';
const tmp = mkdtempSync(join(tmpdir(), 'gpuframe-bench-ml-'));
const rows = [];
const notes = [];
const writeF64 = (path, cols) => { const n = cols[0].length; const all = new Float64Array(n * cols.length); cols.forEach((c, j) => all.set(c, j * n)); writeFileSync(path, all); };

function peer(cmd, args, timeoutS) {
  const p = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 1 << 24 });
  if (p.error?.code === 'ETIMEDOUT' || p.signal) return `stopped after ${timeoutS} s`;
  if (p.status !== 0) return `failed (${(p.stderr || '').trim().split('\n').pop()})`;
  const j = JSON.parse(p.stdout.trim().split('\n').pop());
  if (j.error) return j.error;
  return { ms: (CLOCK === 'cpu' ? j.cpuSeconds : j.seconds) * 1000, runs: j.runs, check: j.check };
}

const maxN = Math.max(...SIZES), maxD = Math.max(...FEATURES);
const data = makeData(maxN, maxD, 42);
for (const d of FEATURES) {
  for (const n of SIZES) {
    const X = colsOf(data.X.slice(0, d), n);
    const C = colsOf(data.counts.slice(0, d), n);
    const Q = colsOf(data.X.slice(0, d), NQ);
    const files = { x: join(tmp, `x-${n}-${d}.f64`), c: join(tmp, `c-${n}-${d}.f64`), q: join(tmp, `q-${d}.f64`), yReg: join(tmp, `yr-${n}.f64`), yCls: join(tmp, `yc-${n}.i32`) };
    writeF64(files.x, X);
    writeF64(files.c, C);
    writeF64(files.q, Q);
    writeFileSync(files.yReg, data.yReg.subarray(0, n));
    writeFileSync(files.yCls, data.yCls.subarray(0, n));
    for (const w of WORKLOADS) {
      if (ONLY && !ONLY.includes(w.name)) continue;
      const Xw = w.data === 'counts' ? C : X;
      const y = w.data === 'reg' ? data.yReg.subarray(0, n) : w.data === 'X' ? undefined : data.yCls.subarray(0, n);
      const run = async () => { const out = await w.gf(Xw, y, Q); const s = out instanceof gf.DataBuffer || Array.isArray(out) ? out : undefined; return s; };
      let cpu;
      const prev = lastCpu.get(`${w.name} ${d}`);
      const est = prev ? (prev.ms * n) / prev.n / 1000 : 0;
      if (est > GF_BUDGET) cpu = `not run (est. ${est.toFixed(0)} s from ${prev.n.toExponential(0)} rows, linear in n)`;
      else {
        try {
          cpu = await gf.withBackendAsync('cpu', () => time(async () => { const o = await run(); const c = await sumAbs(o); free(o); return c; }));
          lastCpu.set(`${w.name} ${d}`, { ms: cpu.ms, n });
        } catch (e) {
          cpu = `failed (${e.message.slice(0, 80)})`;
        }
      }
      let gpu = 'off';
      if (gpuOn) gpu = n <= GPU_MAX ? await gf.withBackendAsync('webgpu', () => time(async () => { const o = await run(); await gf.sync(); const c = await sumAbs(o); free(o); return c; })).catch((e) => `failed (${e.message.slice(0, 60)})`) : '–';
      const spec = { estimator: w.estimator ?? w.name, params: w.sk, x: w.data === 'counts' ? files.c : files.x, n, d, y: w.data === 'reg' ? files.yReg : w.data === 'X' ? null : files.yCls, yDtype: w.data === 'reg' ? 'float64' : 'int32', q: w.query ? files.q : null, nq: NQ, op: w.op, runs: RUNS };
      const specPath = join(tmp, 'spec.json');
      writeFileSync(specPath, JSON.stringify(spec));
      const sk = peer(PY, [new URL('./ml/sklearn_bench.py', import.meta.url).pathname, specPath], 600);
      const mljs = !w.mljs ? '–' : !hasMljs ? 'not installed (npm --prefix bench/ml ci)' : peer(process.execPath, [new URL('./ml/mljs-child.mjs', import.meta.url).pathname, specPath], MLJS_TIMEOUT);
      const r = { name: w.name, size: `${n.toExponential(0)} × ${d}`, cpu, gpu, sk, mljs };
      rows.push(r);
      if (typeof cpu === 'object' && typeof sk === 'object' && cpu.out !== undefined && sk.check !== null && sk.check !== undefined) {
        const rel = Math.abs(cpu.out - sk.check) / Math.max(1e-300, Math.abs(sk.check));
        if (rel > 1e-6) notes.push(`${w.name} ${r.size}: output checksum differs from scikit-learn's by ${rel.toExponential(1)} relative (gpuframe ${cpu.out}, scikit-learn ${sk.check}).`);
      }
      console.log([r.name, r.size, cell(cpu), cell(gpu), vs(sk, cpu), vs(mljs, cpu)].join(' | '));
    }
  }
}
rmSync(tmp, { recursive: true, force: true });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine} (load average at the end ${loadavg().map((l) => l.toFixed(1)).join(', ')}); WebGPU: ${gpuOn ? info.adapter : 'not used'}.`,
  `Command: \`npm run bench:ml\`. Median of ${RUNS} runs after a warm-up, ms of ${CLOCK === 'wall' ? 'elapsed time' : 'CPU time'}. In brackets: the peer's time ÷ gpuframe CPU's (above 1×: gpuframe is faster). Neighbour rows: fit on n, predict 1,000 queries.`,
  '',
  '| estimator | rows × features | gpuframe CPU | gpuframe WebGPU | scikit-learn 1.2 | ml.js |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.size} | ${cell(r.cpu)} | ${cell(r.gpu)} | ${vs(r.sk, r.cpu)} | ${vs(r.mljs, r.cpu)} |`),
  '',
  ...notes.map((x) => `- ${x}`),
];
const table = lines.join('\n');
console.log('\n' + table);
if (!process.env.BENCH_NO_WRITE && !ONLY) {
  const file = new URL('../BENCHMARKS.md', import.meta.url).pathname;
  const start = '<!-- bench:ml:start -->';
  const end = '<!-- bench:ml:end -->';
  let md = readFileSync(file, 'utf8');
  if (!md.includes(start)) md = md.trimEnd() + `\n\n## bench:ml\n\n${start}\n${end}\n`;
  md = md.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
  writeFileSync(file, md);
  console.log(`\nwrote ${file}`);
}
await gf.shutdown();
