// AgglomerativeClustering (ml/agglomerative.ts): scikit-learn 1.2 goldens (labels, children,
// distances, n_clusters_) for every linkage x metric x nClusters/distanceThreshold, both
// backends agreeing exactly, an independent naive oracle on random data, transfer counts,
// and typed errors for bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../helpers/parity.js';

type Linkage = 'single' | 'complete' | 'average';
interface Case {
  linkage: Linkage;
  metric: 'euclidean' | 'precomputed';
  nClusters: number | null;
  distanceThreshold: number | null;
  labels: number[];
  nClustersFound: number;
  children: number[];
  distances: number[];
}
interface Golden {
  n: number;
  d: number;
  points: number[];
  cases: Case[];
}
const golden = (name: string): Golden => JSON.parse(readFileSync(`test/fixtures/agglomerative/${name}.json`, 'utf8')) as Golden;

/** Feature columns of row-major points. */
const columns = (points: ArrayLike<number>, n: number, d: number) => Array.from({ length: d }, (_, j) => Float64Array.from({ length: n }, (_, i) => points[i * d + j]!));

/** The golden script's asymmetric manhattan matrix: |dx| + |dy| above the diagonal, 1.5 D + 3 below. */
function manhattanAsym(p: ArrayLike<number>, n: number): Float64Array {
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      D[i * n + j] = Math.abs(p[2 * i]! - p[2 * j]!) + Math.abs(p[2 * i + 1]! - p[2 * j + 1]!);
      D[j * n + i] = 1.5 * D[i * n + j]! + 3;
    }
  }
  return D;
}

/** Partition as a canonical labelling: clusters numbered by first appearance. */
function canonical(labels: ArrayLike<number>): number[] {
  const seen = new Map<number, number>();
  return Array.from(labels, (l) => {
    if (!seen.has(l)) seen.set(l, seen.size);
    return seen.get(l)!;
  });
}

interface Fit {
  labels: Int32Array;
  nClustersFound: number;
  children: Int32Array;
  distances: Float64Array | undefined;
}

async function fitOn(backend: gf.BackendName, opts: gf.AgglomerativeClusteringOptions, input: () => Parameters<gf.AgglomerativeClustering['fit']>[0]): Promise<Fit> {
  const ac = new gf.AgglomerativeClustering(opts);
  await gf.withBackendAsync(backend, () => ac.fit(input()));
  const fit = { labels: (await ac.labels.toArray()).slice(), nClustersFound: ac.nClustersFound, children: ac.children, distances: ac.distances };
  ac.dispose();
  return fit;
}

/** Fit on the CPU and, when present, on WebGPU: the two agree exactly. Returns the CPU fit. */
async function fitBoth(opts: gf.AgglomerativeClusteringOptions, input: () => Parameters<gf.AgglomerativeClustering['fit']>[0], what = ''): Promise<Fit> {
  const cpu = await fitOn('cpu', opts, input);
  if (hasGpu()) {
    const dev = await fitOn('webgpu', opts, input);
    expect(dev.labels, `${what} labels`).toEqual(cpu.labels);
    expect(dev.children, `${what} children`).toEqual(cpu.children);
    expect(dev.nClustersFound, `${what} nClustersFound`).toBe(cpu.nClustersFound);
    expect(dev.distances && Array.from(dev.distances), `${what} distances (bitwise)`).toEqual(cpu.distances && Array.from(cpu.distances));
  }
  return cpu;
}

