// The ML and spatial CPU twins on the thread pool (kernels/part-rows.ts and the task modules
// kernels/kmeans/kmeans-parts.ts, kernels/pip/pip-parts.ts, kernels/trajectory/pair-rows.ts):
// every output, floats included, is the same bits on 1, 2 and 4 threads, on random and edge
// data (empty, one row, row counts that are not multiples of a part or a block, NaN and ±Inf,
// nulls), and equals the one-part loop (the twin before it ran in parts).
import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { poolStats, runTask, setThreads } from '../../src/threads/pool.js';
import { taskNamed } from '../../src/threads/tasks.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { polygonBuffers } from '../../src/column/geometry.js';
import { assignCpu, sumCpu, updateCpu } from '../../kernels/kmeans/kmeans-cpu.js';
import { plusplusCpu } from '../../kernels/kmeans/plusplus-cpu.js';
import type { Matrix } from '../../kernels/kmeans/types.js';
import { pipCpu, type PipResult } from '../../kernels/pip/pip-cpu.js';
import { cpuPairBands } from '../../kernels/trajectory/pair-rows.js';
import { partRange } from '../../kernels/part-rows.js';
import { radiusRows, topkRows } from '../../kernels/linalg/topk-parts.js';
import { qrCpu } from '../../kernels/linalg/qr-cpu.js';
import { rowsCpu } from '../../kernels/linalg/gemm-rows-cpu.js';
import { rng } from '../helpers/parity.js';
import { randomTracks } from '../helpers/tracks.js';
import { blobs } from '../kernels/kmeans/blobs.js';

afterAll(async () => {
  await setThreads(undefined);
});

const THREADS = [1, 2, 4];
type Out = ArrayBufferView | number;

/** The bytes of every output, in order (numbers as float64). */
function bytesOf(outs: Out[]): Buffer {
  return Buffer.concat(outs.map((o) => (typeof o === 'number' ? Buffer.from(new Float64Array([o]).buffer) : Buffer.from(o.buffer, o.byteOffset, o.byteLength))));
}

/** Run `f` on 1, 2 and 4 threads; its outputs must be the same bytes each time; returns the first run's. */
async function sameOnThreads(what: string, f: () => Out[] | Promise<Out[]>): Promise<Out[]> {
  let first: Out[] | undefined;
  for (const t of THREADS) {
    await setThreads(t);
    const outs = await f();
    if (!first) first = outs;
    else expect(bytesOf(outs).equals(bytesOf(first)), `${what}: ${t} threads vs 1`).toBe(true);
  }
  return first!;
}

function matrix(n: number, d: number, seed: number, edge = true): Matrix {
  const r = rng(seed);
  const m = new Float64Array(n * d);
  for (let i = 0; i < m.length; i++) m[i] = (r() - 0.5) * 100 + (i % 7) * 3;
  if (edge && n > 40) {
    m[5 * d] = NaN;
    m[17 * d + d - 1] = Infinity;
    m[33 * d] = -Infinity;
    m[39 * d + 1] = -0;
  }
  return { data: DataBuffer.fromHost(m, 'float64'), n, d };
}

