// KMeans (ml/kmeans.ts): scikit-learn goldens, parity of the two backends (labels and
// iteration counts exactly, centers and inertia bit for bit), an independent plain-JS Lloyd
// oracle, predict/score, transfer counts, and typed errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../helpers/parity.js';
import { blobs } from '../kernels/kmeans/blobs.js';
import { lloydOracle, nearest } from './kmeans-oracle.js';

interface Golden {
  n: number;
  d: number;
  k: number;
  columns: number[][];
  init: number[];
  clusterCenters: number[];
  labels: number[];
  inertia: number;
  nIter: number;
  bestOf10Inertia: number;
}
const golden = (name: string): Golden => JSON.parse(readFileSync(`test/fixtures/kmeans/${name}.json`, 'utf8')) as Golden;

interface Fit {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
}

async function fitOn(backend: gf.BackendName, cols: ReadonlyArray<Float64Array | Float32Array>, opts: gf.KMeansOptions): Promise<Fit> {
  const km = new gf.KMeans(opts);
  await gf.withBackendAsync(backend, () => km.fit(cols.map((c) => gf.array(c))));
  const fit = { centers: km.clusterCenters, labels: (await km.labels.toArray()).slice(), inertia: km.inertia, nIter: km.nIter };
  km.dispose();
  return fit;
}

/** Fit on the CPU and, when present, on WebGPU; the two must agree exactly. Returns the CPU fit. */
async function fitBoth(cols: ReadonlyArray<Float64Array | Float32Array>, opts: gf.KMeansOptions, what = ''): Promise<Fit> {
  const cpu = await fitOn('cpu', cols, opts);
  if (hasGpu()) {
    const dev = await fitOn('webgpu', cols, opts);
    expect(dev.nIter, `${what} nIter`).toBe(cpu.nIter);
    expect(dev.labels, `${what} labels`).toEqual(cpu.labels);
    expect(Array.from(dev.centers), `${what} centers (bitwise)`).toEqual(Array.from(cpu.centers));
    expect(Object.is(dev.inertia, cpu.inertia), `${what} inertia ${dev.inertia} vs ${cpu.inertia}`).toBe(true);
  }
  return cpu;
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!), `${what}[${i}]: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
};

describe('KMeans against scikit-learn 1.2 (golden fixtures)', () => {
  for (const name of ['iris', 'blobs']) {
    it(`${name}: explicit init gives sklearn's centers (1e-9), labels, inertia and nIter`, async () => {
      const g = golden(name);
      const cols = g.columns.map((c) => new Float64Array(c));
      const fit = await fitBoth(cols, { nClusters: g.k, init: new Float64Array(g.init) }, name);
      close(fit.centers, g.clusterCenters, 1e-9, `${name} centers`);
      expect(Array.from(fit.labels)).toEqual(g.labels);
      expect(Math.abs(fit.inertia - g.inertia)).toBeLessThanOrEqual(1e-9 * g.inertia);
      expect(fit.nIter).toBe(g.nIter);
    });

    it(`${name}: seeded k-means++ comes within 1% of sklearn's best-of-10 inertia`, async () => {
      const g = golden(name);
      const cols = g.columns.map((c) => new Float64Array(c));
      // Iris: every single seeding; the blobs have poor local optima, so best of 10 as sklearn.
      const nInit = name === 'iris' ? 1 : 10;
      for (const seed of name === 'iris' ? [0, 1, 2] : [0]) {
        const fit = await fitBoth(cols, { nClusters: g.k, seed, nInit }, `${name} seed ${seed}`);
        expect(fit.inertia, `seed ${seed}`).toBeLessThanOrEqual(g.bestOf10Inertia * 1.01);
      }
    });
  }
});