describe('AgglomerativeClustering against scikit-learn 1.2 (golden fixtures)', () => {
  for (const name of ['blobs2d', 'blobs3d']) {
    const g = golden(name);
    for (const c of g.cases) {
      const mode = c.nClusters !== null ? `nClusters ${c.nClusters}` : `distanceThreshold ${c.distanceThreshold!.toFixed(3)}`;
      it(`${name}: ${c.linkage}, ${c.metric}, ${mode}`, async () => {
        const opts: gf.AgglomerativeClusteringOptions = { linkage: c.linkage, metric: c.metric, computeDistances: true, ...(c.nClusters !== null ? { nClusters: c.nClusters } : { distanceThreshold: c.distanceThreshold }) };
        const input = () => (c.metric === 'precomputed' ? { data: gf.array(manhattanAsym(g.points, g.n)), n: g.n } : columns(g.points, g.n, g.d).map((x) => gf.array(x)));
        const fit = await fitBoth(opts, input, `${name} ${c.linkage} ${c.metric}`);
        // The acceptance: the same partition (labels up to renumbering) ...
        expect(canonical(fit.labels)).toEqual(canonical(c.labels));
        // ... and in fact scikit-learn's numbering, tree and merge distances.
        expect(Array.from(fit.labels)).toEqual(c.labels);
        expect(fit.nClustersFound).toBe(c.nClustersFound);
        expect(Array.from(fit.children)).toEqual(c.children);
        const dist = fit.distances!;
        expect(dist.length).toBe(c.distances.length);
        c.distances.forEach((v, i) => expect(Math.abs(dist[i]! - v), `distances[${i}]`).toBeLessThanOrEqual(1e-12 * v));
      });
    }
  }

  it('takes a DistanceMatrix, in one band or many, and uses only its upper triangle', async () => {
    const g = golden('blobs2d');
    for (const c of g.cases.filter((k) => k.metric === 'precomputed' && k.nClusters !== null)) {
      const opts: gf.AgglomerativeClusteringOptions = { nClusters: c.nClusters, linkage: c.linkage, metric: 'precomputed' };
      const one = await fitBoth(opts, () => gf.DistanceMatrix.fromArray(manhattanAsym(g.points, g.n), g.n));
      expect(Array.from(one.labels)).toEqual(c.labels);
      const banded = await fitBoth(opts, () => gf.DistanceMatrix.fromArray(manhattanAsym(g.points, g.n), g.n).withBandRows(7));
      expect(Array.from(banded.labels)).toEqual(c.labels);
      // Half-size entries below the diagonal, symmetrised with 'max', give the upper triangle back: the same clusters.
      const halved = manhattanAsym(g.points, g.n);
      for (let i = 0; i < g.n; i++) for (let j = i + 1; j < g.n; j++) halved[j * g.n + i] = halved[i * g.n + j]! * 0.5;
      const sym = await fitBoth(opts, () => gf.DistanceMatrix.fromArray(halved, g.n).symmetrize('max'));
      expect(Array.from(sym.labels)).toEqual(c.labels);
    }
    const dead = gf.DistanceMatrix.fromArray(new Float64Array(4), 2);
    dead.dispose();
    await expect(new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'single', metric: 'precomputed' }).fit(dead)).rejects.toThrow(/disposed/);
  });

  it('distances are kept only with distanceThreshold or computeDistances (as distances_)', async () => {
    const x = gf.array(new Float64Array([0, 0.1, 5, 5.2, 9]));
    const a = await new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'average' }).fit([x]);
    expect(a.distances).toBeUndefined();
    expect(Array.from(await a.labels.toArray())).toEqual([1, 1, 0, 0, 0]);
    const b = await new gf.AgglomerativeClustering({ distanceThreshold: 1, linkage: 'single' }).fit([x]);
    expect(b.nClustersFound).toBe(3);
    expect(Array.from(await b.labels.toArray())).toEqual([1, 1, 0, 0, 2]);
    expect(Array.from(b.children)).toEqual([0, 1, 2, 3, 6, 4, 5, 7]);
    expect(b.distances!.length).toBe(4);
    expect(b.nLeaves).toBe(5);
  });
});