describe('k-means twins on the pool', () => {
  // 3 parts of 8192 rows and a tail that is not a multiple of a block (256) or a part
  for (const n of [0, 1, 300, 3 * 8192 + 77]) {
    it(`assign, update and sum on ${n} rows`, async () => {
      const d = 3, k = 5;
      const x = matrix(n, d, 7 + n);
      const c = DataBuffer.fromHost(Float64Array.from({ length: k * d }, (_, i) => (i * 37) % 50 - 20), 'float64');
      const w = DataBuffer.fromHost(Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 5) * 0.25), 'float64');
      const outs = await sameOnThreads(`kmeans n=${n}`, () => {
        const a = assignCpu(x, c, k, undefined, true);
        const labels = a.labels.hostView('t') as Int32Array;
        const a2 = assignCpu(x, DataBuffer.fromHost((c.hostView('t') as Float64Array).map((v) => v * 0.9), 'float64'), k, a.labels, false);
        const u = updateCpu(x, a.labels, c, k, a2.changed, w);
        const u2 = updateCpu(x, a.labels, c, k, a2.changed);
        const s = sumCpu(a.distances!, w);
        return [labels, a.distances!.hostView('t'), a.changed.hostView('t'), a2.labels.hostView('t'), a2.changed.hostView('t'), ...[u, u2].flatMap((r) => [r.centers, r.control, r.sums, r.weights].map((b) => b.hostView('t'))), s.hostView('t')];
      });
      // the parts' loops are the one-part loop: compare with the task run as a single part
      const m = x.data.hostView('t') as Float64Array;
      const lab1 = new Int32Array(n), d1 = new Float64Array(n);
      const changed1 = taskNamed('kmeans/assign-rows')!(0, 1, { m, c: c.hostView('t'), n, d, k, labels: lab1, dists: d1 });
      expect(bytesOf([lab1, d1, changed1 as number]).equals(bytesOf([outs[0]!, outs[1]!, (outs[2] as Uint32Array)[0]!]))).toBe(true);
      if (n > 40) expect([lab1[5], lab1[17], lab1[33]]).toEqual([-1, -1, -1]);
      const one = taskNamed('kmeans/update-blocks')!(0, 1, { m, lab: lab1, n, d, k, w: w.hostView('t') }) as { sums: Float64Array; weights: Float64Array };
      const total = new Float64Array(k * d);
      for (let o = 0; o < one.sums.length; o += k * d) for (let q = 0; q < k * d; q++) total[q]! += one.sums[o + q]!;
      expect(bytesOf([total]).equals(bytesOf([outs[7]!]))).toBe(true);
    });
  }

  it('block sums over 2+ parts (inertia), NaN propagating', async () => {
    const n = 70_001;
    const r = rng(3);
    const v = Float64Array.from({ length: n }, () => r() * 1e3);
    const w = Float64Array.from({ length: n }, () => r());
    const outs = await sameOnThreads('kmeans/sum', () => [sumCpu(DataBuffer.fromHost(v, 'float64')).hostView('t'), sumCpu(DataBuffer.fromHost(v, 'float64'), DataBuffer.fromHost(w, 'float64')).hostView('t')]);
    let total = 0;
    for (let base = 0; base < n; base += 256) {
      let acc = 0;
      for (let i = base; i < Math.min(n, base + 256); i++) acc += v[i]!;
      total += acc;
    }
    expect((outs[0] as Float64Array)[0]).toBe(total);
    v[n - 3] = NaN;
    expect((sumCpu(DataBuffer.fromHost(v, 'float64')).hostView('t') as Float64Array)[0]).toBeNaN();
  });

  it('k-means++ seeding', async () => {
    const x = matrix(3 * 8192 + 77, 4, 11, false);
    const r = rng(5);
    const draws = { first: 123, rands: Float64Array.from({ length: 7 * 3 }, () => r()) };
    await sameOnThreads('kmeans/plusplus', () => [plusplusCpu(x, 8, draws).hostView('t')]);
  });

  it('KMeans.fit: centers, labels, inertia and iterations', async () => {
    const b = blobs(2 * 8192 + 300, 4, 6, 9); // 2 parts of the row loops
    await sameOnThreads('KMeans.fit', async () => {
      const km = new gf.KMeans({ nClusters: 6, seed: 1 });
      await gf.withBackendAsync('cpu', () => km.fit(b.columns.map((c) => gf.array(c))));
      const out = [km.clusterCenters, (await km.labels.toArray()).slice(), km.inertia, km.nIter];
      km.dispose();
      return out;
    });
  });
});

