// KMeans on the estimator contract (ml/estimator.ts): every X kind, outputs in the input's
// kind (predict, fitPredict, transform, fitTransform), sampleWeight, score, options
// (getParams/setParams/clone), toJSON/fromJSON, typed errors, and on WebGPU no downloads.
import { describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';
import { blobs } from '../kernels/kmeans/blobs.js';
import { nearest } from './kmeans-oracle.js';
import type { MatrixInput } from '../../ml/matrix-input.js';

const backends = hasGpu() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const);
const train = blobs(2000, 2, 4, 31);
const fresh = blobs(777, 2, 4, 32);
const arrays = (b: { columns: Float64Array[] }) => b.columns.map((c) => gf.array(c));
const values = (p: gf.Column | gf.DataBuffer) => (p instanceof gf.Column ? p.data : p).toArray();

describe('KMeans: outputs in the input kind', () => {
  it('runs the TSDoc examples', async () => {
    const x = gf.array(new Float64Array([0, 0.1, 5, 5.1]));
    const y = gf.array(new Float64Array([0, 0.2, 5, 5.2]));
    const km = new gf.KMeans({ nClusters: 2, seed: 0 });
    await km.fit([x, y]);
    const labels = await (await km.predict([x, y])).toArray();
    expect(labels[0]).toBe(labels[1]);
    expect(labels[2]).toBe(labels[3]);
    expect(labels[0]).not.toBe(labels[2]);
    expect(km.inertia).toBeCloseTo(0.05, 12);
    expect(await km.score([x, y])).toBe(-km.inertia);
    expect((await (await new gf.KMeans({ nClusters: 2 }).fitPredict([x, y])).toArray()).length).toBe(4);
    const D = await new gf.KMeans({ nClusters: 3 }).fitTransform([x, y]);
    expect(D.length).toBe(3);
  });

  it('predict, transform and score on both backends (nearest center, distances, -inertia)', async () => {
    for (const backend of backends) {
      const km = new gf.KMeans({ nClusters: 4, seed: 3 });
      await gf.withBackendAsync(backend, () => km.fit(arrays(train)));
      const labels = await gf.withBackendAsync(backend, () => km.predict(arrays(fresh)));
      expect(labels).toBeInstanceOf(gf.DataBuffer);
      expect(await labels.toArray()).toEqual(nearest(fresh.columns, km.clusterCenters, 4));
      expect(await (await gf.withBackendAsync(backend, () => km.predict(arrays(train)))).toArray()).toEqual(await km.labels.toArray());
      const D = await gf.withBackendAsync(backend, () => km.transform(arrays(fresh)));
      const c = km.clusterCenters;
      for (let cl = 0; cl < 4; cl++) {
        const v = await D[cl]!.toArray();
        for (const i of [0, 1, 776]) expect(v[i]).toBe(Math.sqrt((fresh.columns[0]![i]! - c[cl * 2]!) ** 2 + (fresh.columns[1]![i]! - c[cl * 2 + 1]!) ** 2));
      }
      expect(Object.is(await gf.withBackendAsync(backend, () => km.score(arrays(train))), -km.inertia)).toBe(true);
      const empty = await gf.withBackendAsync(backend, () => km.predict([new Float64Array(0), new Float64Array(0)]));
      expect((await empty.toArray()).length).toBe(0);
      km.dispose();
    }
  });

  it('every X kind gives the same fit; frames give Columns and DataFrames, arrays DataBuffers', async () => {
    const [x, y] = train.columns as [Float64Array, Float64Array];
    const df = new gf.DataFrame({ x, y, s: Array.from({ length: 2000 }, (_, i) => `s${i % 3}`) });
    const xy = new gf.DataFrame({ x, y });
    const kinds: Array<[string, MatrixInput, string[] | undefined, 'frame' | 'array']> = [
      ['DataFrame + names', df, ['x', 'y'], 'frame'],
      ['DataFrame', xy, undefined, 'frame'],
      ['{ frame, columns }', { frame: df, columns: ['x', 'y'] }, undefined, 'frame'],
      ['Columns', [xy.column('x'), xy.column('y')], undefined, 'frame'],
      ['Arrow Table', arrow.tableFromArrays({ x, y }), undefined, 'frame'],
      ['DataBuffers', arrays(train), undefined, 'array'],
      ['typed arrays', [x, y], undefined, 'array'],
      ['number[][]', Array.from({ length: 2000 }, (_, i) => [x[i]!, y[i]!]), undefined, 'array'],
    ];
    let ref: Float64Array | undefined;
    for (const [what, X, cols, kind] of kinds) {
      const km = await new gf.KMeans({ nClusters: 4, seed: 3 }).fit(X, cols);
      ref ??= km.clusterCenters;
      expect(km.clusterCenters, what).toEqual(ref);
      expect(km.featureNamesIn, what).toEqual(kind === 'frame' ? (what === 'Columns' ? ['x0', 'x1'] : ['x', 'y']) : null);
      const p = await km.predict(X, cols);
      const t = await km.transform(X, cols);
      if (kind === 'frame') {
        expect(p, what).toBeInstanceOf(gf.Column);
        expect((p as gf.Column).type).toBe('int32');
        expect((t as gf.DataFrame).names, what).toEqual(['kmeans0', 'kmeans1', 'kmeans2', 'kmeans3']);
        expect(await new gf.KMeans({ nClusters: 4, seed: 3 }).fitPredict(X, cols), what).toBeInstanceOf(gf.Column);
      } else {
        expect(p, what).toBeInstanceOf(gf.DataBuffer);
        expect(Array.isArray(t) && t.length === 4, what).toBe(true);
        expect(await new gf.KMeans({ nClusters: 4, seed: 3 }).fitPredict(X, cols), what).toBeInstanceOf(gf.DataBuffer);
      }
      expect([...(await values(p))], what).toEqual([...(await km.labels.toArray())]);
    }
    // Integer columns are read as float64.
    const ints = [Int32Array.from(x, (v) => Math.round(v * 100)), Int32Array.from(y, (v) => Math.round(v * 100))];
    const a = await new gf.KMeans({ nClusters: 4, seed: 3 }).fit(ints);
    const b = await new gf.KMeans({ nClusters: 4, seed: 3 }).fit(ints.map((c) => Float64Array.from(c)));
    expect(a.clusterCenters).toEqual(b.clusterCenters);
  });

  it('sampleWeight: a frame column by name (left out of the features), a vector; weighted score', async () => {
    const [x, y] = train.columns as [Float64Array, Float64Array];
    const w = Float64Array.from({ length: 2000 }, (_, i) => 1 + (i % 5));
    const df = new gf.DataFrame({ x, y, w });
    for (const backend of backends) {
      const byName = await gf.withBackendAsync(backend, () => new gf.KMeans({ nClusters: 4, seed: 3 }).fit(df, { sampleWeight: 'w' }));
      const byVec = await gf.withBackendAsync(backend, () => new gf.KMeans({ nClusters: 4, seed: 3 }).fit([x, y], { sampleWeight: w }));
      expect(byName.nFeaturesIn).toBe(2);
      expect(byName.clusterCenters).toEqual(byVec.clusterCenters);
      expect(byName.inertia).toBe(byVec.inertia);
      expect(await gf.withBackendAsync(backend, () => byVec.score([x, y], { sampleWeight: w }))).toBe(-byVec.inertia);
      const l = await byVec.labels.toArray();
      const c = byVec.clusterCenters;
      let s = 0;
      for (let i = 0; i < 2000; i++) s += ((x[i]! - c[l[i]! * 2]!) ** 2 + (y[i]! - c[l[i]! * 2 + 1]!) ** 2) * w[i]!;
      expect(Math.abs(s - byVec.inertia)).toBeLessThanOrEqual(1e-12 * s);
      const D = await gf.withBackendAsync(backend, () => byName.fitTransform(df, { sampleWeight: 'w' }));
      expect((D as gf.DataFrame).names).toEqual(['kmeans0', 'kmeans1', 'kmeans2', 'kmeans3']);
    }
  });

  it('d = 1, constant columns, 1e5 rows (CPU)', async () => {
    const one = await new gf.KMeans({ nClusters: 3, seed: 1 }).fit([Float64Array.from({ length: 300 }, (_, i) => i % 3)]);
    expect([...one.clusterCenters].sort()).toEqual([0, 1, 2]);
    expect(one.inertia).toBe(0);
    for (const backend of backends) {
      const flat = await gf.withBackendAsync(backend, () => new gf.KMeans({ nClusters: 2, seed: 0 }).fit([new Float64Array(50).fill(7), new Float64Array(50).fill(-1)]));
      // Every point on the first center; the second cluster stays empty (nothing to relocate:
      // every distance is 0) and keeps its k-means++ center, a data point (never 0, 0); no
      // center moves, so the first iteration converges: scikit-learn 1.2 gives the same
      // centers [[7, -1], [7, -1]] and n_iter_ 1.
      expect(flat.inertia).toBe(0);
      expect([...flat.clusterCenters]).toEqual([7, -1, 7, -1]);
      expect(flat.nIter).toBe(1);
    }
    const big = blobs(100_000, 3, 6, 5);
    const km = await gf.withBackendAsync('cpu', () => new gf.KMeans({ nClusters: 6, seed: 2, maxIter: 30 }).fit(big.columns));
    expect(await km.labels.toArray()).toEqual(nearest(big.columns, km.clusterCenters, 6));
  });
});