/** Naive agglomeration: recompute every cluster distance from the points each step. */
function naivePartition(D: (i: number, j: number) => number, n: number, linkage: Linkage, k: number): number[] {
  const clusters: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const between = (a: number[], b: number[]) => {
    const ds = a.flatMap((i) => b.map((j) => D(i, j)));
    return linkage === 'single' ? Math.min(...ds) : linkage === 'complete' ? Math.max(...ds) : ds.reduce((s, v) => s + v, 0) / ds.length;
  };
  while (clusters.length > k) {
    let best = [0, 1, Infinity];
    for (let a = 0; a < clusters.length; a++) for (let b = a + 1; b < clusters.length; b++) {
      const d = between(clusters[a]!, clusters[b]!);
      if (d < best[2]!) best = [a, b, d];
    }
    clusters[best[0]!] = clusters[best[0]!]!.concat(clusters[best[1]!]!);
    clusters.splice(best[1]!, 1);
  }
  const labels = new Array<number>(n);
  clusters.forEach((c, l) => c.forEach((i) => (labels[i] = l)));
  return canonical(labels);
}

describe('AgglomerativeClustering against a naive oracle', () => {
  it('gives the naive partition for every linkage, k and dimension on random data (n = 50)', async () => {
    for (const d of [1, 2, 4]) {
      const n = 50;
      const r = rng(d * 13);
      const pts = Float64Array.from({ length: n * d }, () => r() * 100);
      const dist = (i: number, j: number) => Math.sqrt(Array.from({ length: d }, (_, k) => (pts[i * d + k]! - pts[j * d + k]!) ** 2).reduce((s, v) => s + v, 0));
      for (const linkage of ['single', 'complete', 'average'] as const) {
        for (const k of [1, 2, 7, 49, 50]) {
          const fit = await fitBoth({ nClusters: k, linkage }, () => columns(pts, n, d).map((x) => gf.array(x)), `d=${d} ${linkage} k=${k}`);
          expect(canonical(fit.labels), `d=${d} ${linkage} k=${k}`).toEqual(naivePartition(dist, n, linkage, k));
        }
      }
    }
  });

  it('two points, a frame input and a float32 precomputed matrix', async () => {
    const two = await fitBoth({ nClusters: 2, linkage: 'complete' }, () => [gf.array(new Float64Array([1, 4]))]);
    expect(Array.from(two.labels)).toEqual([1, 0]);
    const df = new gf.DataFrame({ x: new Float64Array([0, 1, 10, 11]), y: new Float64Array([0, 0, 0, 0]) });
    const a = await new gf.AgglomerativeClustering({ nClusters: 2, linkage: 'single' }).fit(df, ['x', 'y']);
    expect(canonical(await a.labels.toArray())).toEqual([0, 0, 1, 1]);
    const D32 = new Float32Array([0, 1, 9, 1, 0, 8, 9, 8, 0]);
    const b = await fitBoth({ nClusters: 2, linkage: 'average', metric: 'precomputed' }, () => gf.array(D32));
    expect(canonical(b.labels)).toEqual([0, 0, 1]);
  });
});

describe.skipIf(!hasGpu())('AgglomerativeClustering transfers on WebGPU', () => {
  it('euclidean fit downloads the distance rows once, in one block, and reads only the flags as control', async () => {
    const n = 500;
    const r = rng(3);
    const cols = [0, 1].map(() => gf.array(Float64Array.from({ length: n }, () => r())));
    gf.resetStats();
    const ac = await gf.withBackendAsync('webgpu', () => new gf.AgglomerativeClustering({ nClusters: 3, linkage: 'average' }).fit(cols));
    const s = gf.stats();
    expect(s.uploads).toBe(2);
    expect(s.downloads).toBe(1);
    expect(s.controlReads).toBe(1);
    expect(ac.labels.residency).toBe('host');
  });
});

