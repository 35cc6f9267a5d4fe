// DBSCAN (ml/dbscan.ts): scikit-learn 1.2 goldens (labels and core samples exactly), the two
// backends equal, edge cases and typed errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../helpers/parity.js';

interface Golden {
  metric: 'euclidean' | 'haversine' | 'precomputed';
  eps: number;
  minSamples: number;
  n: number;
  columns: number[][] | number[];
  labels: number[];
  coreSampleIndices: number[];
}
const golden = (name: string): Golden => JSON.parse(readFileSync(`test/fixtures/dbscan/${name}.json`, 'utf8')) as Golden;

type Input = gf.DataBuffer | gf.DataBuffer[];
const inputOf = (cols: Float64Array[] | Float64Array): Input => (Array.isArray(cols) ? cols.map((c) => gf.array(c)) : gf.array(cols));

async function fitOn(backend: gf.BackendName, cols: Float64Array[] | Float64Array, opts: gf.DBSCANOptions) {
  const db = new gf.DBSCAN(opts);
  await gf.withBackendAsync(backend, () => db.fit(inputOf(cols)));
  const out = { labels: Array.from(await db.labels.toArray()), core: Array.from(await db.coreSampleIndices.toArray()) };
  db.dispose();
  return out;
}

async function fitBoth(cols: Float64Array[] | Float64Array, opts: gf.DBSCANOptions) {
  const cpu = await fitOn('cpu', cols, opts);
  if (hasGpu()) {
    const dev = await fitOn('webgpu', cols, opts);
    expect(dev.labels).toEqual(cpu.labels);
    expect(dev.core).toEqual(cpu.core);
  }
  return cpu;
}

describe('DBSCAN', () => {
  for (const name of ['blobs-2d', 'blobs-2d-chains', 'blobs-3d', 'haversine', 'precomputed']) {
    it(`equals scikit-learn 1.2 on ${name} (labels, numbering, core samples)`, async () => {
      const g = golden(name);
      const cols = g.metric === 'precomputed' ? new Float64Array(g.columns as number[]) : (g.columns as number[][]).map((c) => new Float64Array(c));
      const got = await fitBoth(cols, { eps: g.eps, minSamples: g.minSamples, metric: g.metric });
      expect(got.labels).toEqual(g.labels);
      expect(got.core).toEqual(g.coreSampleIndices);
    });
  }

  it('empty input, one point, duplicates', async () => {
    expect(await fitBoth([new Float64Array(0), new Float64Array(0)], { eps: 1 })).toEqual({ labels: [], core: [] });
    expect(await fitBoth([new Float64Array([1]), new Float64Array([2])], { eps: 1, minSamples: 1 })).toEqual({ labels: [0], core: [0] });
    expect(await fitBoth([new Float64Array([1]), new Float64Array([2])], { eps: 1, minSamples: 2 })).toEqual({ labels: [-1], core: [] });
    const dup = await fitBoth([new Float64Array([3, 3, 3, 9]), new Float64Array([1, 1, 1, 9])], { eps: 1e-9, minSamples: 3 });
    expect(dup).toEqual({ labels: [0, 0, 0, -1], core: [0, 1, 2] });
  });

  it('border points take the first cluster that reaches them; eps is inclusive', async () => {
    // scikit-learn 1.2 (brute and kd_tree alike): 2.5 is exactly eps from core 1 (cluster 1)
    // and core 4 (cluster 0), and joins cluster 0, the first to reach it.
    const x = new Float64Array([4, 5, 2.5, 0, 1, 5.5, 0.5, 4.5, -0.5]);
    const got = await fitBoth([x, new Float64Array(9)], { eps: 1.5, minSamples: 4 });
    expect(got.labels).toEqual([0, 0, 0, 1, 1, 0, 1, 0, 1]);
    expect(got.core).toEqual([0, 1, 3, 4, 5, 6, 7, 8]);
  });

  /** Points in 20 squares (density as at 1e5 points in 6 x 6 squares, whatever n), eps 0.05. */
  function squares(n: number, seed: number): Float64Array[] {
    const r = rng(seed);
    const side = 6 * Math.sqrt(n / 100_000);
    const x = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(r() * 20);
      x[i] = (c % 5) * 10 + r() * side;
      y[i] = Math.floor(c / 5) * 10 + r() * side;
    }
    return [x, y];
  }

  it('1e5 points on the CPU; 2e4 points: the two backends agree exactly', async () => {
    const big = await fitOn('cpu', squares(100_000, 7), { eps: 0.05, minSamples: 5 });
    expect(big.labels.length).toBe(100_000);
    expect(new Set(big.labels).size).toBeGreaterThan(20);
    // SwiftShader runs the device half: 2e4 points keep it to seconds.
    const got = await fitBoth(squares(20_000, 8), { eps: 0.05, minSamples: 5 });
    expect(got.labels.length).toBe(20_000);
    expect(new Set(got.labels).size).toBeGreaterThan(20);
  }, 600_000);

  it('bad input gives typed errors naming the option', async () => {
    expect(() => new gf.DBSCAN({ eps: 0 })).toThrow(/eps/);
    expect(() => new gf.DBSCAN({ eps: -1 })).toThrow(gf.ValueError);
    expect(() => new gf.DBSCAN({ minSamples: 0 })).toThrow(/minSamples/);
    expect(() => new gf.DBSCAN({ metric: 'cosine' as 'euclidean' })).toThrow(/metric/);
    expect(() => new gf.DBSCAN({ epsilon: 1 } as gf.DBSCANOptions)).toThrow(/epsilon/);
    const pre = new gf.DBSCAN({ eps: 1, metric: 'precomputed' });
    await expect(pre.fit(gf.array(new Float64Array(6)))).rejects.toThrow(gf.ShapeError);
    await expect(pre.fit(gf.array(new Float64Array([0, NaN, NaN, 0])))).rejects.toThrow(/NaN/);
    await expect(pre.fit(gf.array(new Float64Array([0, -1, -1, 0])))).rejects.toThrow(/non-negative/);
    await expect(pre.fit(gf.array(new Float64Array([0, 0.5, 2, 0])))).rejects.toThrow(/symmetric/);
    await expect(new gf.DBSCAN({ eps: 1 }).fit([gf.array(new Float64Array([0, NaN]))])).rejects.toThrow(/finite/);
    expect(() => new gf.DBSCAN().labels).toThrow(/fitted/);
  });
});

