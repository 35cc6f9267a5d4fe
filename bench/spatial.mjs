#!/usr/bin/env node
// npm run bench:spatial — the spatial ops and the trajectory/clustering workloads against their
// usual baselines, in one run (one process, plus the peers' subprocesses):
//  1. point-in-polygon of 1e6 seeded lon/lat points against the 177 Natural Earth countries:
//     Turf's booleanPointInPolygon (each feature given its bbox, so Turf skips most features),
//     and a plain typed-array loop (bbox test, then even-odd crossings over the rings).
//  2. haversine of 1e6 point pairs: @turf/distance per pair, and a plain typed-array loop.
//  3. directed Hausdorff matrix (N×N) of 1,000 and 3,000 seeded synthetic trajectories of
//     85–95 points (euclidean): SciPy's directed_hausdorff in a Python loop (timed inside
//     Python; when the whole matrix would take longer than BENCH_SCIPY_BUDGET s, default 300,
//     the loop stops after ≥ 10 s and the time is extrapolated from the rows done) and a plain
//     JS double loop (early break, the same extrapolation). Memory of the 3,000 matrix.
//  4. DBSCAN of 1e5 and 1e6 seeded 2-D points (Gaussian blobs + 10 % uniform noise):
//     scikit-learn (subprocess, timed inside Python) and npm density-clustering (child process
//     stopped after BENCH_DC_TIMEOUT s, default 300).
// gpuframe runs on the CPU backend; WebGPU cells are opt-in (BENCH_WEBGPU=1; on machines
// without a GPU the adapter is SwiftShader, a CPU emulating one, which is slow), at sizes up
// to BENCH_WEBGPU_MAX points (default 1e5) and BENCH_WEBGPU_TRAJ trajectories (default 200):
// with BENCH_WEBGPU=1, rows at those sizes are added. Medians of BENCH_RUNS (default 3) runs
// after a warm-up; a run whose warm-up takes over 20 s is timed once ("[1 run]"). BENCH_QUICK=1:
// a smoke test at a tenth of the sizes (a fifth of the trajectories) with 20 s budgets, printed only.
// Turf's and the plain loops' cells are timed by the same rule as gpuframe's (exceptions: DBSCAN at
// 1e6 runs once on every side, the extrapolated loops run once, and the Python peers time
// themselves), and in 1–2 every side writes into a new output array per run, as gpuframe's ops
// return one (a new array's first touch costs page faults: tens of ms per 8 MB in some VMs). BENCH_ONLY=pip,haversine,hausdorff,dbscan (a comma list, any subset) runs only
// those workloads and, like BENCH_QUICK, only prints the table.
// Writes the table into BENCHMARKS.md between the bench:spatial markers (BENCH_NO_WRITE=1:
// print only). Peers: npm --prefix bench/spatial ci (the npm ones); /usr/bin/python3 with
// scikit-learn and SciPy (Debian's python3-sklearn, python3-scipy).
import { cpus, totalmem, tmpdir, loadavg } from 'node:os';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as gf from '../dist/index.js';
import { mulberry32 } from '../dist/src/random.js';
import { makeTracks, makeBlobs, plainPip, plainHaversine, plainHausdorffRows, polygonsFlat } from './spatial/workloads.mjs';

const QUICK = process.env.BENCH_QUICK === '1'; // a smoke test: sizes ÷ 10, budgets 20 s; writes nothing
const S = QUICK ? 0.1 : 1;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCIPY_BUDGET = Number(process.env.BENCH_SCIPY_BUDGET ?? (QUICK ? 20 : 300));
const DC_TIMEOUT = Number(process.env.BENCH_DC_TIMEOUT ?? (QUICK ? 20 : 300));
const WEBGPU = process.env.BENCH_WEBGPU === '1';
const GPU_MAX = Number(process.env.BENCH_WEBGPU_MAX ?? 1e5);
const GPU_TRAJ = Number(process.env.BENCH_WEBGPU_TRAJ ?? 200);
const PY = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
// 'cpu' (default): each cell is the CPU time of the process doing the work, which other jobs on
// shared cores do not inflate; 'wall': elapsed time. The work measured is single-threaded.
const CLOCK = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu';
const WORKLOADS = ['pip', 'haversine', 'hausdorff', 'dbscan'];
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((w) => w.trim()).filter(Boolean) : WORKLOADS;
for (const w of ONLY) if (!WORKLOADS.includes(w)) throw new Error(`bench:spatial: expected BENCH_ONLY a comma list of ${WORKLOADS.join(', ')}, got '${w}'`);
const want = (w) => ONLY.includes(w);
const peers = createRequire(new URL('./spatial/package.json', import.meta.url));
const tryRequire = (name) => { try { return peers(name); } catch { return undefined; } };
const turfPip = tryRequire('@turf/boolean-point-in-polygon');
const turfDistance = tryRequire('@turf/distance');
const hasDc = !!tryRequire('density-clustering');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
/**
 * One measured run: { wall, cpu } in ms, cpu being this process's CPU time (user + system).
 * The cells show CLOCK's value (see the header).
 */
