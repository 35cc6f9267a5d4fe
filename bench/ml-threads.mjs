#!/usr/bin/env node
// npm run bench:ml-threads — the ML and spatial CPU twins on 1 thread and on 2 (the pool:
// src/threads/pool.ts), in one process, the two thread counts interleaved run by run so both see
// the same machine load (blocks 1, 2, 2, 1, each warmed up); prints medians of wall and process
// CPU time, the ratio 1-thread / 2-thread, the parts the worker ran, and the load average.
//   KMeans.fit     1e6 × 8, k = 8, k-means++ seeding, 10 Lloyd iterations (tol 0)
//   PCA.fit        1e6 × 8, 3 components (full solver: QR of the tall matrix, then the small SVD)
//   kNN            the linalg/topk twin: 5 nearest of each of 1e4 rows × 8 among the others
//   pointInPolygon 1e6 seeded lon/lat points, the 177 Natural Earth countries
//   hausdorff      directed matrix of 1,000 synthetic tracks of 85–95 points (euclidean)
// Every result is checked equal (bit for bit) between the thread counts. BENCH_RUNS (default 3)
// timed runs per thread count (half in each block); BENCH_ONLY=kmeans,pca,knn,pip,hausdorff picks some.
import { loadavg } from 'node:os';
import * as gf from '../dist/index.js';
import { poolStats, setThreads, startThreads } from '../dist/src/threads/pool.js';
import { mulberry32 } from '../dist/src/random.js';
import { topkRows } from '../dist/kernels/linalg/topk-parts.js';
import { makeTracks } from './spatial/workloads.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 4);
const THREADS = [1, 2];
const only = process.env.BENCH_ONLY?.split(',');
const want = (w) => !only || only.includes(w);
await gf.init({ backend: 'cpu' });

function columns(n, d, seed) {
  const r = mulberry32(seed);
  return Array.from({ length: d }, (_, j) => Float64Array.from({ length: n }, () => (r() - 0.5) * 20 + (j % 3) * r()));
}

const bytes = (vals) => Buffer.concat(vals.map((v) => (typeof v === 'number' ? Buffer.from(new Float64Array([v]).buffer) : Buffer.from(v.buffer, v.byteOffset, v.byteLength))));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bench(name, f) {
  const times = { 1: [], 2: [] };
  const cpu = { 1: [], 2: [] };
  let workerParts = 0;
  const outs = {};
  const load0 = loadavg()[0];
  // Blocks of one thread count, in the order 1, 2, 2, 1 (so a drift of the load hits both
  // alike); each block starts the pool's workers and warms up once (setThreads(1) stops them).
  for (const t of [...THREADS, ...[...THREADS].reverse()]) {
    await setThreads(t);
    await startThreads();
    for (let r = -1; r < Math.ceil(RUNS / 2); r++) {
      const p0 = poolStats().workerParts;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await f();
      const ms = performance.now() - t0;
      const c1 = process.cpuUsage(c0);
      if (r < 0) continue;
      times[t].push(ms);
      cpu[t].push((c1.user + c1.system) / 1e3);
      if (t === 2) workerParts += poolStats().workerParts - p0;
      outs[t] = bytes(out);
    }
  }
  const same = outs[1].equals(outs[2]);
  const m1 = median(times[1]), m2 = median(times[2]);
  console.log(`${name.padEnd(40)} 1 thread ${m1.toFixed(0).padStart(6)} ms   2 threads ${m2.toFixed(0).padStart(6)} ms   ${(m1 / m2).toFixed(2)}x   CPU ${median(cpu[1]).toFixed(0)} / ${median(cpu[2]).toFixed(0)} ms   same bits: ${same}   parts on the worker: ${workerParts}   load ${load0.toFixed(1)}→${loadavg()[0].toFixed(1)}`);
  if (!same) process.exitCode = 1;
}

if (want('kmeans')) {
  const cols = columns(1e6, 8, 1).map((c) => gf.array(c));
  await bench('KMeans.fit 1e6×8 k=8 (10 iterations)', async () => {
    const km = new gf.KMeans({ nClusters: 8, maxIter: 10, tol: 0, seed: 3 });
    await km.fit(cols);
    const out = [km.clusterCenters, (await km.labels.toArray()).slice(), km.inertia, km.nIter];
    km.dispose();
    return out;
  });
}

if (want('pca')) {
  const cols = columns(1e6, 8, 2).map((c) => gf.array(c));
  await bench('PCA.fit 1e6×8, 3 components', async () => {
    const pca = new gf.PCA({ nComponents: 3, svdSolver: 'full' });
    await pca.fit(cols);
    return [pca.components, pca.singularValues];
  });
}

if (want('knn')) {
  const d = 8, n = 1e4;
  const r = mulberry32(4);
  const x = Float64Array.from({ length: n * d }, () => r() * 10);
  await bench('kNN twin (linalg/topk) 1e4 × 1e4 × 8, k=5', () => {
    const o = topkRows('euclidean', x, n, x, n, d, 5, true);
    return [o.dist, o.idx];
  });
}

if (want('pip')) {
  const world = await gf.readShapefile(new URL('../data/naturalearth_lowres/naturalearth_lowres.shp', import.meta.url).pathname);
  const polys = world.column('geometry');
  const r = mulberry32(11);
  const n = 1e6;
  const lon = new Float64Array(n), lat = new Float64Array(n);
  for (let i = 0; i < n; i++) { lon[i] = r() * 360 - 180; lat[i] = r() * 180 - 90; }
  const x = gf.array(lon), y = gf.array(lat);
  await bench('pointInPolygon 1e6 points, 177 countries', async () => {
    const o = gf.pointInPolygon(x, y, polys);
    const out = [(await o.index.toArray()).slice(), (await o.validity.toArray()).slice()];
    o.index.dispose();
    o.validity.dispose();
    return out;
  });
}

if (want('hausdorff')) {
  const t = makeTracks(1000, 2026);
  const tracks = new gf.Column({ type: 'linestring', data: gf.array(t.offsets), children: [new gf.Column({ type: 'point', data: gf.array(t.xy) })] });
  await bench('hausdorff 1000 tracks (directed)', async () => {
    const m = await gf.hausdorff(tracks, { directed: true, metric: 'euclidean' });
    const out = [await m.toArray()];
    m.dispose();
    return out;
  });
}