describe('KMeans parity and the plain-JS Lloyd oracle', () => {
  it('n = 1 and n = 257 with k in {1, 3, 8, 33}, d in {1, 2, 5}', async () => {
    for (const [n, ks] of [[1, [1]], [257, [1, 3, 8, 33]]] as const) {
      for (const k of ks) {
        for (const d of [1, 2, 5]) {
          const b = blobs(n, d, Math.min(k, 5), 7 * n + k + d);
          const what = `n=${n} k=${k} d=${d}`;
          await fitBoth(b.columns, { nClusters: k, seed: k + d }, `${what} k-means++`);
          // Explicit init (the first k rows): the oracle must agree.
          const init = new Float64Array(k * d);
          for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) init[c * d + j] = b.columns[j]![c]!;
          const fit = await fitBoth(b.columns, { nClusters: k, init }, `${what} explicit`);
          const o = lloydOracle(b.columns, init, k, 300, 1e-4);
          expect(fit.labels, what).toEqual(o.labels);
          expect(fit.nIter, what).toBe(o.nIter);
          close(fit.centers, o.centers, 1e-9, `${what} centers`);
          expect(Math.abs(fit.inertia - o.inertia)).toBeLessThanOrEqual(1e-9 * Math.max(1, o.inertia));
        }
      }
    }
  });

  it('n = 2e4, k = 8, d = 2: k-means++ then Lloyd; the fit is a fixed point of the oracle', { timeout: 400_000 }, async () => {
    const b = blobs(20_000, 2, 8, 21);
    // tol 0: Lloyd runs until the labels stop changing, so the fit is an exact fixed point.
    const fit = await fitBoth(b.columns, { nClusters: 8, seed: 0, tol: 0 }, '2e4 k=8');
    expect(new Set(fit.labels).size).toBe(8);
    // Labels are the nearest fitted centers, and the centers are the means of their points.
    expect(fit.labels).toEqual(nearest(b.columns, fit.centers, 8));
    const o = lloydOracle(b.columns, fit.centers, 8, 300, 1e-4);
    expect(o.nIter).toBe(1);
    close(o.centers, fit.centers, 1e-9, '2e4 centers');
    expect(Math.abs(o.inertia - fit.inertia)).toBeLessThanOrEqual(1e-9 * fit.inertia);
  });

  it('k = 33 (two 32-cluster chunks on the device) and nInit = 3 keeps the seeding of least inertia', { timeout: 300_000 }, async () => {
    const b = blobs(4099, 2, 12, 23, { std: 3 });
    const init = new Float64Array(66);
    for (let c = 0; c < 33; c++) for (let j = 0; j < 2; j++) init[c * 2 + j] = b.columns[j]![c]!;
    const fit = await fitBoth(b.columns, { nClusters: 33, init, maxIter: 40 }, 'k=33');
    const o = lloydOracle(b.columns, init, 33, 40, 1e-4);
    expect(fit.labels).toEqual(o.labels);
    expect(fit.nIter).toBe(o.nIter);
    await fitBoth(b.columns, { nClusters: 33, seed: 5, maxIter: 10 }, 'k=33 k-means++');
    const multi = await fitBoth(b.columns, { nClusters: 6, seed: 9, nInit: 3 }, 'nInit=3');
    const single = await fitBoth(b.columns, { nClusters: 6, seed: 9, nInit: 1 }, 'nInit=1');
    expect(multi.inertia).toBeLessThanOrEqual(single.inertia);
  });

  it('float32 columns give exactly the fit of their float64 widening', async () => {
    const b = blobs(3000, 3, 4, 24);
    const f32 = b.columns.map((c) => Float32Array.from(c));
    const a = await fitBoth(f32, { nClusters: 4, seed: 1 }, 'float32');
    const w = await fitBoth(f32.map((c) => Float64Array.from(c)), { nClusters: 4, seed: 1 }, 'widened');
    expect(a).toEqual(w);
  });

  it.skipIf(!hasGpu())('gives the same fit when the binding cap forces windows', async () => {
    const b = blobs(20_011, 3, 5, 25);
    const full = await fitOn('webgpu', b.columns, { nClusters: 5, seed: 2 });
    await gf.init({ maxBindingBytes: 65536 });
    try {
      const small = await fitOn('webgpu', b.columns, { nClusters: 5, seed: 2 });
      expect(small).toEqual(full);
    } finally {
      await gf.init();
    }
  });
});

