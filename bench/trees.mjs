#!/usr/bin/env node
// npm run bench:trees — tree ensembles, in one run: inference with an XGBoost model and
// random-forest training, gpuframe against XGBoost, scikit-learn, a plain JS walk and npm's
// ml-random-forest.
//
// Data (bench/trees/data.mjs): 1e6 rows × 28 float32 features from the package's mulberry32
// (seed 7), binary labels from a nonlinear score plus noise, cached in bench/.cache/ as raw
// column-major files that Python reads byte for byte.
//
// Inference: a 500-round depth-8 binary:logistic XGBoost model (xgboost 1.7, tree_method hist,
// nthread 2, seed 0) trained here on the first BENCH_XGB_TRAIN_ROWS rows (default 2e5; cached in
// bench/.cache/ by its parameters), predicted on BENCH_ROWS rows (default 1e6) by:
// - XGBoost's own predictor, 2 threads (bench/trees/xgb_predict.py: Booster.predict on a DMatrix
//   built in the timed call, and inplace_predict; timed inside Python after loading);
// - a plain JS tree walk over the parsed JSON (bench/trees/plain-walk.mjs);
// - gpuframe's CPU backend: `(await gf.loadXGBoost(path)).predictProba(columns)` on Float32Array
//   columns (model loading not timed);
// - gpuframe's WebGPU backend, per strategy, at BENCH_WEBGPU_ROWS rows (default 1e5: without a
//   GPU the adapter is SwiftShader, a CPU emulating one; BENCH_WEBGPU=0 skips it; median of
//   BENCH_WEBGPU_RUNS runs, default 1, after a warm-up; a strategy
//   predicted from a 1,000-row probe to take over BENCH_WEBGPU_BUDGET s, default 120, is not run).
// Every predictor's probabilities are compared with XGBoost's; the table prints the largest
// relative difference.
//
// Training: RandomForestClassifier, 100 trees, on the first 8e4 of 1e5 rows (the other 2e4 held
// out for test accuracy): gpuframe's CPU backend, scikit-learn (n_jobs=2, random_state=0;
// bench/trees/rf_sklearn.py) and ml-random-forest 2.1.0 (bench/trees/rf-mljs-child.mjs, in a child
// process with BENCH_MLJS_TREES trees (default 1), stopped after BENCH_MLJS_TIMEOUT s (default
// 120); its time is scaled linearly to 100 trees and the table says so).
//
// Timings are medians of BENCH_RUNS (default 3) runs after a warm-up, elapsed ms (one run where
// the warm-up took over 20 s; training cells: one fit each). BENCH_NO_WRITE=1 prints only;
// otherwise the table is written into BENCHMARKS.md between the bench:trees markers. Peers:
// /usr/bin/python3 with xgboost and scikit-learn (Debian's python3-xgboost, python3-sklearn);
// npm --prefix bench/ml ci (ml-random-forest).
import { cpus, totalmem, tmpdir, loadavg } from 'node:os';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as gf from '../dist/index.js';
import { treesData, CACHE } from './trees/data.mjs';
import { plainModel, plainPredict } from './trees/plain-walk.mjs';

const env = process.env;
const RUNS = Number(env.BENCH_RUNS ?? 3);
const N = Number(env.BENCH_ROWS ?? 1e6);
const D = 28;
const SEED = 7;
const GPU_ROWS = Math.min(N, Number(env.BENCH_WEBGPU_ROWS ?? 1e5));
const GPU_BUDGET = Number(env.BENCH_WEBGPU_BUDGET ?? 120);
const GPU_RUNS = Number(env.BENCH_WEBGPU_RUNS ?? 1);
const PROBE = Math.min(GPU_ROWS, 1000);
const WEBGPU = env.BENCH_WEBGPU !== '0';
const TRAIN_ROWS = Number(env.BENCH_XGB_TRAIN_ROWS ?? 2e5);
const MLJS_TREES = Number(env.BENCH_MLJS_TREES ?? 1);
const MLJS_TIMEOUT = Number(env.BENCH_MLJS_TIMEOUT ?? 120);
const PY = env.BENCH_PYTHON ?? '/usr/bin/python3';
const RF = { trees: 100, train: 80_000, test: 20_000 };
const XGB = { params: { objective: 'binary:logistic', max_depth: 8, nthread: 2, seed: 0, tree_method: 'hist' }, rounds: 500, trainRows: TRAIN_ROWS };
const here = (p) => new URL(p, import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'gpuframe-bench-trees-'));

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const cell = (t) => (typeof t === 'string' ? t : `${fmt(t.ms)}${t.runs === 1 ? ' [1 run]' : ''}`);
/** In brackets: this cell's time ÷ gpuframe CPU's (above 1×: gpuframe CPU is faster). */
const ratio = (t, base) => (typeof t === 'string' || typeof base === 'string' ? '–' : `${(t.ms / base.ms).toFixed(2)}×`);