async function once(fn) {
  const c0 = cpuMs(), t0 = performance.now();
  await fn();
  return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
}
/** Median of RUNS timed runs after a warm-up (by the CLOCK value); { ms, wall, cpu, runs }. */
async function time(fn, runs = RUNS) {
  const warm = await once(fn);
  if (warm.wall > 20_000) return { ms: warm[CLOCK], ...warm, runs: 1 };
  const ts = [];
  for (let i = 0; i < runs; i++) ts.push(await once(fn));
  const m = ts.sort((a, b) => a[CLOCK] - b[CLOCK])[Math.floor(ts.length / 2)];
  return { ms: m[CLOCK], ...m, runs };
}
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const cell = (t) => (typeof t === 'string' ? t : `${fmt(t.ms)}${t.runs === 1 ? ' [1 run]' : ''}${t.est ? ' (est.)' : ''}`);
/** A baseline's time and, in brackets, baseline ÷ gpuframe CPU (above 1×: gpuframe is faster). */
const vs = (t, cpu) => (typeof t === 'string' ? t : `${cell(t)} (${typeof cpu === 'string' ? '–' : (t.ms / cpu.ms).toFixed(2)}×)`);
const notAvail = (name) => `not available (gf.${name} not built)`;
const dispose = (...xs) => { for (const x of xs.flat()) x?.dispose?.(); };
const onGpu = (n, cap) => WEBGPU && n <= cap;

const info = await gf.init({ quiet: true, backend: WEBGPU ? 'webgpu' : 'cpu' });
const gpuOn = WEBGPU && info.backend === 'webgpu';
console.log(`backend: ${info.backend}${info.adapter ? ` (${info.adapter})` : ''}; WebGPU cells: ${gpuOn ? 'on' : 'off'}`);
const tmp = mkdtempSync(join(tmpdir(), 'gpuframe-bench-spatial-'));
const rows = [];
const notes = [];
const row = (r) => { rows.push(r); console.log([r.name, r.size, r.cpu, r.gpu, r.js, r.peers, r.target].map((c) => (typeof c === 'object' ? cell(c) : c)).join(' | ')); };
async function onBackends(n, cap, op) {
  const cpu = await gf.withBackendAsync('cpu', op);
  const gpu = gpuOn && n <= cap ? await gf.withBackendAsync('webgpu', op) : gpuOn ? `– (over the WebGPU cap ${cap})` : 'off';
  return { cpu, gpu };
}
const gfTimer = (build) => async () => {
  const out = build();
  const r = out instanceof Promise ? await out : out;
  if (gpuOn) await gf.sync();
  return r;
};