describe('KMeans predict, score and inputs', () => {
  it('runs the TSDoc example', async () => {
    const x = gf.array(new Float64Array([0, 0.1, 5, 5.1]));
    const y = gf.array(new Float64Array([0, 0.2, 5, 5.2]));
    const km = new gf.KMeans({ nClusters: 2, seed: 0 });
    await km.fit([x, y]);
    const labels = await km.predict([x, y]).toArray();
    expect(labels[0]).toBe(labels[1]);
    expect(labels[2]).toBe(labels[3]);
    expect(labels[0]).not.toBe(labels[2]);
    expect(km.inertia).toBeCloseTo(0.05, 12);
    expect(await km.score([x, y])).toBe(-km.inertia);
    expect((await (await new gf.KMeans({ nClusters: 2 }).fitPredict([x, y])).toArray()).length).toBe(4);
  });

  const train = blobs(2000, 2, 4, 31);
  const fresh = blobs(777, 2, 4, 32);

  it('predict gives each point its nearest fitted center (ties to the lowest index), on both backends', async () => {
    for (const backend of hasGpu() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
      const km = new gf.KMeans({ nClusters: 4, seed: 3 });
      await gf.withBackendAsync(backend, () => km.fit(train.columns.map((c) => gf.array(c))));
      const labels = gf.withBackend(backend, () => km.predict(fresh.columns.map((c) => gf.array(c))));
      expect(await labels.toArray()).toEqual(nearest(fresh.columns, km.clusterCenters, 4));
      const again = gf.withBackend(backend, () => km.predict(train.columns.map((c) => gf.array(c))));
      expect(await again.toArray()).toEqual(await km.labels.toArray());
      // Predict on the other backend from the same fit.
      const other = backend === 'cpu' ? 'webgpu' : 'cpu';
      if (hasGpu()) expect(await gf.withBackend(other, () => km.predict(fresh.columns.map((c) => gf.array(c)))).toArray()).toEqual(await labels.toArray());
      const empty = gf.withBackend(backend, () => km.predict([gf.array(new Float64Array(0)), gf.array(new Float64Array(0))]));
      expect((await empty.toArray()).length).toBe(0);
      const s = await gf.withBackendAsync(backend, () => km.score(train.columns.map((c) => gf.array(c))));
      expect(Object.is(s, -km.inertia)).toBe(true);
      km.dispose();
    }
  });

  it('takes { frame, columns } and names a column with nulls or NaN in its ValueError', async () => {
    const x = train.columns[0]!;
    const y = train.columns[1]!;
    const df = new gf.DataFrame({ x, y, s: ['a', 'b'].concat(Array(1998).fill('c')) });
    const km = await new gf.KMeans({ nClusters: 4, seed: 3 }).fit({ frame: df, columns: ['x', 'y'] });
    const direct = await new gf.KMeans({ nClusters: 4, seed: 3 }).fit([gf.array(x), gf.array(y)]);
    expect(km.clusterCenters).toEqual(direct.clusterCenters);
    const valid = new Uint8Array(250).fill(255);
    valid[3] = 0b11011111;
    const withNull = new gf.DataFrame({ x, y: gf.Column.from(y, valid) });
    for (const backend of hasGpu() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
      await expect(gf.withBackendAsync(backend, () => new gf.KMeans({ nClusters: 2 }).fit({ frame: withNull, columns: ['x', 'y'] }))).rejects.toThrow(/expected no nulls in column 'y'/);
      const nan = y.slice();
      nan[1500] = NaN;
      const err = gf.withBackendAsync(backend, () => new gf.KMeans({ nClusters: 2 }).fit([gf.array(x), gf.array(nan)]));
      await expect(err).rejects.toThrow(gf.ValueError);
      await expect(gf.withBackendAsync(backend, () => new gf.KMeans({ nClusters: 2 }).fit({ frame: new gf.DataFrame({ x, bad: nan }), columns: ['x', 'bad'] }))).rejects.toThrow(/finite values in column 'bad'/);
      await expect(gf.withBackendAsync(backend, () => km.score([gf.array(x), gf.array(nan)]))).rejects.toThrow(/column 'X\[1\]'/);
      expect(() => gf.withBackend(backend, () => km.predict([gf.array(x), gf.array(nan)]))).toThrow(/column 'X\[1\]'/);
    }
    await expect(new gf.KMeans().fit({ frame: df, columns: ['nope'] })).rejects.toThrow(gf.ColumnNotFoundError);
  });

  it.skipIf(!hasGpu())('predict on device-only columns marks rows with NaN as -1 instead of reading them back', async () => {
    const km = await gf.withBackendAsync('webgpu', () => new gf.KMeans({ nClusters: 4, seed: 3 }).fit(train.columns.map((c) => gf.array(c))));
    const x = gf.array(new Float64Array([0, NaN, 1]));
    const onDevice = gf.withBackend('webgpu', () => gf.kernels.mapBinary(x, gf.array(new Float64Array([0, 0, 0])), 'max'));
    const labels = gf.withBackend('webgpu', () => km.predict([onDevice, onDevice]));
    const l = await labels.toArray();
    expect(l[1]).toBe(-1);
    expect(l[0]).toBeGreaterThanOrEqual(0);
  });

  it('throws typed errors for bad options, shapes and dtypes', async () => {
    const x = gf.array(new Float64Array([1, 2, 3]));
    await expect(new gf.KMeans({ nClusters: 4 }).fit([x])).rejects.toThrow(/at least nClusters = 4 samples, got 3/);
    await expect(new gf.KMeans({ nClusters: 1 }).fit([gf.array(new Float64Array(0))])).rejects.toThrow(gf.ValueError);
    await expect(new gf.KMeans({ nClusters: 2 }).fit([x, gf.array(new Float64Array(4))])).rejects.toThrow(gf.ShapeError);
    await expect(new gf.KMeans({ nClusters: 2 }).fit([x, gf.array(new Int32Array(3))])).rejects.toThrow(gf.DTypeError);
    await expect(new gf.KMeans({ nClusters: 2 }).fit([])).rejects.toThrow(gf.ValueError);
    await expect(new gf.KMeans({ nClusters: 2, init: new Float64Array(3) }).fit([x])).rejects.toThrow(gf.ShapeError);
    for (const bad of [{ nClusters: 0 }, { nClusters: 2.5 }, { maxIter: 0 }, { tol: -1 }, { nInit: 0 }, { tol: NaN }, { init: 'random' as never }]) {
      expect(() => new gf.KMeans(bad), JSON.stringify(bad)).toThrow(gf.ValueError);
    }
    const km = new gf.KMeans({ nClusters: 2 });
    expect(() => km.clusterCenters).toThrow(/not fitted/);
    expect(() => km.predict([x])).toThrow(gf.ValueError);
    await km.fit([x]);
    expect(() => km.predict([x, x])).toThrow(/expected 1 features/);
    expect(km.nFeaturesIn).toBe(1);
  });
});

