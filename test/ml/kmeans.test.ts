// KMeans (ml/kmeans.ts): scikit-learn 1.2 goldens (test/fixtures/ml/KMeans.json: iris with
// init = the first k rows, weighted, k = 5, an empty cluster; test/fixtures/kmeans/), parity
// of the two backends (labels and iteration counts exactly, centers and inertia bit for bit),
// an independent plain-JS Lloyd oracle (weights and relocation included), and transfer
// counts. The estimator contract (inputs, outputs, JSON, errors) is in kmeans-api.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';
import { blobs } from '../kernels/kmeans/blobs.js';
import { lloydOracle, nearest } from './kmeans-oracle.js';
import { loadDataset, loadGolden } from '../helpers/ml-data.js';

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

async function fitOn(backend: gf.BackendName, cols: ReadonlyArray<Float64Array | Float32Array>, opts: gf.KMeansOptions, weights?: Float64Array): Promise<Fit> {
  const km = new gf.KMeans(opts);
  await gf.withBackendAsync(backend, () => km.fit(cols.map((c) => gf.array(c)), weights ? { sampleWeight: weights } : undefined));
  const fit = { centers: km.clusterCenters, labels: (await km.labels.toArray()).slice(), inertia: km.inertia, nIter: km.nIter };
  km.dispose();
  return fit;
}

/** Fit on the CPU and, when present, on WebGPU; the two must agree exactly. Returns the CPU fit. */
async function fitBoth(cols: ReadonlyArray<Float64Array | Float32Array>, opts: gf.KMeansOptions, what = '', weights?: Float64Array): Promise<Fit> {
  const cpu = await fitOn('cpu', cols, opts, weights);
  if (hasGpu()) {
    const dev = await fitOn('webgpu', cols, opts, weights);
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

interface SkCase {
  id: string;
  init: number[][];
  sampleWeight: string | null;
  fitted: { cluster_centers_: number[][]; labels_: number[]; inertia_: number; n_iter_: number };
  rows: number[];
  transform: number[][];
}

describe('KMeans against scikit-learn 1.2 (test/fixtures/ml/KMeans.json)', () => {
  const iris = loadDataset('iris');
  for (const c of loadGolden<SkCase>('KMeans').cases) {
    it(`${c.id}: labels identical, centers and inertia within 1e-10, nIter equal, transform`, async () => {
      const k = c.init.length;
      const w = c.sampleWeight === null ? undefined : Float64Array.from({ length: iris.n }, (_, i) => 1 + (i % 3));
      const fit = await fitBoth(iris.X, { nClusters: k, init: new Float64Array(c.init.flat()) }, c.id, w);
      expect(Array.from(fit.labels)).toEqual(c.fitted.labels_);
      close(fit.centers, c.fitted.cluster_centers_.flat(), 1e-10, `${c.id} centers`);
      expect(Math.abs(fit.inertia - c.fitted.inertia_)).toBeLessThanOrEqual(1e-10 * c.fitted.inertia_);
      expect(fit.nIter).toBe(c.fitted.n_iter_);
      // The oracle (scikit-learn's loop in plain JS) agrees too.
      const o = lloydOracle(iris.X, new Float64Array(c.init.flat()), k, 300, 1e-4, w);
      expect(Array.from(o.labels)).toEqual(c.fitted.labels_);
      expect(o.nIter).toBe(c.fitted.n_iter_);
      // transform: distances of the golden rows to the centers.
      const km = await new gf.KMeans({ nClusters: k, init: new Float64Array(c.init.flat()) }).fit(iris.X, w ? { sampleWeight: w } : undefined);
      const Q = iris.X.map((col) => Float64Array.from(c.rows, (i) => col[i]!));
      for (const backend of hasGpu() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
        const D = await gf.withBackendAsync(backend, () => km.transform(Q));
        expect(D.length).toBe(k);
        for (let cl = 0; cl < k; cl++) close((await D[cl]!.toArray()) as Float64Array, c.rows.map((_, r) => c.transform[r]![cl]!), 1e-10, `${c.id} transform[${cl}] on ${backend}`);
      }
      expect(await km.score(iris.X, w ? { sampleWeight: w } : undefined)).toBe(-km.inertia);
    });
  }
});

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

  it('sampleWeight (zeros included) and three clusters empty at once: both backends and the oracle agree', async () => {
    const b = blobs(3001, 2, 3, 26);
    const w = Float64Array.from({ length: 3001 }, (_, i) => (i % 4 === 0 ? 0 : 1 + (i % 3) * 0.25));
    const init = new Float64Array([b.columns[0]![0]!, b.columns[1]![0]!, b.columns[0]![1]!, b.columns[1]![1]!, 1e3, 1e3, 2e3, 2e3, 3e3, -3e3]);
    for (const weights of [undefined, w]) {
      const what = weights ? 'weighted' : 'unweighted';
      const fit = await fitBoth(b.columns, { nClusters: 5, init }, `three empty ${what}`, weights);
      const o = lloydOracle(b.columns, init, 5, 300, 1e-4, weights);
      expect(fit.labels, what).toEqual(o.labels);
      expect(fit.nIter, what).toBe(o.nIter);
      close(fit.centers, o.centers, 1e-9, `${what} centers`);
      expect(Math.abs(fit.inertia - o.inertia)).toBeLessThanOrEqual(1e-9 * o.inertia);
      expect(new Set(fit.labels).size, what).toBe(5);
    }
    // Integer weights equal repeated rows: weight 2 on every row is the unweighted fit, inertia doubled.
    const twice = await fitBoth(b.columns, { nClusters: 3, seed: 4 }, 'twice', new Float64Array(3001).fill(2));
    const once = await fitBoth(b.columns, { nClusters: 3, seed: 4 }, 'once');
    expect(twice.labels).toEqual(once.labels);
    expect(twice.centers).toEqual(once.centers);
    expect(twice.inertia).toBe(2 * once.inertia);
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
    // Flags (3 words), means and variances, a 4-word control per iteration, inertia, centers,
    // and the cluster sizes (5 words: the distinct-clusters check).
    expect(s.controlReadBytes).toBe(3 * 4 + 6 * 8 + km.nIter * 32 + 8 + 15 * 8 + 5 * 4);
    expect(km.labels.residency).toBe('device');
    // A second fit on the same buffers uploads nothing.
    gf.resetStats();
    await gf.withBackendAsync('webgpu', () => km.fit(cols));
    expect(gf.stats().uploads).toBe(0);
    await km.labels.toArray();
    expect(gf.stats().downloads).toBe(1);
  });
});