async function time(fn, runs = RUNS) {
  const once = async () => { const t0 = performance.now(); const out = await fn(); return { ms: performance.now() - t0, out }; };
  const warm = await once();
  if (warm.ms > 20_000) return { ms: warm.ms, runs: 1, out: warm.out };
  const ts = [];
  for (let i = 0; i < runs; i++) ts.push(await once());
  const m = ts.sort((a, b) => a.ms - b.ms)[Math.floor(ts.length / 2)];
  return { ms: m.ms, runs, out: m.out };
}

function child(cmd, args, timeoutS) {
  const p = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 1 << 24 });
  if (p.error?.code === 'ETIMEDOUT' || p.signal) return `stopped after ${timeoutS} s`;
  if (p.status !== 0) return `failed (${(p.stderr || '').trim().split('\n').pop()})`;
  return JSON.parse(p.stdout.trim().split('\n').pop());
}
const specFile = (name, spec) => { const f = join(tmp, name); writeFileSync(f, JSON.stringify(spec)); return f; };

/** Largest |a - b| / |b| over rows 0..n-1 (b: XGBoost's probabilities). */
function maxRel(a, b, n) {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-30);
    if (!(r <= m)) m = r;
  }
  return m;
}

const info = await gf.init({ quiet: true, backend: WEBGPU ? 'webgpu' : 'cpu' });
const gpuOn = WEBGPU && info.backend === 'webgpu';
const data = treesData(1e6, D, SEED);
const X = data.X.map((c) => c.subarray(0, N));

// ---- The XGBoost model, trained once per parameter set and cached.
const key = createHash('sha256').update(JSON.stringify({ XGB, data: data.xPath })).digest('hex').slice(0, 12);
const modelPath = join(CACHE, `xgb-${key}.json`);
const trainInfoPath = join(CACHE, `xgb-${key}.info.json`);
if (!existsSync(modelPath) || !existsSync(trainInfoPath)) {
  console.log(`training the XGBoost model (${XGB.rounds} rounds on ${TRAIN_ROWS} rows; cached in ${modelPath}) ...`);
  const r = child(PY, [here('./trees/xgb_train.py'), specFile('train.json', { x: data.xPath, y: data.yPath, n: 1e6, d: D, trainRows: TRAIN_ROWS, params: XGB.params, rounds: XGB.rounds, out: modelPath })], 3600);
  if (typeof r === 'string') throw new Error(`bench:trees: XGBoost training ${r}`);
  writeFileSync(trainInfoPath, JSON.stringify(r));
}
const trainInfo = JSON.parse(readFileSync(trainInfoPath, 'utf8'));
console.log(`model: ${trainInfo.trees} trees, ${trainInfo.nodes} nodes, max depth ${trainInfo.maxDepth} (${trainInfo.treesAtMaxDepth} trees at it); trained in ${trainInfo.seconds.toFixed(1)} s`);