describe('AgglomerativeClustering bad input', () => {
  const x = () => [gf.array(new Float64Array([0, 1, 2]))];
  const make = (o: unknown) => () => new gf.AgglomerativeClustering(o as gf.AgglomerativeClusteringOptions);

  it('refuses bad options with a ValueError naming them', () => {
    expect(make({ linkage: 'single', nClusterz: 2 })).toThrow(gf.ValueError);
    expect(make({ linkage: 'single', nClusterz: 2 })).toThrow(/unknown option 'nClusterz'/);
    expect(make({ linkage: 'single', nClusters: 2, distanceThreshold: 1 })).toThrow(/exactly one of nClusters and distanceThreshold, got both/);
    expect(make({ linkage: 'single', nClusters: null })).toThrow(/exactly one of nClusters and distanceThreshold, got neither/);
    expect(make({ linkage: 'single', nClusters: null, distanceThreshold: null })).toThrow(/got neither/);
    expect(make({ nClusters: 2 })).toThrow(/expected linkage .*'ward' is not supported/);
    expect(make({ linkage: 'ward', nClusters: 2 })).toThrow(/got 'ward'/);
    expect(make({ linkage: 'single', metric: 'cosine' })).toThrow(/metric/);
    expect(make({ linkage: 'single', nClusters: 0 })).toThrow(/'nClusters' as an integer >= 1.*got 0/);
    expect(make({ linkage: 'single', nClusters: 2.5 })).toThrow(/nClusters/);
    expect(make({ linkage: 'single', distanceThreshold: -1 })).toThrow(/'distanceThreshold' as a number >= 0.*got -1/);
    expect(make({ linkage: 'single', distanceThreshold: NaN })).toThrow(/distanceThreshold/);
    expect(make({ linkage: 'single', computeDistances: 'yes' })).toThrow(/computeDistances/);
    expect(make(undefined)).toThrow(gf.ValueError);
    expect(() => new gf.AgglomerativeClustering({ linkage: 'single' }).labels).toThrow(/not fitted/);
  });

  for (const backend of ['cpu', 'webgpu'] as const) {
    it.skipIf(backend === 'webgpu' && !hasGpu())(`refuses bad data with typed errors (${backend})`, async () => {
      const on = (o: gf.AgglomerativeClusteringOptions, input: unknown) => gf.withBackendAsync(backend, () => new gf.AgglomerativeClustering(o).fit(input as gf.PrecomputedDistances));
      const single: gf.AgglomerativeClusteringOptions = { nClusters: 2, linkage: 'single' };
      const pre: gf.AgglomerativeClusteringOptions = { nClusters: 2, linkage: 'single', metric: 'precomputed' };
      await expect(on({ nClusters: 4, linkage: 'single' }, x())).rejects.toThrow(/nClusters <= samples, got nClusters 4 for 3 samples/);
      await expect(on(pre, { data: gf.array(new Float64Array(4)), n: 2 }).then((a) => a.nClustersFound)).resolves.toBe(2);
      await expect(on({ nClusters: 3, linkage: 'single', metric: 'precomputed' }, gf.array(new Float64Array(4)))).rejects.toThrow(/nClusters <= samples/);
      await expect(on(single, [gf.array(new Float64Array(0))])).rejects.toThrow(/at least 2 samples, got 0/);
      await expect(on(single, [gf.array(new Float64Array([1]))])).rejects.toThrow(/at least 2 samples, got 1/);
      await expect(on({ distanceThreshold: 1, linkage: 'single' }, [gf.array(new Float64Array([1]))])).rejects.toThrow(gf.ValueError);
      await expect(on(pre, gf.array(new Float64Array(0)))).rejects.toThrow(/at least 2 samples, got 0/);
      await expect(on(single, [gf.array(new Float64Array([0, NaN, 1]))])).rejects.toThrow(/finite values in column 'X\[0\]'/);
      await expect(on(single, [gf.array(new Float64Array([0, Infinity, 1]))])).rejects.toThrow(gf.ValueError);
      // Integer columns are read as float64 (ml/matrix-input.ts); strings are refused naming utf8.
      expect([...(await (await on(single, [gf.array(new Int32Array([0, 1, 9]))])).labels.toArray())]).toEqual([0, 0, 1]);
      await expect(on(single, new gf.DataFrame({ s: ['a', 'b', 'c'] }))).rejects.toThrow(/column 's'.*utf8/);
      await expect(on(pre, gf.array(new Float64Array(5)))).rejects.toThrow(gf.ShapeError);
      await expect(on(pre, { data: gf.array(new Float64Array(6)), rows: 2, cols: 3 })).rejects.toThrow(/square distance matrix, got 2 x 3/);
      await expect(on(pre, { data: gf.array(new Float64Array(5)), n: 2 })).rejects.toThrow(/2 \* 2 = 4 values/);
      // scikit-learn checks the whole matrix, lower triangle included.
      await expect(on(pre, gf.array(new Float64Array([0, 1, 2, NaN, 0, 1, 2, 1, 0])))).rejects.toThrow(/finite distances .* got NaN at row 1, column 0/);
      await expect(on(pre, gf.array(new Float64Array([0, Infinity, 1, 0])))).rejects.toThrow(/row 0, column 1/);
      await expect(on(pre, gf.array(new Int32Array(4)))).rejects.toThrow(gf.DTypeError);
      await expect(on(pre, [gf.array(new Float64Array(4))])).rejects.toThrow(/distance matrix/);
      await expect(on(pre, { data: new Float64Array(4), n: 2 })).rejects.toThrow(/DataBuffer/);
    });
  }
});

