// NearestNeighbors: scikit-learn goldens (kneighbors for euclidean/manhattan/cosine on iris and
// wine, haversine on storms rows; radius_neighbors), output kinds, self queries, persistence,
// bad input; on the active backend (run with GPUFRAME_BACKEND=cpu and =webgpu).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';
import { loadDataset, loadGolden, takeRows, type DatasetName } from '../../helpers/ml-data.js';
import { close, expectNeighbors, host } from './nn-helpers.js';

interface KnnCase {
  id: string;
  dataset: string;
  params: { metric: gf.NearestNeighborsOptions['metric']; n_neighbors: number };
  queryRows: number[];
  indices: number[][];
  distances: number[][];
  boundaryTie: boolean[];
  innerTie: boolean[];
}
interface RadiusCase {
  id: string;
  dataset: string;
  params: { metric: gf.NearestNeighborsOptions['metric'] };
  queryRows: number[];
  radius: number;
  result: Array<{ indices: number[]; distances: number[]; radiusTie: boolean }>;
}

const golden = loadGolden<KnnCase>('NearestNeighbors');
const storms = (golden.stormsPointsDeg as number[][]).map(([lat, lon]) => [(lat! * Math.PI) / 180, (lon! * Math.PI) / 180]);
const stormCols = [Float64Array.from(storms, (p) => p[0]!), Float64Array.from(storms, (p) => p[1]!)];

function data(name: string): Float64Array[] {
  return name === 'storms' ? stormCols : loadDataset(name as DatasetName).X;
}
// Haversine's soft-f64 shader takes minutes to compile and run on SwiftShader: on the device
// its agreement with the CPU twin (which meets these goldens) is test/kernels/linalg/topk.test.ts's.
const slow = (c: { dataset: string }) => hasGpu() && c.dataset === 'storms';
const rowsOf = (cols: Float64Array[], idx: number[]) => cols.map((c) => Float64Array.from(idx, (i) => c[i]!));

describe('NearestNeighbors goldens', () => {
  for (const c of golden.cases) {
    it.skipIf(slow(c))(`kneighbors ${c.id}`, async () => {
      const X = data(c.dataset);
      const nn = await new gf.NearestNeighbors({ nNeighbors: c.params.n_neighbors, metric: c.params.metric }).fit(X);
      const { distances, indices } = await nn.kneighbors(rowsOf(X, c.queryRows));
      const d = await host<Float64Array>(distances);
      const ix = await host<Int32Array>(indices);
      const k = c.params.n_neighbors;
      expect(ix.length).toBe(c.queryRows.length * k);
      c.queryRows.forEach((_, i) => expectNeighbors(`${c.id} q${i}`, d.subarray(i * k, i * k + k), ix.subarray(i * k, i * k + k), c.distances[i]!, c.indices[i]!, c.boundaryTie[i]!, c.innerTie[i]!));
    });
  }

  for (const c of golden.radiusCases as RadiusCase[]) {
    it.skipIf(slow(c))(`radiusNeighbors ${c.id}`, async () => {
      const X = data(c.dataset);
      const nn = await new gf.NearestNeighbors({ radius: c.radius, metric: c.params.metric }).fit(X);
      const { distances, indices } = await nn.radiusNeighbors(rowsOf(X, c.queryRows));
      const off = await host<Int32Array>(indices.offsets);
      const ix = await host<Int32Array>(indices.values);
      const d = await host<Float64Array>(distances!.values);
      c.result.forEach((g, i) => {
        const mine = Array.from(ix.subarray(off[i]!, off[i + 1]!));
        const md = Array.from(d.subarray(off[i]!, off[i + 1]!));
        for (let p = 1; p < mine.length; p++) expect(mine[p]! > mine[p - 1]!).toBe(true);
        const gd = new Map(g.indices.map((t, p) => [t, g.distances[p]!]));
        mine.forEach((t, p) => {
          expect(md[p]! <= c.radius).toBe(true);
          if (gd.has(t)) expect(close(md[p]!, gd.get(t)!), `${c.id} q${i} d(${t})`).toBe(true);
          else expect(g.radiusTie && Math.abs(md[p]! - c.radius) <= 1e-9 * c.radius, `${c.id} q${i} extra ${t}`).toBe(true);
        });
        for (const t of g.indices) if (!mine.includes(t)) expect(g.radiusTie && Math.abs(gd.get(t)! - c.radius) <= 1e-9 * c.radius, `${c.id} q${i} missing ${t}`).toBe(true);
      });
    });
  }
});