// 1–2. Point-in-polygon and haversine.
const world = await gf.readShapefile(new URL('../data/naturalearth_lowres/naturalearth_lowres.shp', import.meta.url).pathname);
const polys = world.column('geometry');
const geoms = await polys.toValues();
const flat = polygonsFlat(geoms);
const features = geoms.map((g) => ({ type: 'Feature', properties: {}, geometry: g, bbox: flat.bboxOf(g) }));
for (const n of (want('pip') || want('haversine') ? (WEBGPU ? [GPU_MAX, 1e6] : [1e6]) : []).map((v) => v * S)) {
  const r = mulberry32(11);
  const lon = new Float64Array(n), lat = new Float64Array(n), lon2 = new Float64Array(n), lat2 = new Float64Array(n);
  for (let i = 0; i < n; i++) { lon[i] = r() * 360 - 180; lat[i] = r() * 180 - 90; lon2[i] = r() * 360 - 180; lat2[i] = r() * 180 - 90; }
  const x = gf.array(lon), y = gf.array(lat), x2 = gf.array(lon2), y2 = gf.array(lat2);
  if (want('pip')) {
    let gfIndex;
    const pip = await onBackends(n, GPU_MAX, () => time(gfTimer(async () => { const o = gf.pointInPolygon(x, y, polys); gfIndex = await o.index.toArray(); dispose(o.index, o.validity); })));
    const js = await time(() => plainPip(flat, lon, lat, new Int32Array(n)));
    let turf = 'not installed (npm --prefix bench/spatial ci)';
    let turfIdx;
    if (turfPip) {
      const f = turfPip.booleanPointInPolygon;
      turf = await time(() => {
        turfIdx = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const pt = [lon[i], lat[i]];
          let k = -1;
          for (let j = 0; j < features.length; j++) if (f(pt, features[j])) { k = j; break; }
          turfIdx[i] = k;
        }
      });
      let diff = 0;
      for (let i = 0; i < n; i++) diff += turfIdx[i] !== gfIndex[i];
      notes.push(`point-in-polygon ${n.toExponential(0)}: gpuframe's feature index differs from Turf's on ${diff} of ${n} points.`);
    }
    row({ name: 'point-in-polygon, 177 countries', size: `${n.toExponential(0)} points`, ...pip, js: vs(js, pip.cpu), peers: typeof turf === 'string' ? turf : `Turf ${vs(turf, pip.cpu)}`, target: 'CPU ≥ 5× Turf, ≥ plain loop' });
  }

  if (want('haversine')) {
    let gfKm;
    const hav = await onBackends(n, GPU_MAX, () => time(gfTimer(async () => { const o = gf.haversine(x, y, x2, y2); gfKm = await o.toArray(); o.dispose(); })));
    const jsH = await time(() => plainHaversine(lon, lat, lon2, lat2, new Float64Array(n), gf.EARTH_RADIUS_KM));
    const fresh = await time(() => new Float64Array(n).fill(1));
    notes.push(`haversine ${n.toExponential(0)}: every side writes its distances into a new Float64Array per run, as gf.haversine returns one; on this machine a new ${(8 * n / 1e6).toFixed(0)} MB array costs ${fmt(fresh.ms)} ms to allocate and touch once (page faults), included in every cell.`);
    let turfH = 'not installed (npm --prefix bench/spatial ci)';
    if (turfDistance) {
      const d = turfDistance.distance;
      let out;
      turfH = await time(() => { out = new Float64Array(n); for (let i = 0; i < n; i++) out[i] = d([lon[i], lat[i]], [lon2[i], lat2[i]]); });
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(out[i] - gfKm[i]));
      notes.push(`haversine ${n.toExponential(0)}: largest difference from Turf ${(m * 1e6).toFixed(3)} mm.`);
    }
    row({ name: 'haversine (km)', size: `${n.toExponential(0)} pairs`, ...hav, js: vs(jsH, hav.cpu), peers: typeof turfH === 'string' ? turfH : `Turf ${vs(turfH, hav.cpu)}`, target: 'CPU ≥ 5× Turf, ≥ plain loop' });
  }
  dispose(x, y, x2, y2);
}