describe.skipIf(!hasGpu())('KMeans transfers on WebGPU', () => {
  it('fit uploads each column once, downloads nothing and reads only control values', async () => {
    const b = blobs(20_000, 3, 5, 41);
    const cols = b.columns.map((c) => gf.array(c));
    gf.resetStats();
    const km = await gf.withBackendAsync('webgpu', () => new gf.KMeans({ nClusters: 5, seed: 0 }).fit(cols));
    const s = gf.stats();
    expect(s.uploads).toBe(3);
    expect(s.uploadBytes).toBe(3 * 20_000 * 8);
    expect(s.downloads).toBe(0);
    expect(s.controlReads).toBeGreaterThanOrEqual(km.nIter + 3);
    // Flags (3 words), means and variances, a 4-word control per iteration, inertia, centers.
    expect(s.controlReadBytes).toBe(3 * 4 + 6 * 8 + km.nIter * 32 + 8 + 15 * 8);
    expect(km.labels.residency).toBe('device');
    // A second fit on the same buffers uploads nothing.
    gf.resetStats();
    await gf.withBackendAsync('webgpu', () => km.fit(cols));
    expect(gf.stats().uploads).toBe(0);
    await km.labels.toArray();
    expect(gf.stats().downloads).toBe(1);
  });
});

describe('KMeans on a DataFrame, scikit-learn style', () => {
  it('fit(frame, columns) equals fit({ frame, columns }) and predict/score take the same form', async () => {
    const r = rng(77);
    const n = 600;
    const x = new Float64Array(n).map((_, i) => (i % 3) * 10 + r());
    const y = new Float64Array(n).map((_, i) => (i % 3) * -5 + r());
    const df = new gf.DataFrame({ x, y });
    const a = await new gf.KMeans({ nClusters: 3, seed: 1 }).fit(df, ['x', 'y']);
    const b = await new gf.KMeans({ nClusters: 3, seed: 1 }).fit({ frame: df, columns: ['x', 'y'] });
    expect([...a.clusterCenters]).toEqual([...b.clusterCenters]);
    expect([...(await a.predict(df, ['x', 'y']).toArray())]).toEqual([...(await b.labels.toArray())]);
    expect(await a.score(df, ['x', 'y'])).toBe(-a.inertia);
    await expect(new gf.KMeans({ nClusters: 2 }).fit([gf.array(x)] as never, ['x'])).rejects.toThrow(/expected a DataFrame with a column list/);
  });
});