describe('NearestNeighbors behaviour', () => {
  const iris = loadDataset('iris');

  it('gives list Columns for frame input and row-major buffers for arrays, the same neighbours', async () => {
    const df = new gf.DataFrame(Object.fromEntries(iris.names.map((n, j) => [n, gf.Column.from(iris.X[j]!)])));
    const nn = await new gf.NearestNeighbors({ nNeighbors: 4 }).fit(df);
    const q = takeRows(iris, [3, 77, 140]);
    const fr = await nn.kneighbors({ frame: new gf.DataFrame(Object.fromEntries(iris.names.map((n, j) => [n, gf.Column.from(q[j]!)]))), columns: iris.names });
    expect(fr.indices).toBeInstanceOf(gf.Column);
    expect(fr.indices.type).toBe('list');
    const lists = (await fr.indices.toValues()) as number[][];
    const arr = await nn.kneighbors(q);
    expect(lists.flat()).toEqual(Array.from(await host<Int32Array>(arr.indices)));
    expect(((await fr.distances!.toValues()) as number[][]).flat()).toEqual(Array.from(await host<Float64Array>(arr.distances)));
    const rr = await nn.radiusNeighbors(q, { radius: 0.3 });
    const rf = await nn.radiusNeighbors(gf.DataFrame.prototype.constructor === gf.DataFrame ? [gf.Column.from(q[0]!), gf.Column.from(q[1]!), gf.Column.from(q[2]!), gf.Column.from(q[3]!)] : q, { radius: 0.3, returnDistance: false });
    expect(rf.distances).toBeUndefined();
    const off = await host<Int32Array>(rr.indices.offsets);
    const vals = await host<Int32Array>(rr.indices.values);
    expect((await (rf.indices as gf.Column).toValues()) as number[][]).toEqual([0, 1, 2].map((i) => Array.from(vals.subarray(off[i]!, off[i + 1]!))));
  });

  it('queries the training rows without X, each skipping itself (ties to the smaller index)', async () => {
    const x = new Float64Array([0, 1, 1, 3, 7]);
    const nn = await new gf.NearestNeighbors({ nNeighbors: 2 }).fit([x]);
    const { distances, indices } = (await nn.kneighbors(undefined)) as { distances: gf.DataBuffer; indices: gf.DataBuffer };
    expect(Array.from(await host<Int32Array>(indices))).toEqual([1, 2, 2, 0, 1, 0, 1, 2, 3, 1]);
    expect(Array.from(await host<Float64Array>(distances))).toEqual([1, 1, 0, 1, 0, 1, 2, 2, 4, 6]);
    const r = (await nn.radiusNeighbors(undefined, { radius: 1 })) as { indices: gf.ListResult<gf.DataBuffer> };
    expect(Array.from(await host<Int32Array>(r.indices.offsets))).toEqual([0, 2, 4, 6, 6, 6]);
    expect(Array.from(await host<Int32Array>(r.indices.values))).toEqual([1, 2, 0, 2, 0, 1]);
  });

  it('handles d = 1, constant columns, n < d and 1 query', async () => {
    const nn = await new gf.NearestNeighbors({ nNeighbors: 2, metric: 'manhattan' }).fit([[1, 1, 1, 5], [1, 1, 1, 2], [1, 1, 1, 9]]);
    const { indices, distances } = await nn.kneighbors([[1, 1, 1, 3]]);
    expect(Array.from(await host<Int32Array>(indices))).toEqual([1, 0]);
    expect(Array.from(await host<Float64Array>(distances))).toEqual([1, 2]);
  });

  it('round-trips toJSON / fromJSON with the same neighbours', async () => {
    const nn = await new gf.NearestNeighbors({ nNeighbors: 3, metric: 'cosine' }).fit(iris.X);
    await nn.fetchFitData();
    const back = gf.NearestNeighbors.fromJSON(JSON.stringify(nn));
    const q = takeRows(iris, [5, 60]);
    const a = await nn.kneighbors(q);
    const b = await back.kneighbors(q);
    expect(Array.from(await host<Int32Array>(b.indices))).toEqual(Array.from(await host<Int32Array>(a.indices)));
    expect(Array.from(await host<Float64Array>(b.distances))).toEqual(Array.from(await host<Float64Array>(a.distances)));
    expect(back.nFeaturesIn).toBe(4);
  });

  it('refuses bad input with typed errors naming the column or option', async () => {
    await expect(new gf.NearestNeighbors().kneighbors([[1]])).rejects.toThrow(gf.NotFittedError);
    expect(() => new gf.NearestNeighbors({ n_neighbors: 3 } as never)).toThrow(/did you mean 'nNeighbors'/);
    expect(() => new gf.NearestNeighbors({ metric: 'chebyshev' as never })).toThrow(gf.ValueError);
    const df = new gf.DataFrame({ a: gf.Column.from(new Float64Array([1, NaN, 3])), s: gf.Column.from(['x', 'y', 'z']) });
    await expect(new gf.NearestNeighbors().fit(df, ['a'])).rejects.toThrow(/column 'a'/);
    await expect(new gf.NearestNeighbors().fit(df, ['s'])).rejects.toThrow(/utf8/);
    const nn = await new gf.NearestNeighbors({ nNeighbors: 3 }).fit([[0, 0], [1, 1], [2, 2]]);
    await expect(nn.kneighbors()).rejects.toThrow(/nNeighbors <= 2/);
    await expect(nn.kneighbors([[0, 0]], { nNeighbors: 4 })).rejects.toThrow(gf.ValueError);
    await expect(nn.kneighbors([[0, 0, 0]])).rejects.toThrow(gf.ShapeError);
    await expect(nn.kneighbors([[0, Infinity]])).rejects.toThrow(/finite values/);
    await expect(nn.radiusNeighbors([[0, 0]], { radius: -1 })).rejects.toThrow(/radius/);
    await expect(new gf.NearestNeighbors({ metric: 'haversine' }).fit([[0, 0, 0]])).rejects.toThrow(/2 columns/);
    await expect(new gf.NearestNeighbors().fit([new Float64Array(0)])).rejects.toThrow(/at least 1 sample/);
  });

  it('finds the same neighbours as a host scan on 1e5 rows (the device at 2e4)', async () => {
    const n = hasGpu() ? 20_000 : 100_000;
    const r = rng(7);
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => r() * 100));
    const nn = await new gf.NearestNeighbors({ nNeighbors: 3 }).fit(cols);
    const qi = [0, 12345 % n, n - 1];
    const { indices } = await nn.kneighbors(rowsOf(cols, qi));
    const got = await host<Int32Array>(indices);
    qi.forEach((i, a) => {
      const ds = Array.from({ length: n }, (_, t) => [Math.hypot(cols[0]![t]! - cols[0]![i]!, cols[1]![t]! - cols[1]![i]!, cols[2]![t]! - cols[2]![i]!), t] as const);
      ds.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      expect(Array.from(got.subarray(a * 3, a * 3 + 3))).toEqual(ds.slice(0, 3).map((p) => p[1]));
    });
  });

  it.skipIf(!hasGpu())('gives the CPU result with the training matrix past one storage binding (maxBindingBytes 65536)', async () => {
    const r = rng(9);
    const cols = [0, 1, 2, 3].map(() => Float64Array.from({ length: 3000 }, () => Math.floor(r() * 20)));
    const q = rowsOf(cols, [1, 500, 2999]);
    const cpu = await gf.withBackendAsync('cpu', async () => {
      const nn = await new gf.NearestNeighbors({ nNeighbors: 6 }).fit(cols);
      return Array.from(await host<Int32Array>((await nn.kneighbors(q)).indices));
    });
    await gf.init({ maxBindingBytes: 65536 });
    try {
      const nn = await new gf.NearestNeighbors({ nNeighbors: 6 }).fit(cols);
      expect(Array.from(await host<Int32Array>((await nn.kneighbors(q)).indices))).toEqual(cpu);
    } finally {
      await gf.init();
    }
  });
});