// 3. Hausdorff matrices.
for (const N of (!want('hausdorff') ? [] : WEBGPU ? [GPU_TRAJ, 1000, 3000] : [1000, 3000]).map((v) => Math.round(v * (QUICK ? 0.2 : 1)))) {
  const t = makeTracks(N, 2026);
  writeFileSync(join(tmp, 'xy.f64'), new Uint8Array(t.xy.buffer));
  writeFileSync(join(tmp, 'off.i32'), new Uint8Array(t.offsets.buffer));
  let cpu = notAvail('hausdorff'), gpu = gpuOn ? notAvail('hausdorff') : 'off';
  let firstRows;
  if (typeof gf.hausdorff === 'function') {
    const col = () => new gf.Column({ type: 'linestring', data: gf.array(t.offsets), children: [new gf.Column({ type: 'point', data: gf.array(t.xy) })] });
    const measure = async (backend) => gf.withBackendAsync(backend, async () => {
      const tracks = col();
      const rss0 = process.memoryUsage().rss;
      const r = await time(gfTimer(async () => { const m = await gf.hausdorff(tracks, { directed: true, metric: 'euclidean' }); firstRows = await matrixValues(m); dispose(m); }));
      const s = gf.stats();
      if (N === 3000) notes.push(`Memory, the 3,000-trajectory directed matrix on ${backend} (9e6 float64 = 72 MB): process RSS ${(rss0 / 2 ** 20).toFixed(0)} MB before, ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB after (peak of the process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB), liveDeviceBytes ${(s.liveDeviceBytes / 2 ** 20).toFixed(1)} MB after dispose.`);
      dispose(tracks);
      return r;
    });
    cpu = await measure('cpu');
    if (gpuOn && N <= GPU_TRAJ) gpu = await measure('webgpu');
    else if (gpuOn) gpu = `– (over the WebGPU cap ${GPU_TRAJ})`;
  }
  const js = plainHausdorffRows(t, SCIPY_BUDGET * 1000);
  const jsT = { ms: js[CLOCK], runs: 1, est: js.estimated };
  let scipy = 'not run (no /usr/bin/python3 with SciPy)';
  const py = spawnSync(PY, [new URL('./spatial/scipy_hausdorff.py', import.meta.url).pathname, join(tmp, 'xy.f64'), join(tmp, 'off.i32'), String(SCIPY_BUDGET)], { encoding: 'utf8' });
  if (py.status === 0) {
    const o = JSON.parse(py.stdout);
    scipy = { ms: (CLOCK === 'cpu' ? (o.cpuSeconds / o.rows) * N : o.projected) * 1000, runs: 1, est: o.estimated };
    notes.push(`Hausdorff ${N}: SciPy ${o.estimated ? `ran ${o.rows} of ${N} rows (${o.pairs.toLocaleString('en-US')} pairs) in ${o.seconds.toFixed(1)} s${o.cpuSeconds !== undefined ? ` (${o.cpuSeconds.toFixed(1)} s of CPU)` : ''}; the cell extrapolates to all ${(N * N).toLocaleString('en-US')} pairs` : `ran all ${(N * N).toLocaleString('en-US')} pairs`}. Plain JS ${js.estimated ? `ran ${js.rows} rows and extrapolates` : 'ran all pairs'}.` +
      (firstRows ? ` Sum of the rows SciPy did: SciPy ${o.rowSum.toPrecision(15)}, gpuframe ${sumRows(firstRows, N, o.rows).toPrecision(15)}.` : ''));
  } else console.error(py.stderr);
  row({ name: 'Hausdorff matrix, directed, euclidean', size: `${N.toLocaleString('en-US')} trajectories (${(N * N).toExponential(1)} pairs)`, cpu, gpu, js: vs(jsT, cpu), peers: typeof scipy === 'string' ? scipy : `SciPy loop ${vs(scipy, cpu)}`, target: 'CPU ≥ 10× SciPy loop' });
}

// 4. DBSCAN.
let dcLast;
for (const n of (!want('dbscan') ? [] : WEBGPU ? [...new Set([GPU_MAX, 1e5, 1e6])] : [1e5, 1e6]).map((v) => v * S)) {
  const { xs, ys, xy, eps, minSamples } = makeBlobs(n, 99);
  writeFileSync(join(tmp, 'pts.f64'), new Uint8Array(xy.buffer));
  let res = { cpu: notAvail('DBSCAN'), gpu: gpuOn ? notAvail('DBSCAN') : 'off' };
  let labels;
  if (typeof gf.DBSCAN === 'function') {
    const X = [gf.array(xs), gf.array(ys)];
    res = await onBackends(n, GPU_MAX, () => time(gfTimer(async () => { const m = await new gf.DBSCAN({ eps, minSamples }).fit(X); labels = await m.labels.toArray(); m.dispose?.(); }), n >= 1e6 ? 1 : RUNS));
    dispose(X);
  }
  let sk = 'not run (no /usr/bin/python3 with scikit-learn)';
  const py = spawnSync(PY, [new URL('./spatial/sklearn_dbscan.py', import.meta.url).pathname, join(tmp, 'pts.f64'), String(eps), String(minSamples), n >= 1e6 ? '1' : String(RUNS)], { encoding: 'utf8' });
  if (py.status === 0) {
    const o = JSON.parse(py.stdout);
    sk = { ms: (CLOCK === 'cpu' ? o.cpuSeconds : o.seconds) * 1000, runs: o.runs };
    let note = `DBSCAN ${n.toExponential(0)} (eps ${eps}, minSamples ${minSamples}): scikit-learn finds ${o.clusters} clusters, ${o.noise} noise points, ${o.core} core samples`;
    if (labels) {
      let h = 0n, noise = 0, k = -1;
      for (let i = 0; i < labels.length; i++) { h += BigInt((labels[i] + 1) * (i % 1000003)); if (labels[i] < 0) noise++; k = Math.max(k, labels[i]); }
      note += `; gpuframe's labels ${BigInt(o.hash) === h && noise === o.noise && k + 1 === o.clusters ? 'equal them (same numbering)' : `DIFFER (${k + 1} clusters, ${noise} noise)`}`;
    }
    notes.push(note + '.');
  } else console.error(py.stderr);
  let dc = 'not installed (npm --prefix bench/spatial ci)';
  if (hasDc) {
    const c = spawnSync(process.execPath, ['--max-old-space-size=8192', new URL('./spatial/density-clustering-child.mjs', import.meta.url).pathname, join(tmp, 'pts.f64'), String(eps), String(minSamples)], { encoding: 'utf8', timeout: DC_TIMEOUT * 1000 });
    if (c.status === 0) { const o = JSON.parse(c.stdout); dc = { ms: (CLOCK === 'cpu' ? o.cpuSeconds : o.seconds) * 1000, runs: 1 }; dcLast = { n, ms: dc.ms }; } else dc = c.signal ? `stopped after ${DC_TIMEOUT} s` : `failed (${(c.stderr || '').split('\n')[0]})`;
    if (c.signal && dcLast) notes.push(`DBSCAN ${n.toExponential(0)}: density-clustering was stopped after ${DC_TIMEOUT} s; it compares every pair of points, so at its ${dcLast.n.toExponential(0)} rate it would need about ${((dcLast.ms / 1000) * (n / dcLast.n) ** 2 / 60).toFixed(0)} min${CLOCK === 'cpu' ? ' of CPU' : ''}.`);
  }
  const peersCell = `scikit-learn ${vs(sk, res.cpu)}; density-clustering ${vs(dc, res.cpu)}`;
  row({ name: 'DBSCAN, 2-D euclidean', size: `${n.toExponential(0)} points`, ...res, js: '–', peers: peersCell, target: 'CPU within 2× scikit-learn, ≥ 10× density-clustering' });
}
rmSync(tmp, { recursive: true, force: true });