describe('KMeans: the estimator contract', () => {
  it('getParams / setParams / clone, and toJSON / fromJSON predicts the same', async () => {
    const km = new gf.KMeans({ nClusters: 4, seed: 3 });
    expect(km.getParams()).toEqual({ nClusters: 4, init: 'k-means++', nInit: 1, maxIter: 300, tol: 1e-4, seed: 3 });
    km.setParams({ maxIter: 50 });
    expect(km.maxIter).toBe(50);
    expect(km.clone().getParams()).toEqual(km.getParams());
    expect(km.clone().isFitted).toBe(false);
    await km.fit(arrays(train));
    const text = JSON.stringify(km);
    const back = gf.KMeans.fromJSON(text);
    expect(back.clusterCenters).toEqual(km.clusterCenters);
    expect(back.inertia).toBe(km.inertia);
    expect(back.nIter).toBe(km.nIter);
    for (const backend of backends) {
      const want = await (await gf.withBackendAsync(backend, () => km.predict(arrays(fresh)))).toArray();
      expect(await (await gf.withBackendAsync(backend, () => back.predict(arrays(fresh)))).toArray()).toEqual(want);
      expect(await gf.withBackendAsync(backend, () => back.score(arrays(train)))).toBe(-km.inertia);
    }
    expect(() => back.labels).toThrow(gf.NotFittedError);
    const init = new Float64Array([0, 0, 1, 1]);
    const explicit = gf.KMeans.fromJSON(JSON.stringify(new gf.KMeans({ nClusters: 2, init })));
    expect(explicit.init).toEqual(init);
    expect(explicit.isFitted).toBe(false);
    expect(() => gf.KMeans.fromJSON(JSON.stringify(new gf.PCA()))).toThrow(gf.ValueError);
  });

  it('throws typed errors naming the column or option', async () => {
    const [x, y] = train.columns as [Float64Array, Float64Array];
    const nan = y.slice();
    nan[1500] = NaN;
    const inf = y.slice();
    inf[3] = -Infinity;
    const valid = new Uint8Array(250).fill(255);
    valid[3] = 0b11011111;
    const km = await new gf.KMeans({ nClusters: 4, seed: 3 }).fit([x, y]);
    for (const backend of backends) {
      const on = <T>(f: () => Promise<T>) => gf.withBackendAsync(backend, f);
      await expect(on(() => new gf.KMeans({ nClusters: 2 }).fit(new gf.DataFrame({ x, y: gf.Column.from(y, valid) })))).rejects.toThrow(/expected no nulls in column 'y'/);
      await expect(on(() => new gf.KMeans({ nClusters: 2 }).fit(new gf.DataFrame({ x, bad: nan })))).rejects.toThrow(/finite values in column 'bad'/);
      await expect(on(() => new gf.KMeans({ nClusters: 2 }).fit([x, inf]))).rejects.toThrow(/finite values in column 'X\[1\]'/);
      await expect(on(() => km.predict([x, nan]))).rejects.toThrow(/column 'X\[1\]'/);
      await expect(on(() => km.transform([x, nan]))).rejects.toThrow(/column 'X\[1\]'/);
      await expect(on(() => km.score([x, nan]))).rejects.toThrow(/column 'X\[1\]'/);
      await expect(on(() => km.fit([x, y], { sampleWeight: new Float64Array(5) }))).rejects.toThrow(gf.ShapeError);
      await expect(on(() => km.fit([x, y], { sampleWeight: Float64Array.from(x, (_, i) => (i === 9 ? -1 : 1)) }))).rejects.toThrow(/sampleWeight >= 0/);
      await expect(on(() => km.fit([x, y], { sampleWeight: new Float64Array(2000) }))).rejects.toThrow(/some sampleWeight > 0/);
      await expect(on(() => km.fit([x, y], { sampleWeight: Float64Array.from(x, (_, i) => (i === 9 ? NaN : 1)) }))).rejects.toThrow(/finite values in column 'sampleWeight'/);
    }
    await expect(new gf.KMeans({ nClusters: 2 }).fit(new gf.DataFrame({ x: new Float64Array([1, 2, 3]), s: ['a', 'b', 'c'] }))).rejects.toThrow(/column 's'.*utf8/);
    await expect(new gf.KMeans({ nClusters: 4 }).fit([[1], [2], [3]])).rejects.toThrow(/at least nClusters = 4 samples, got 3/);
    await expect(new gf.KMeans({ nClusters: 2 }).fit([new Float64Array(3), new Float64Array(4)])).rejects.toThrow(gf.ShapeError);
    await expect(new gf.KMeans({ nClusters: 2 }).fit([])).rejects.toThrow(gf.ValueError);
    await expect(new gf.KMeans({ nClusters: 2, init: new Float64Array(3) }).fit([x])).rejects.toThrow(gf.ShapeError);
    await expect(new gf.KMeans().fit(new gf.DataFrame({ x }), ['nope'])).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(new gf.KMeans().fit([x], { weights: x } as never)).rejects.toThrow(/unknown option 'weights'/);
    for (const bad of [{ nClusters: 0 }, { nClusters: 2.5 }, { maxIter: 0 }, { tol: -1 }, { nInit: 0 }, { tol: NaN }, { init: 'random' as never }]) {
      expect(() => new gf.KMeans(bad), JSON.stringify(bad)).toThrow(gf.ValueError);
    }
    expect(() => new gf.KMeans({ n_clusters: 3 } as never)).toThrow(/did you mean 'nClusters'/);
    const unfitted = new gf.KMeans({ nClusters: 2 });
    expect(() => unfitted.clusterCenters).toThrow(gf.NotFittedError);
    await expect(unfitted.predict([x])).rejects.toThrow(gf.NotFittedError);
    await expect(unfitted.transform([x])).rejects.toThrow(gf.NotFittedError);
    await expect(km.predict([x])).rejects.toThrow(/expected X with 2 features/);
  });
});