describe('point in polygon on the pool', () => {
  const geoms = Array.from({ length: 60 }, (_, i) => {
    const x0 = (i % 10) * 10, y0 = Math.floor(i / 10) * 10;
    const s = 6 + (i % 3) * 3; // overlapping squares: counts and ranks above 1
    return { type: 'Polygon' as const, coordinates: [[[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]] };
  });
  const pb = polygonBuffers(gf.geo.fromGeoJSON(geoms), 'test');
  for (const n of [0, 1, 13, 3 * 4096 + 5]) {
    it(`first, count and rank on ${n} points (NaN, ±Inf, nulls)`, async () => {
      const r = rng(n + 1);
      const xs = Float64Array.from({ length: n }, () => r() * 110 - 5);
      const ys = Float64Array.from({ length: n }, () => r() * 70 - 5);
      if (n > 10) [xs[3], ys[4], xs[9]] = [NaN, Infinity, -Infinity];
      const valid = new Uint8Array(Math.ceil(n / 8)).map(() => Math.floor(r() * 256));
      const rank = DataBuffer.fromHost(Uint32Array.from({ length: n }, (_, i) => (i % 7 === 6 ? 0xffffffff : i % 3)), 'uint32');
      const X = DataBuffer.fromHost(xs, 'float64'), Y = DataBuffer.fromHost(ys, 'float64'), V = DataBuffer.fromHost(valid, 'uint8');
      for (const mode of ['grid', 'none'] as const) {
        await sameOnThreads(`pip n=${n} ${mode}`, () => {
          const first = pipCpu(X, Y, pb, V, mode) as PipResult;
          const count = pipCpu(X, Y, pb, V, mode, { kind: 'count' }) as DataBuffer<'uint32'>;
          const ranked = pipCpu(X, Y, pb, undefined, mode, { kind: 'rank', rank }) as PipResult;
          return [first.index, first.validity, count, ranked.index, ranked.validity].map((b) => b.hostView('t'));
        });
      }
    });
  }
});

describe('trajectory pair matrices on the pool', () => {
  for (const n of [0, 1, 61]) {
    for (const kind of ['hausdorff', 'frechet'] as const) {
      it(`${kind} on ${n} tracks (null, empty and NaN tracks), both metrics, bands`, async () => {
        for (const metric of ['euclidean', 'haversine'] as const) {
          const t = randomTracks(n, 17 + n, { nullRate: 0.1, nanRate: 0.01, emptyRate: 0.05, lonLat: metric === 'haversine', maxPoints: kind === 'frechet' ? 12 : 24 });
          const input = { offsets: DataBuffer.fromHost(t.offsets, 'int32'), coords: DataBuffer.fromHost(t.coords, 'float64'), validity: t.validity ? DataBuffer.fromHost(t.validity, 'uint8') : undefined, n };
          await sameOnThreads(`${kind} ${metric} n=${n}`, () => [...cpuPairBands(input, 40, { metric, radius: 6371 }, kind), ...cpuPairBands(input, n + 1, { metric, radius: 6371 }, kind)].map((b) => b.data.hostView('t')));
        }
      });
    }
  }
});

describe('neighbours and PCA on the pool', () => {
  for (const metric of ['euclidean', 'manhattan', 'cosine', 'haversine'] as const) {
    it(`top-k and radius rows, ${metric} (NaN rows, zero rows, self)`, async () => {
      const d = metric === 'haversine' ? 2 : 4;
      const n = metric === 'haversine' ? 500 : 900, m = 201;
      const r = matrix(n, d, 21, false).data.hostView('t') as Float64Array;
      if (metric === 'haversine') for (let i = 0; i < r.length; i++) r[i] = (r[i]! / 200) * (i % 2 === 0 ? 1.5 : 3);
      const q = r.slice(0, m * d);
      q[7 * d] = NaN;
      q.fill(0, 9 * d, 10 * d);
      await sameOnThreads(`topk ${metric}`, () => {
        const a = topkRows(metric, q, m, r, n, d, 5, false);
        const b = topkRows(metric, r, n, r, n, d, 3, true);
        const c = radiusRows(metric, q, m, r, n, d, metric === 'haversine' ? 0.2 : metric === 'cosine' ? 0.05 : 30, false);
        return [a.dist, a.idx, b.dist, b.idx, c.offsets, c.idx, c.dist];
      });
    });
  }

  it('gemm rows (projection): odd row counts, one and several k blocks, shift, weights, bias', async () => {
    for (const [n, k, m] of [[0, 3, 2], [1, 5, 3], [20_001, 8, 3], [1_001, 300, 5]] as const) {
      const r = rng(n + k);
      const a = Float64Array.from({ length: n * k }, () => r() * 10 - 5);
      if (n > 10) a[3 * k + 1] = NaN;
      const b = Float64Array.from({ length: k * m }, () => r() - 0.5);
      const shift = Float64Array.from({ length: k }, () => r());
      const w = Float64Array.from({ length: k }, () => r() + 0.5);
      const bias = Float64Array.from({ length: m }, () => r());
      await sameOnThreads(`gemm rows ${n}×${k}×${m}`, () => [rowsCpu({ n, k, m, bT: false }, { a, b }), rowsCpu({ n, k, m: k === 8 ? 1 : m, bT: true }, { a, b, shift, w, bias })]);
    }
  });

  it('QR (R and Q) over several parts of leaf blocks, and PCA.fit / transform', async () => {
    const x = matrix(40 * 256 + 31, 5, 4);
    const xm = x.data.hostView('t') as Float64Array;
    const finite = { data: DataBuffer.fromHost(xm.map((v) => (Number.isFinite(v) ? v : 1)), 'float64'), n: x.n, d: 5 };
    await sameOnThreads('qr', () => {
      const a = qrCpu(finite, true);
      const b = qrCpu(x, false);
      return [a.r.hostView('t'), a.q!.data.hostView('t'), b.r.hostView('t')];
    });
    const cols = Array.from({ length: 5 }, (_, j) => Float64Array.from({ length: x.n }, (_, i) => (finite.data.hostView('t') as Float64Array)[i * 5 + j]!));
    await sameOnThreads('PCA', async () => {
      const pca = new gf.PCA({ nComponents: 3 });
      const z = await gf.withBackendAsync('cpu', async () => {
        await pca.fit(cols.map((c) => gf.array(c)));
        return pca.transform(cols.map((c) => gf.array(c)));
      });
      return [pca.components, pca.explainedVariance, pca.singularValues, ...(await Promise.all(z.map((c) => c.toArray())))];
    });
  });
});

describe('the workers know the tasks', () => {
  // Parts are pulled dynamically, so a worker takes some only if it wakes before the calling
  // thread has taken them all: 64 parts, retried until a worker ran one (the worker script's
  // task list must import the task's module, or it takes none).
  it('each task runs parts on a worker', async () => {
    await setThreads(2);
    const n = 64 * 4096, d = 4, k = 8;
    const x = matrix(n, d, 1, false).data.hostView('t') as Float64Array;
    const c = x.slice(0, k * d);
    const lab = new Int32Array(n).map((_, i) => i % k);
    const t = randomTracks(64, 3, { maxPoints: 40 });
    const pb = polygonBuffers(gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }]), 'test');
    const pip = { n, px: x, py: x.subarray(n), xy: pb.coords.hostView('t'), ro: pb.ringOffsets.hostView('t'), po: pb.partOffsets.hostView('t'), t: { count: 1, xmin: [0], xmax: [1], ymin: [0], ymax: [1], feature: [0], live: [1], tame: [1] }, kind: 'count', out: new Int32Array(n), bits: new Uint8Array(n / 8) };
    const jobs: [string, Record<string, unknown>][] = [
      ['kmeans/assign-rows', { m: x, c, n, d, k, labels: new Int32Array(n) }],
      ['kmeans/update-blocks', { m: x, lab, n, d, k }],
      ['kmeans/block-sums', { v: x, n }],
      ['kmeans/seed-dist', { m: x, n, d, dd: new Float64Array(n), first: c }],
      ['kmeans/seed-gains', { m: x, n, d, dd: x, cand: new Float64Array(n * 3), trials: 3, g: c }],
      ['pip/points', pip],
      ['linalg/topk-rows', { metric: 'euclidean', q: x, m: 4096, r: x.subarray(0, 256 * d), n: 256, d, k: 4, self: false, dist: new Float64Array(4096 * 4), idx: new Int32Array(4096 * 4) }],
      ['linalg/qr-factor', { rows: n, rowsPer: 256, blocks: n / 256, d, a: x.slice(), u: new Float64Array((n / 256) * d), g: new Float64Array((n / 256) * d), out: new Float64Array((n / 256) * d * d) }],
      ['linalg/gemm-rows', { n, k: d, m: 2, bT: true, a: x, BT: c, out: new Float64Array(n * 2) }],
      ['trajectory/pair-rows', { kind: 'frechet', metric: 'euclidean', radius: 1, n: 64, off: t.offsets, c: t.coords, ok: new Uint8Array(64).fill(1), start: 0, rows: 64, out: new Float64Array(64 * 64) }],
    ];
    for (const [name, args] of jobs) {
      const before = poolStats().workerParts;
      for (let r = 0; r < 40 && poolStats().workerParts === before; r++) runTask(name, 64, args);
      expect(poolStats().workerParts, name).toBeGreaterThan(before);
    }
  });
});

describe('partRange', () => {
  it('covers the rows once, aligned, in order', () => {
    for (const [n, parts, align] of [[0, 3, 1], [1, 4, 8], [1000, 7, 8], [24653, 3, 256], [5, 64, 1]] as const) {
      let next = 0;
      for (let p = 0; p < parts; p++) {
        const [lo, hi] = partRange(p, parts, n, align);
        expect(lo).toBe(next);
        expect(hi >= lo).toBe(true);
        if (hi < n) expect(hi % align).toBe(0);
        next = hi;
      }
      expect(next).toBe(n);
    }
  });
});