/** The values of a gpuframe matrix result, whatever its documented shape turns out to be. */
async function matrixValues(m) {
  if (m?.toArray) return m.toArray();
  if (m?.data?.toArray) return m.data.toArray();
  if (m?.values?.toArray) return m.values.toArray();
  throw new Error(`bench: unknown hausdorff result ${Object.keys(m ?? {})}`);
}
function sumRows(vals, N, k) { let s = 0; for (let i = 0; i < k * N; i++) s += vals[i]; return s; }

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine} (load average at the end ${loadavg().map((l) => l.toFixed(1)).join(', ')}: other work shares these cores); WebGPU adapter: ${gpuOn ? `${info.adapter} (route ${info.route})` : 'not used (BENCH_WEBGPU unset)'}.`,
  `Command: \`npm run bench:spatial\`${WEBGPU ? ` (BENCH_WEBGPU=1, BENCH_WEBGPU_MAX=${GPU_MAX}, BENCH_WEBGPU_TRAJ=${GPU_TRAJ})` : ''}. Median of ${RUNS} runs after a warm-up, in ms of ${CLOCK === 'cpu' ? 'CPU time (user + system) of the process doing the work (BENCH_CLOCK=cpu, the default: the cores are shared, so elapsed times are inflated by other jobs; every workload here is single-threaded, so at rest the two agree)' : 'elapsed time (BENCH_CLOCK=wall)'} ("[1 run]": timed once; "(est.)": extrapolated from part of the work, see the notes). In brackets: the baseline's time ÷ gpuframe CPU's (above 1×: gpuframe CPU is faster).`,
  '',
  '| workload | size | gpuframe CPU | gpuframe WebGPU | plain JS loop | peers | target |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.size} | ${cell(r.cpu)} | ${cell(r.gpu)} | ${typeof r.js === 'object' ? cell(r.js) : r.js} | ${r.peers} | ${r.target} |`),
  '',
  ...notes.map((n) => `- ${n}`),
];
const table = lines.join('\n');
console.log('\n' + table);
if (!process.env.BENCH_NO_WRITE && !QUICK && !process.env.BENCH_ONLY) {
  const file = new URL('../BENCHMARKS.md', import.meta.url).pathname;
  const start = '<!-- bench:spatial:start -->';
  const end = '<!-- bench:spatial:end -->';
  let md = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (!md.includes(start)) md = md.trimEnd() + `\n\n## Spatial and trajectories\n\n${start}\n${end}\n`;
  md = md.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
  writeFileSync(file, md);
  console.log(`\nwrote ${file}`);
}
await gf.shutdown();