// ---- Inference.
const inf = [];
const notes = [];
const xgbOut = join(tmp, 'xgb-proba.f32');
const xr = child(PY, [here('./trees/xgb_predict.py'), specFile('predict.json', { x: data.xPath, n: N, d: D, model: modelPath, nthread: 2, runs: RUNS, out: xgbOut })], 1200);
if (typeof xr === 'string') throw new Error(`bench:trees: XGBoost predict ${xr}`);
const ref = new Float32Array(readFileSync(xgbOut).buffer.slice(0));
if (!xr.dmatrixEqualsInplace) notes.push('XGBoost: Booster.predict and inplace_predict gave different probabilities.');
const xgbRow = (name, s, what) => ({ name, n: N, t: { ms: s * 1000, runs: xr.runs }, diff: 0, what });
inf.push(xgbRow('XGBoost 1.7 inplace_predict(X), 2 threads', xr.inplace));
inf.push(xgbRow('XGBoost 1.7 Booster.predict(DMatrix(X)), 2 threads, DMatrix built in the cell', xr.dmatrix));
console.log(`xgboost: inplace ${fmt(xr.inplace * 1000)} ms, DMatrix + predict ${fmt(xr.dmatrix * 1000)} ms (of which ${fmt(xr.dmatrix_build * 1000)} ms build the DMatrix)`);
notes.push(`XGBoost's DMatrix cell includes building the DMatrix (${fmt(xr.dmatrix_build * 1000)} ms of it): XGBoost caches each DMatrix's predictions, so a second predict on one DMatrix would time a cache hit.`);

const modelJson = JSON.parse(readFileSync(modelPath, 'utf8'));
const pm = plainModel(modelJson);
const walk = await time(() => plainPredict(pm, X, N));
inf.push({ name: 'plain JS tree walk (float64)', n: N, t: walk, diff: maxRel(walk.out, ref, N) });
console.log(`plain walk: ${cell(walk)} ms`);

const model = await gf.loadXGBoost(modelPath);
const proba = async (m, Xs, n) => { const [p0, p1] = await m.predictProba(Xs); const a = await p1.toArray(); p0.dispose(); p1.dispose(); return a.slice(0, n); };
const { resolveStrategy } = await import('../dist/kernels/forest/device-layout.js');
const autoPicks = resolveStrategy(model.forest, 'auto');
const gfCpu = await gf.withBackendAsync('cpu', () => time(() => proba(model, X, N)));
inf.push({ name: "gpuframe CPU backend, predictProba", n: N, t: gfCpu, diff: maxRel(gfCpu.out, ref, N), what: `one walk whatever the strategy ('auto' picks '${autoPicks}' for the device)` });
console.log(`gpuframe CPU: ${cell(gfCpu)} ms`);

if (gpuOn) {
  const Xg = X.map((c) => c.subarray(0, GPU_ROWS));
  for (const strategy of ['perfect', 'traversal', 'gemm']) {
    const m = await gf.loadXGBoost(modelPath, { strategy });
    let t;
    try {
      // A probe on PROBE rows first: a strategy whose time there predicts (linearly in rows) more
      // than BENCH_WEBGPU_BUDGET s at GPU_ROWS is not run, and the table says so.
      const probe = await gf.withBackendAsync('webgpu', async () => { await proba(m, Xg.map((c) => c.subarray(0, PROBE)), PROBE); const t0 = performance.now(); await proba(m, Xg.map((c) => c.subarray(0, PROBE)), PROBE); return performance.now() - t0; });
      const est = (probe * GPU_ROWS) / PROBE / 1000;
      if (est > GPU_BUDGET) t = `not run (est. ${est.toFixed(0)} s from ${PROBE} rows in ${fmt(probe)} ms)`;
      else t = await gf.withBackendAsync('webgpu', () => time(() => proba(m, Xg, GPU_ROWS), GPU_RUNS));
    } catch (e) {
      t = `refused (${e.constructor.name}: ${e.message.split(';')[0].slice(0, 110)})`;
    }
    const row = { name: `gpuframe WebGPU, strategy '${strategy}'${strategy === autoPicks ? " (what 'auto' picks)" : ''}`, n: GPU_ROWS, t, diff: typeof t === 'string' ? '–' : maxRel(t.out, ref, GPU_ROWS), what: info.adapter };
    if (typeof t !== 'string') {
      let same = true;
      for (let i = 0; i < GPU_ROWS; i++) if (!Object.is(t.out[i], gfCpu.out[i])) { same = false; break; }
      row.sameAsCpu = same;
      if (!same) notes.push(`WebGPU '${strategy}' differs from the CPU backend's probabilities somewhere in the first ${GPU_ROWS} rows.`);
    }
    inf.push(row);
    console.log(`${row.name}: ${cell(t)} ms at ${GPU_ROWS} rows`);
  }
}