describe.skipIf(!hasGpu())('KMeans on WebGPU: device-resident predict, transform, score; windows', () => {
  it('predict, transform and score download nothing', async () => {
    const km = await gf.withBackendAsync('webgpu', () => new gf.KMeans({ nClusters: 4, seed: 3 }).fit(arrays(train)));
    const cols = arrays(fresh);
    gf.resetStats();
    const p = await gf.withBackendAsync('webgpu', () => km.predict(cols));
    const t = await gf.withBackendAsync('webgpu', () => km.transform(cols));
    await gf.withBackendAsync('webgpu', () => km.score(cols));
    const s = gf.stats();
    expect(s.downloads).toBe(0);
    expect(s.uploads).toBe(2);
    expect(p.residency).toBe('device');
    expect(t[0]!.residency).toBe('device');
  });

  it('a weighted fit with relocation and transform give the same results under a small binding cap', async () => {
    const b = blobs(20_011, 3, 4, 25);
    const w = Float64Array.from({ length: 20_011 }, (_, i) => 1 + (i % 7));
    const init = new Float64Array([...[0, 1, 2, 3].flatMap((c) => b.columns.map((col) => col[c]!)), 500, 500, 500]);
    const go = async () => {
      const km = await gf.withBackendAsync('webgpu', () => new gf.KMeans({ nClusters: 5, init }).fit(b.columns, { sampleWeight: w }));
      const D = await gf.withBackendAsync('webgpu', () => km.transform(b.columns));
      return { c: km.clusterCenters, i: km.inertia, n: km.nIter, l: await km.labels.toArray(), d: await D[4]!.toArray() };
    };
    const full = await go();
    const cpu = await new gf.KMeans({ nClusters: 5, init }).fit(b.columns, { sampleWeight: w });
    expect(full.c).toEqual(cpu.clusterCenters);
    expect(full.l).toEqual(await cpu.labels.toArray());
    await gf.init({ maxBindingBytes: 65536 });
    try {
      expect(await go()).toEqual(full);
    } finally {
      await gf.init();
    }
  });
});