describe('DBSCAN on the estimator contract', () => {
  it('every X kind, fitPredict in the input kind, getParams/setParams/clone, toJSON keeps the options only', async () => {
    const x = new Float64Array([0, 0.1, 0.2, 5, 5.1, 9]);
    const y = new Float64Array([0, 0, 0.1, 5, 5, 9]);
    const df = new gf.DataFrame({ x, y });
    for (const [X, cols] of [[df, undefined], [df, ['x', 'y']], [{ frame: df, columns: ['x', 'y'] }, undefined], [[x, y], undefined], [[gf.array(x), gf.array(y)], undefined], [Array.from(x, (v, i) => [v, y[i]!]), undefined]] as const) {
      const db = await new gf.DBSCAN({ eps: 0.5, minSamples: 2 }).fit(X as never, cols as never);
      expect([...(await db.labels.toArray())]).toEqual([0, 0, 0, 1, 1, -1]);
    }
    const col = await new gf.DBSCAN({ eps: 0.5, minSamples: 2 }).fitPredict(df);
    expect(col).toBeInstanceOf(gf.Column);
    expect([...(await (col as gf.Column).data.toArray())]).toEqual([0, 0, 0, 1, 1, -1]);
    expect(await new gf.DBSCAN({ eps: 0.5, minSamples: 2 }).fitPredict([x, y])).toBeInstanceOf(gf.DataBuffer);
    const ints = await new gf.DBSCAN({ eps: 1.5, minSamples: 2 }).fit([new Int32Array([0, 1, 5, 6, 20])]);
    expect([...(await ints.labels.toArray())]).toEqual([0, 0, 1, 1, -1]);
    const db = new gf.DBSCAN({ eps: 0.5 });
    expect(db.getParams()).toEqual({ eps: 0.5, minSamples: 5, metric: 'euclidean' });
    db.setParams({ minSamples: 2 });
    expect(db.clone().getParams()).toEqual({ eps: 0.5, minSamples: 2, metric: 'euclidean' });
    await db.fit([x, y]);
    expect(db.toJSON().state).toBe(null);
    const back = gf.DBSCAN.fromJSON(JSON.stringify(db));
    expect(back.getParams()).toEqual(db.getParams());
    expect(back.isFitted).toBe(false);
    expect(() => back.labels).toThrow(gf.NotFittedError);
    expect(() => new gf.DBSCAN({ min_samples: 2 } as never)).toThrow(/did you mean 'minSamples'/);
    await expect(new gf.DBSCAN().fit(new gf.DataFrame({ s: ['a', 'b'] }))).rejects.toThrow(/column 's'.*utf8/);
  });
});