notes.push(`The CPU backend runs one walk whatever the strategy (strategies choose the device kernel; 'auto' picks '${autoPicks}' for this model), so it has one row.`);
for (const r of inf) if (typeof r.diff === 'number' && r.diff > 1e-6) notes.push(`${r.name}: probabilities differ from XGBoost's by up to ${r.diff.toExponential(1)} relative, past the 1e-6 this benchmark checks.`);

// ---- Training.
const tr = [];
const rfData = treesData(1e6, D, SEED);
const Xtr = rfData.X.map((c) => c.slice(0, RF.train));
const Xte = rfData.X.map((c) => c.slice(RF.train, RF.train + RF.test));
const ytr = rfData.y.slice(0, RF.train);
const yte = rfData.y.slice(RF.train, RF.train + RF.test);
if (typeof gf.RandomForestClassifier === 'function') {
  try {
    const t0 = performance.now();
    const rf = await gf.withBackendAsync('cpu', () => new gf.RandomForestClassifier({ nEstimators: RF.trees, seed: 0 }).fit(Xtr, ytr));
    const ms = performance.now() - t0;
    const p = await gf.withBackendAsync('cpu', () => rf.predict(Xte));
    const a = await p.toArray();
    let ok = 0;
    for (let i = 0; i < RF.test; i++) if (Number(a[i]) === yte[i]) ok++;
    tr.push({ name: 'gpuframe CPU backend: RandomForestClassifier({ nEstimators: 100, seed: 0 })', trees: RF.trees, t: { ms, runs: 1 }, acc: ok / RF.test });
  } catch (e) {
    tr.push({ name: 'gpuframe CPU backend', trees: RF.trees, t: `failed (${e.message.slice(0, 100)})`, acc: '–' });
  }
} else {
  tr.push({ name: 'gpuframe CPU backend: RandomForestClassifier', trees: RF.trees, t: 'not built', acc: '–' });
}
console.log(`${tr[0].name}: ${cell(tr[0].t)}`);
const rfSpec = specFile('rf.json', { x: rfData.xPath, y: rfData.yPath, rows: 1e6, d: D, train: RF.train, test: RF.test, params: { n_estimators: RF.trees, n_jobs: 2, random_state: 0 }, runs: 1, trees: MLJS_TREES });
const sk = child(PY, [here('./trees/rf_sklearn.py'), rfSpec], 1800);
tr.push({ name: 'scikit-learn 1.2 RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0)', trees: RF.trees, t: typeof sk === 'string' ? sk : { ms: sk.seconds * 1000, runs: 1 }, acc: sk.accuracy ?? '–' });
console.log(`scikit-learn: ${cell(tr.at(-1).t)} ms`);
const hasMljs = existsSync(here('./ml/node_modules/ml-random-forest'));
const mj = hasMljs ? child(process.execPath, [here('./trees/rf-mljs-child.mjs'), rfSpec], MLJS_TIMEOUT) : 'not installed (npm --prefix bench/ml ci)';
const scale = RF.trees / MLJS_TREES;
const mljsName = `ml-random-forest 2.1.0, ${MLJS_TREES} tree${MLJS_TREES === 1 ? '' : 's'} timed${scale === 1 ? '' : `, × ${scale} for 100 (est.)`}`;
if (typeof mj === 'string' && mj.startsWith('stopped')) {
  tr.push({ name: mljsName, trees: RF.trees, t: `> ${MLJS_TIMEOUT * scale} s (est.: ${MLJS_TREES} tree${MLJS_TREES === 1 ? '' : 's'} not fitted in ${MLJS_TIMEOUT} s)`, lower: { ms: MLJS_TIMEOUT * scale * 1000 }, acc: '–' });
} else {
  tr.push({ name: mljsName, trees: RF.trees, t: typeof mj === 'string' ? mj : { ms: mj.seconds * 1000 * scale, runs: 1 }, acc: mj.accuracy ?? '–' });
}
console.log(`ml-random-forest: ${cell(tr.at(-1).t)}`);
rmSync(tmp, { recursive: true, force: true });