describe('AgglomerativeClustering on the estimator contract', () => {
  it('every X kind, fitPredict in the input kind, getParams/setParams/clone, toJSON keeps the options only', async () => {
    const x = new Float64Array([0, 0.1, 5, 5.2, 9]);
    const y = new Float64Array([1, 1, 2, 2, 3]);
    const opts: gf.AgglomerativeClusteringOptions = { nClusters: 2, linkage: 'average' };
    const want = [...(await (await new gf.AgglomerativeClustering(opts).fit([gf.array(x), gf.array(y)])).labels.toArray())];
    const df = new gf.DataFrame({ x, y });
    for (const [X, cols] of [[df, undefined], [df, ['x', 'y']], [{ frame: df, columns: ['x', 'y'] }, undefined], [[x, y], undefined], [Array.from(x, (v, i) => [v, y[i]!]), undefined]] as const) {
      const ac = await new gf.AgglomerativeClustering(opts).fit(X as never, cols as never);
      expect([...(await ac.labels.toArray())]).toEqual(want);
    }
    expect(await new gf.AgglomerativeClustering(opts).fitPredict(df)).toBeInstanceOf(gf.Column);
    expect(await new gf.AgglomerativeClustering(opts).fitPredict([x, y])).toBeInstanceOf(gf.DataBuffer);
    const ac = new gf.AgglomerativeClustering(opts);
    expect(ac.getParams()).toMatchObject({ nClusters: 2, distanceThreshold: null, linkage: 'average', metric: 'euclidean', computeDistances: false });
    expect(ac.clone().getParams()).toEqual(ac.getParams());
    ac.setParams({ nClusters: null, distanceThreshold: 1 });
    expect(ac.nClusters).toBe(null);
    expect(() => ac.setParams({ nClusters: 3 })).toThrow(/got both/);
    expect(ac.distanceThreshold).toBe(1);
    await ac.fit([x, y]);
    const j = ac.toJSON();
    expect(j.state).toBe(null);
    const back = gf.AgglomerativeClustering.fromJSON(JSON.stringify(ac));
    expect(back.getParams()).toEqual(ac.getParams());
    expect(back.isFitted).toBe(false);
    expect(() => back.labels).toThrow(gf.NotFittedError);
    expect(() => new gf.AgglomerativeClustering({ linkage: 'single', n_clusters: 2 } as never)).toThrow(/did you mean 'nClusters'/);
  });
});