// ---- The table.
const pct = (a) => (typeof a === 'number' ? `${(a * 100).toFixed(2)} %` : a);
const sci = (x) => (typeof x === 'number' ? (x === 0 ? '0' : x.toExponential(1)) : x);
const base = gfCpu;
const trBase = tr[0].t;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine} (load average at the end ${loadavg().map((l) => l.toFixed(1)).join(', ')}); WebGPU adapter: ${gpuOn ? info.adapter : 'not used'}.`,
  `Command: \`npm run bench:trees\`${N !== 1e6 ? ` (BENCH_ROWS=${N})` : ''}${gpuOn ? ` (WebGPU at BENCH_WEBGPU_ROWS=${GPU_ROWS}, ${GPU_RUNS} run${GPU_RUNS === 1 ? '' : 's'} after a warm-up)` : ''}. Data: ${D} float32 features, seeded (bench/trees/data.mjs). Inference: median of ${RUNS} runs after a warm-up, ms of elapsed time ("[1 run]": the warm-up took over 20 s); training: one fit, ms. In brackets: that cell's time ÷ gpuframe CPU's (above 1×: gpuframe CPU is faster).`,
  '',
  `**Inference**: XGBoost binary:logistic, ${trainInfo.trees} trees of max depth ${trainInfo.maxDepth} (${trainInfo.treesAtMaxDepth} of them at depth ${trainInfo.maxDepth}; ${trainInfo.nodes} nodes), trained here by xgboost 1.7 (hist, nthread 2, seed 0) on ${TRAIN_ROWS.toExponential(0)} rows in ${trainInfo.seconds.toFixed(0)} s. Probabilities of class 1; "max rel. diff": the largest |p − p_xgboost| / p_xgboost over the rows.`,
  '',
  '| predictor | rows | ms | ÷ gpuframe CPU | max rel. diff vs XGBoost |',
  '|---|---|---|---|---|',
  ...inf.map((r) => `| ${r.name} | ${r.n.toExponential(0)} | ${cell(r.t)} | ${r.n === N ? ratio(r.t, base) : `– (${r.n.toExponential(0)} rows)`} | ${sci(r.diff)}${r.sameAsCpu ? ' (= CPU backend, bit for bit)' : ''} |`),
  '',
  `**Training**: RandomForestClassifier, ${RF.trees} trees, fitted on ${RF.train} rows × ${D}, accuracy on the next ${RF.test} rows.`,
  '',
  '| implementation | fit, ms | ÷ gpuframe CPU | test accuracy |',
  '|---|---|---|---|',
  ...tr.map((r) => `| ${r.name} | ${cell(r.t)} | ${r.lower && typeof trBase !== 'string' ? `> ${(r.lower.ms / trBase.ms).toFixed(0)}×` : ratio(r.t, trBase)} | ${pct(r.acc)} |`),
  '',
  ...notes.map((x) => `- ${x}`),
];
const table = lines.join('\n');
console.log('\n' + table);
if (!env.BENCH_NO_WRITE) {
  const file = here('../BENCHMARKS.md');
  const start = '<!-- bench:trees -->';
  const end = '<!-- /bench:trees -->';
  let md = readFileSync(file, 'utf8');
  if (!md.includes(start)) md = md.trimEnd() + `\n\n## bench:trees\n\n${start}\n${end}\n`;
  md = md.replace(new RegExp(`${start}[\\s\\S]*${end}`), () => `${start}\n${table}\n${end}`);
  writeFileSync(file, md);
  console.log(`\nwrote ${file}`);
}
await gf.shutdown();
